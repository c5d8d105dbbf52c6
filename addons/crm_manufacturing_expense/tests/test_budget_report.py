import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ExpenseCommon


@tagged("post_install", "-at_install")
class TestBudgetReport(ExpenseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._budget(5000, stage=cls.stage_trial, product=cls.travel)
        cls._budget(3000, stage=cls.stage_new)

    def _flow(self):
        january = self._expense(1000, date="2026-01-20", name="First visit")
        visit = self._expense(2000, date="2026-02-15", name="Factory visit")
        self._post(self._approve(self._submit(january | visit)))
        trial = self._expense(500, date="2026-02-20", name="Trial run")
        self._submit(trial)
        self._expense(9999, date="2026-02-21", name="Draft, not counted")
        return january, visit, trial

    def test_rows_per_deal_stage_category_month(self):
        self._flow()
        rows = (
            self.env["crm.expense.budget.report"]
            .with_user(self.rep)
            .get_budget_execution([("lead_id", "=", self.lead.id)])
        )
        by_key = {(r["stage_name"], r["product_name"], r["date_month"]): r for r in rows}
        trial = by_key["E Trial Run", "E Travel", "2026-02"]
        self.assertEqual(
            (trial["budget"], trial["committed"], trial["actual"], trial["expense_count"]),
            (0, 500, 2000, 2),
        )
        self.assertEqual(trial["remaining"], -2500)
        new = by_key["E New", "E Travel", "2026-01"]
        self.assertEqual((new["actual"], new["lead_id"]), (1000, self.lead.id))
        self.assertEqual(sum(r["budget"] for r in rows), 8000)
        self.assertEqual(sum(r["actual"] for r in rows), 3000)
        self.assertEqual(sum(r["committed"] for r in rows), 500)

    def test_grouped_used_percent_is_the_ratio_of_sums(self):
        self._flow()
        Report = self.env["crm.expense.budget.report"].with_user(self.rep)
        rows = Report.get_budget_execution([("lead_id", "=", self.lead.id)], ["stage_id"])
        by_stage = {row["stage_id"]: row for row in rows}
        trial = by_stage[self.stage_trial.id]
        self.assertEqual((trial["budget"], trial["actual"], trial["committed"]), (5000, 2000, 500))
        self.assertEqual(trial["remaining"], 2500)
        self.assertEqual(trial["used_percent"], 40.0)
        new = by_stage[self.stage_new.id]
        self.assertEqual((new["budget"], new["actual"], new["used_percent"]), (3000, 1000, 33.33))
        # the pivot's aggregate: the same ratio, computed in SQL
        [(used,)] = Report._read_group(
            [("lead_id", "=", self.lead.id), ("stage_id", "=", self.stage_trial.id)],
            [],
            ["used_percent:avg"],
        )
        self.assertEqual(used, 40.0)
        # the figures on the deal agree with the report
        figures = self._figures()
        self.assertEqual(figures["expense_budget_total"], sum(r["budget"] for r in rows))
        self.assertEqual(figures["expense_actual"], sum(r["actual"] for r in rows))
        self.assertEqual(figures["expense_remaining"], sum(r["remaining"] for r in rows))

    def test_salesperson_team_and_outcome(self):
        self._flow()
        Report = self.env["crm.expense.budget.report"].with_user(self.rep)
        [row] = Report.get_budget_execution(
            [("lead_id", "=", self.lead.id)], ["user_id", "team_id", "outcome"]
        )
        self.assertEqual(
            (row["user_id"], row["team_id"], row["outcome"]), (self.rep.id, self.team.id, "open")
        )
        self.lead.action_set_won()
        [row] = Report.get_budget_execution([("lead_id", "=", self.lead.id)], ["outcome"])
        self.assertEqual(row["outcome"], "won")

    def test_salesperson_sees_only_his_deals(self):
        self._budget(700, lead=self.other_lead)
        Report = self.env["crm.expense.budget.report"]
        ours = [("team_id", "=", self.team.id)]
        self.assertEqual(Report.with_user(self.rep).search(ours).lead_id, self.lead)
        self.assertEqual(Report.with_user(self.other_rep).search(ours).lead_id, self.other_lead)
        self.assertEqual(
            Report.with_user(self.sales_manager).search(ours).lead_id, self.lead | self.other_lead
        )
        with self.assertRaises(AccessError):
            Report.with_user(self.employee_user).get_budget_execution()

    def test_arguments_are_validated(self):
        Report = self.env["crm.expense.budget.report"].with_user(self.rep)
        with self.assertRaisesRegex(UserError, "list of conditions"):
            Report.get_budget_execution("lead_id = 1")
        with self.assertRaisesRegex(UserError, "not valid"):
            Report.get_budget_execution([("no_such_field", "=", 1)])
        with self.assertRaisesRegex(UserError, "cannot be grouped by"):
            Report.get_budget_execution([], ["employee_id"])
        with self.assertRaisesRegex(UserError, "at least one"):
            Report.get_budget_execution([], [])

    def test_queries_do_not_grow_with_the_deals(self):
        Report = self.env["crm.expense.budget.report"].with_user(self.sales_manager)
        Report.get_budget_execution([], ["lead_id"])  # warm the caches
        Report.env.invalidate_all()
        # the grouped query, the deals' names (and what they need to compute them)
        with self.assertQueryCount(7):
            Report.get_budget_execution([], ["lead_id"])
        for index in range(5):
            lead = self.env["crm.lead"].create(
                {"name": f"Deal {index}", "type": "opportunity", "user_id": self.rep.id}
            )
            self._budget(100, lead=lead)
        Report.env.invalidate_all()
        with self.assertQueryCount(7):
            rows = Report.get_budget_execution([], ["lead_id"])
        self.assertGreaterEqual(len(rows), 6)

    def test_rows_are_the_sources_aggregated_once(self):
        trial = self._flow()[2]
        Report = self.env["crm.expense.budget.report"].with_user(self.rep)
        rows = Report.search([("lead_id", "=", self.lead.id)])
        # one row per budget line and per counted expense (the draft one is not counted)
        self.assertEqual(len(rows), 2 + 3)
        self.assertEqual(sorted(rows.filtered("expense_count").mapped("actual")), [0, 1000, 2000])
        self.assertEqual(sum(rows.mapped("committed")), trial.total_amount)
        # the pivot's query: deal x stage, the used share as the ratio of the sums
        groups = Report._read_group(
            [("lead_id", "=", self.lead.id)],
            ["lead_id", "stage_id"],
            ["budget:sum", "actual:sum", "used_percent:avg", "expense_count:sum"],
        )
        by_stage = {stage: values for __, stage, *values in groups}
        self.assertEqual(by_stage[self.stage_trial], [5000, 2000, 40.0, 2])
        self.assertEqual(by_stage[self.stage_new], [3000, 1000, 33.33, 1])

    def test_pivot_names_come_with_the_groups(self):
        self._flow()
        for index in range(3):
            lead = self.env["crm.lead"].create(
                {"name": f"Deal {index}", "type": "opportunity", "user_id": self.rep.id}
            )
            self._budget(100, lead=lead, stage=self.stage_new)
        Report = self.env["crm.expense.budget.report"].with_user(self.sales_manager)
        Report.env.invalidate_all()
        groups = Report._read_group([], ["lead_id", "stage_id"], ["budget:sum"])
        # the names the web client shows were read with the groups, in one query per model
        with self.assertQueryCount(0):
            names = {(lead.display_name, stage.display_name) for lead, stage, __ in groups}
        self.assertIn(("Deal 2", self.stage_new.name), names)
        self.assertIn((self.lead.name, self.stage_trial.name), names)

    def test_excel_export_with_the_shared_helper(self):
        self._flow()
        result = (
            self.env["crm.expense.budget.report"]
            .with_user(self.rep)
            .export_xlsx([("lead_id", "=", self.lead.id)])
        )
        self.assertEqual(result["filename"], "budget_execution.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(result["data"]))).active
        header = [cell.value for cell in sheet[3]]
        self.assertEqual(header[:3], ["Opportunity", "Stage", "Expense Category"])
        values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
        self.assertIn(self.lead.name, [row[0] for row in values])
        action = (
            self.env["crm.expense.budget.report"]
            .with_user(self.rep)
            .search([])
            .action_export_xlsx()
        )
        self.assertEqual(action["type"], "ir.actions.act_url")
