import re

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import demo_record_or_skip

CJK = re.compile(r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestExpenseDemo(TransactionCase):
    """The press line's budget and expenses, in CNY (demo data only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo_record_or_skip(cls.env, "crm_manufacturing_expense.demo_expense_factory_visit")
        cls.lead = cls.env.ref("crm_manufacturing.demo_lead_stamping_line")

    def test_press_line_expenses_in_cny_at_every_step(self):
        expenses = self.env["hr.expense"].search([("lead_id", "=", self.lead.id)])
        self.assertEqual(len(expenses), 3)
        self.assertEqual(expenses.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(expenses.company_id.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(set(expenses.sheet_id.mapped("state")), {"post", "approve", "submit"})
        for expense in expenses:
            self.assertRegex(expense.name, CJK)
        self.assertAlmostEqual(sum(expenses.mapped("total_amount")), 24200)
