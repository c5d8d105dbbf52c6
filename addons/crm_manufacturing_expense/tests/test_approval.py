from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ExpenseCommon


@tagged("post_install", "-at_install")
class TestOverBudgetApproval(ExpenseCommon):
    def test_within_budget_approved_by_the_expense_approver(self):
        self._budget(5000, stage=self.stage_trial)
        visit = self._expense(4000)
        self.assertFalse(visit.is_over_budget)
        sheet = self._approve(self._submit(visit))
        self.assertEqual(sheet.state, "approve")

    def test_over_stage_budget_needs_a_sales_manager(self):
        self._budget(5000, stage=self.stage_trial)
        self._budget(50000, stage=self.stage_proposal)
        visit = self._expense(4000, name="Factory visit")
        self._approve(self._submit(visit))
        trial = self._expense(1500, name="Trial run")
        self.assertTrue(trial.is_over_budget)
        self.assertIn("E Trial Run", trial.over_budget_reason)
        for amount in ("5,000.00", "4,000.00", "1,500.00"):
            self.assertIn(amount, trial.over_budget_reason)
        sheet = self._submit(trial)
        self.assertTrue(sheet.is_over_budget)
        with self.assertRaisesRegex(UserError, "Only a sales manager") as refusal:
            self._approve(sheet)
        message = str(refusal.exception)
        for text in ("Trial run", "budget", "5,000.00", "spent", "4,000.00", "1,500.00"):
            self.assertIn(text, message)
        self.assertEqual(sheet.state, "submit")
        # a direct write of the approved state takes the same check
        with self.assertRaisesRegex(UserError, "Only a sales manager"):
            sheet.with_user(self.approver).write({"approval_state": "approve"})
        self._approve(sheet, self.sales_manager)
        self.assertEqual(sheet.state, "approve")
        self.assertTrue(trial.is_over_budget, "the flag is kept once approved")
        self._post(sheet)
        self.assertTrue(trial.is_over_budget)

    def test_flag_settled_when_a_sales_manager_approves_at_once(self):
        self._budget(100)
        expense = self._expense(500)
        sheet = self._submit(expense)
        # nobody read the flag before: the approval itself settles it before the state moves
        self._approve(sheet, self.sales_manager)
        self.assertEqual(expense.state, "approved")
        self.assertTrue(expense.is_over_budget)
        self.assertIn("100.00", expense.over_budget_reason)

    def test_refusing_stays_open_to_the_expense_approver(self):
        self._budget(100)
        sheet = self._submit(self._expense(500))
        self.assertTrue(sheet.is_over_budget)
        sheet.with_user(self.approver)._do_refuse("Too expensive")
        self.assertEqual(sheet.state, "cancel")

    def test_deal_budget_when_the_stage_has_none(self):
        self.company.crm_presales_cost_rate = 0  # the budget alone
        self._budget(2000)
        self._budget(9000, stage=self.stage_proposal)
        first = self._expense(10000)
        self.assertEqual(first.lead_stage_id, self.stage_trial)
        self.assertFalse(first.is_over_budget, "within the whole deal's 11,000")
        self._submit(first)
        second = self._expense(1500)
        self.assertTrue(second.is_over_budget)
        self.assertIn("11,000.00", second.over_budget_reason, "the whole deal's budget")
        self.assertIn("10,000.00", second.over_budget_reason)

    def test_over_pursuit_allowance(self):
        # no budget: only the allowance (1,000,000 x 50 % x 2 % = 10,000) applies
        first = self._expense(9000)
        self._approve(self._submit(first))
        self.assertFalse(first.is_over_budget)
        second = self._expense(1500, name="Second trial")
        self.assertTrue(second.is_over_budget)
        self.assertIn("pursuit allowance", second.over_budget_reason)
        self.assertIn("10,000.00", second.over_budget_reason)
        with self.assertRaisesRegex(UserError, "pursuit allowance"):
            self._approve(self._submit(second))

    def test_allowance_check_off_at_rate_zero(self):
        self.company.crm_presales_cost_rate = 0
        self.assertFalse(self._expense(999999).is_over_budget)

    def test_flag_follows_the_budget_while_pending(self):
        line = self._budget(1000)
        expense = self._expense(1500)
        self.assertTrue(expense.is_over_budget)
        line.with_user(self.sales_manager).amount = 2000
        self.assertFalse(expense.is_over_budget)
        # submitted expenses of the deal count as spent for the next one
        self._submit(expense)
        self.assertTrue(self._expense(600).is_over_budget)

    def test_expense_without_deal_never_over_budget(self):
        expense = (
            self.env["hr.expense"]
            .with_user(self.rep)
            .create(
                {
                    "name": "Taxi",
                    "employee_id": self.rep_employee.id,
                    "product_id": self.travel.id,
                    "total_amount_currency": 50000,
                }
            )
        )
        self.assertFalse(expense.is_over_budget)
        self._approve(self._submit(expense))
        self.assertEqual(expense.state, "approved")
