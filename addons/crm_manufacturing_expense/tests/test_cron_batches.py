from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.tests.cron_common import CronBatchMixin

from .common import ExpenseCommon


@tagged("post_install", "-at_install")
class TestBudgetSummaryCronBatches(CronBatchMixin, ExpenseCommon):
    """The weekly rebuild of the budget execution summary, in batches of deals."""

    _cron_xmlid = "crm_manufacturing_expense.ir_cron_budget_summary_rebuild"
    _cron_method = "_rebuild"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Batch deal {i}",
                    "type": "opportunity",
                    "partner_id": cls.customer.id,
                    "team_id": cls.team.id,
                    "stage_id": cls.stage_new.id,
                    "user_id": cls.rep.id,
                }
                for i in range(5)
            ]
        )
        for i, lead in enumerate(cls.leads):
            cls._budget(1000 * (i + 1), stage=cls.stage_trial, lead=lead)
        cls._budget(300, lead=cls.leads[0])
        Summary = cls.env["crm.expense.budget.summary"]
        cls.env.cr.flush()  # the precommit hooks, as at commit: the changed deals computed
        Summary._rebuild()  # nothing left from other data
        cls.live = cls._summary_rows()
        # changed in SQL, as an import would: three deals lost their rows, one has a wrong
        # budget, one deal without sources has a row
        cls.env.cr.execute(
            SQL(
                """
                DELETE FROM crm_expense_budget_summary WHERE lead_id IN %(gone)s;
                UPDATE crm_expense_budget_summary SET budget = budget + 1
                 WHERE lead_id = %(wrong)s;
                INSERT INTO crm_expense_budget_summary
                       (lead_id, stage_id, budget, committed, actual, expense_count, source_count)
                VALUES (%(empty)s, NULL, 50, 0, 0, 0, 1)
                """,
                gone=tuple(cls.leads[:2].ids + cls.leads[3:4].ids),
                wrong=cls.leads[2].id,
                empty=cls.leads[4].id,
            )
        )
        cls.env.cr.execute(
            SQL("DELETE FROM crm_lead_expense_budget WHERE lead_id = %s", cls.leads[4].id)
        )
        del cls.live[cls.leads[4].id, cls.stage_trial.id]
        Summary.invalidate_model()
        cls.env["crm.lead.expense.budget"].invalidate_model()

    @classmethod
    def _summary_rows(cls):
        """The stored rows of our deals (without refreshing the deals marked as changed)."""
        rows = cls.env.execute_query(
            SQL(
                """
                SELECT lead_id, stage_id, budget, committed, actual, expense_count, source_count
                  FROM crm_expense_budget_summary WHERE lead_id IN %s
                """,
                tuple(cls.leads.ids),
            )
        )
        return {(lead_id, stage_id): tuple(values) for lead_id, stage_id, *values in rows}

    def _stale(self):
        return [
            lead_id
            for lead_id in self.env["crm.expense.budget.summary"]._stale_lead_ids()
            if lead_id in self.leads.ids
        ]

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        self.assertEqual(self._stale(), self.leads.ids)
        self.assertEqual(self.env["crm.expense.budget.summary"]._stale_lead_ids(), self.leads.ids)
        self._assert_cron_calls(2, [(2, 3)])
        self.assertEqual(self._stale(), self.leads[2:].ids)
        # the next batch dies after its writes, before the commit: nothing of it stays
        self._cron_call_killed(2, "ir.cron", "_notify_progress", 1)
        self.assertEqual(self._stale(), self.leads[2:].ids)
        # the next run computes the other deals only
        self._assert_cron_calls(2, [(2, 1), (1, 0), (0, 0)])
        self.assertEqual(self._summary_rows(), self.live)
        self.assertSummaryRowsUnique()

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(4, [(4, 1), (1, 0)])
        self.assertEqual(self._summary_rows(), self.live)
        self.assertSummaryRowsUnique()

    def test_cron_batch_query_count_does_not_grow_with_the_batch(self):
        self._assert_cron_calls(1, [(1, 4)])
        queries = []
        for batch_size, expected in ((1, (1, 3)), (3, (3, 0))):
            before = self.env.cr.sql_log_count
            self._assert_cron_calls(batch_size, [expected])
            queries.append(self.env.cr.sql_log_count - before)
        self.assertEqual(queries[0], queries[1])
        self.assertEqual(self._summary_rows(), self.live)

    def test_rebuild_outside_a_cron_run_does_every_batch(self):
        Summary = self.env["crm.expense.budget.summary"]
        self.assertEqual(Summary._rebuild(batch_size=2), 5)
        self.assertFalse(Summary._stale_lead_ids())
        self.assertEqual(self._summary_rows(), self.live)
        self.assertEqual(Summary._rebuild(batch_size=2), 0, "nothing rewritten when exact")

    def assertSummaryRowsUnique(self):
        [(rows, keys)] = self.env.execute_query(
            SQL(
                "SELECT COUNT(*), COUNT(DISTINCT (lead_id, COALESCE(stage_id, 0))) "
                "FROM crm_expense_budget_summary"
            )
        )
        self.assertEqual(rows, keys)
        self.assertFalse(self.env["crm.expense.budget.summary"]._stale_lead_ids())
