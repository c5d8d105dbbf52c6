from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.tools import server_marked

from ..report.crm_expense_budget_report import SUMMARY_CONTEXT
from .common import ExpenseCommon

MONEY = ("budget", "committed", "actual", "remaining", "expense_count")
PIVOT_MEASURES = [*(f"{name}:sum" for name in MONEY), "used_percent:avg", "__count"]


@tagged("post_install", "-at_install")
class TestBudgetSummary(ExpenseCommon):
    """The stored summary per deal and stage never disagrees with the live aggregation of
    the expenses and budget lines, whatever changes them."""

    def _stored(self):
        """The summary as the report reads it: pending deals computed again first."""
        Summary = self.env["crm.expense.budget.summary"]
        Summary._refresh_pending()
        return {
            (row.lead_id.id, row.stage_id.id): (
                round(row.budget, 2),
                round(row.committed, 2),
                round(row.actual, 2),
                row.expense_count,
                row.source_count,
            )
            for row in Summary.search([])
        }

    def _live(self):
        """The same figures aggregated from the sources (the report without the summary)."""
        Report = server_marked(self.env["crm.expense.budget.report"], SUMMARY_CONTEXT, False)
        groups = Report._read_group(
            [],
            ["lead_id", "stage_id"],
            ["budget:sum", "committed:sum", "actual:sum", "expense_count:sum", "__count"],
        )
        return {
            (lead.id, stage.id): (round(budget, 2), round(committed, 2), round(actual, 2), n, c)
            for lead, stage, budget, committed, actual, n, c in groups
        }

    def assertSummaryExact(self):
        live = self._live()
        self.assertEqual(self._stored(), live)
        return live

    def test_summary_follows_every_change(self):
        # a second deal of the same salesperson
        lead2 = self.lead.copy({"name": "Second press line", "stage_id": self.stage_new.id})
        line = self._budget(5000, stage=self.stage_trial, product=self.travel)
        self._budget(3000)
        visit = self._expense(1000, date="2026-01-20", name="Visit")
        dinner = self._expense(800, date="2026-02-15", product=self.meal, name="Dinner")
        trial = self._expense(2500, date="2026-02-16", name="Trial")
        self.assertSummaryExact()  # drafts count nothing, budgets do
        # submit, approve, post: the states are computed and written at flush
        sheet = self._submit(visit | dinner)
        live = self.assertSummaryExact()
        self.assertEqual(live[self.lead.id, self.stage_trial.id][1], 800)
        self._post(self._approve(sheet))
        live = self.assertSummaryExact()
        self.assertEqual(live[self.lead.id, self.stage_new.id][2], 1000)
        # refusal
        refused = self._submit(trial)
        self.assertSummaryExact()
        refused.with_user(self.approver)._do_refuse("Not for this deal")
        self.assertSummaryExact()
        # amount, date (another stage from the history), deal, category of a pending expense
        pending = self._expense(400, date="2026-02-20", name="Samples")
        self._submit(pending)
        pending = pending.sudo()  # changed by the system (the employee may not, once submitted)
        pending.total_amount_currency = 650
        self.assertSummaryExact()
        pending.date = "2026-01-10"
        self.assertEqual(pending.lead_stage_id, self.stage_new)
        self.assertSummaryExact()
        pending.lead_id = lead2
        live = self.assertSummaryExact()
        self.assertIn((lead2.id, self.stage_new.id), live)
        pending.product_id = self.meal
        self.assertSummaryExact()
        # the deal's stage history: the stage of the expenses follows, so does the summary
        with freeze_time("2026-02-25 09:00:00"):
            lead2.stage_id = self.stage_proposal
        demo = self._expense(300, date="2026-03-01", lead=lead2, name="Demo")
        self._submit(demo)
        self.assertSummaryExact()
        with freeze_time("2026-03-05 09:00:00"):
            lead2.stage_id = self.stage_trial
        lead2.stage_history_ids.filtered(
            lambda row: row.stage_id == self.stage_trial
        ).date_in = "2026-02-28 09:00:00"
        self.assertEqual(demo.lead_stage_id, self.stage_trial)
        self.assertSummaryExact()
        # budget lines: amount, stage, deal, deletion
        line.amount = 6000
        self.assertSummaryExact()
        line.stage_id = self.stage_proposal
        self.assertSummaryExact()
        line.lead_id = lead2
        self.assertSummaryExact()
        line.unlink()
        self.assertSummaryExact()
        # an expense deleted, a deal deleted
        taxi = self._expense(90, name="Taxi")
        self._submit(taxi).sudo().action_reset_expense_sheets()
        self.assertSummaryExact()
        taxi.sudo().unlink()
        self.assertSummaryExact()
        lead2.unlink()
        self.assertSummaryExact()

    def test_summary_per_company(self):
        other_company = self.env["res.company"].create({"name": "Press Maker Shanghai"})
        lead = self.env["crm.lead"].create(
            {"name": "Shanghai deal", "type": "opportunity", "company_id": other_company.id}
        )
        self.env["crm.lead.expense.budget"].create({"lead_id": lead.id, "amount": 900})
        self._budget(100)
        self.assertSummaryExact()
        manager = self._manager_of_company(self.company, "exp_summary_manager_a")
        Report = self.env["crm.expense.budget.report"].with_user(manager)
        both = [("lead_id", "in", (self.lead | lead).ids)]
        self.assertTrue(Report._summary_serves(both, ["lead_id", "stage_id"]))
        groups = Report._read_group(both, ["lead_id"], ["budget:sum"])
        self.assertEqual(groups, [(self.lead, 100)])
        rows = Report.get_budget_execution(both, ["company_id"])
        self.assertEqual(
            [(row["company_id"], row["budget"]) for row in rows], [(self.company.id, 100)]
        )

    def test_summary_answers_like_the_sources(self):
        self._budget(5000, stage=self.stage_trial)
        self._budget(3000)
        self._budget(700, lead=self.other_lead)
        visit = self._expense(1000, date="2026-01-20")
        self._post(self._approve(self._submit(visit | self._expense(2000))))
        self._submit(self._expense(500, date="2026-02-20"))
        for user in (self.rep, self.sales_manager):
            Report = self.env["crm.expense.budget.report"].with_user(user)
            for groupby in (["lead_id", "stage_id"], ["stage_id"], ["user_id", "outcome"]):
                self.assertTrue(Report._summary_serves([], groupby))
                sources = server_marked(Report, SUMMARY_CONTEXT, False)
                self.assertEqual(
                    Report._read_group([], groupby, PIVOT_MEASURES),
                    sources._read_group([], groupby, PIVOT_MEASURES),
                )
                self.assertEqual(
                    Report.get_budget_execution([], groupby),
                    sources._budget_execution_rows([], groupby),
                )
        # finer than deal and stage: the sources
        Report = self.env["crm.expense.budget.report"].with_user(self.rep)
        self.assertFalse(Report._summary_serves([], ["lead_id", "product_id"]))
        self.assertFalse(Report._summary_serves([("date", ">=", "2026-02-01")], ["lead_id"]))
        # a client sending the key the server uses cannot make a finer question read the
        # summary (it has no category): the answer stays the sources'
        by_category = Report._read_group([], ["lead_id", "product_id"], PIVOT_MEASURES)
        self.assertEqual(
            Report.with_context(**{SUMMARY_CONTEXT: True})._read_group(
                [], ["lead_id", "product_id"], PIVOT_MEASURES
            ),
            by_category,
        )
        self.assertTrue(any(product for __, product, *__rest in by_category))

    def test_rebuild_in_batches(self):
        self._budget(5000, stage=self.stage_trial)
        self._budget(700, lead=self.other_lead)
        self._submit(self._expense(1000))
        live = self.assertSummaryExact()
        Summary = self.env["crm.expense.budget.summary"]
        self.env.cr.execute(SQL("DELETE FROM crm_expense_budget_summary"))
        Summary.invalidate_model()
        self.assertGreaterEqual(Summary._rebuild(batch_size=1), 2)
        self.assertEqual(self._stored(), live)
