import re

from odoo import fields
from odoo.tests import TransactionCase, tagged

CJK = re.compile(r"[\u4e00-\u9fff]")
CUSTOMERS = (
    "crm_manufacturing_credit.demo_customer_grade_a",
    "crm_manufacturing.demo_customer_electronics",
    "crm_manufacturing_credit.demo_customer_grade_c",
    "crm_manufacturing_credit.demo_customer_grade_d",
    "crm_manufacturing_credit.demo_customer_grade_e",
)


@tagged("post_install", "-at_install")
class TestCreditDemo(TransactionCase):
    """Demo customers with limits, invoices of various ages in CNY and one hold (demo only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref(CUSTOMERS[0], raise_if_not_found=False):
            cls.skipTest(cls, "the database has no demo data")
        cls.customers = cls.env["res.partner"].browse([cls.env.ref(x).id for x in CUSTOMERS])

    def test_customers_have_limits_and_invoices_in_cny(self):
        invoices = self.env["account.move"].search(
            [
                ("partner_id", "in", self.customers.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ]
        )
        self.assertEqual(invoices.partner_id, self.customers)
        self.assertEqual(invoices.currency_id, self.env.ref("base.CNY"))
        self.assertTrue(all(self.customers.mapped("credit_limit")))
        for partner in self.customers:
            self.assertRegex(partner.name, CJK)
        # invoices of various ages: some due later, some overdue by months
        today = fields.Date.context_today(self.env.user)
        self.assertTrue(invoices.filtered(lambda move: move.invoice_date_due > today))
        self.assertTrue(invoices.filtered(lambda move: (today - move.invoice_date_due).days > 90))

    def test_one_customer_is_on_hold_with_a_reason(self):
        held = self.customers.filtered("credit_hold")
        self.assertEqual(held, self.env.ref("crm_manufacturing_credit.demo_customer_grade_e"))
        self.assertRegex(held.credit_hold_reason, CJK)
