from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_manufacturing_customer.tests.common import setup_customer_360


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCustomerCredit360(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_customer_360(cls, "c360_credit", "Credit", company_id=cls.env.company.id)
        cls.customer.credit_limit = 10000
        cls.overdue = cls._invoice(cls.buyer, 3000, "2026-04-21")  # 70 days overdue
        cls.not_due = cls._invoice(cls.customer, 1000, "2026-06-30")
        cls.paid = cls._invoice(cls.customer, 500, "2026-05-01")
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.paid.ids
        ).create({"payment_date": "2026-05-02"})._create_payments()
        cls.draft = cls._invoice(cls.customer, 700, "2026-06-20", post=False)
        cls.other = cls._invoice(cls.other_customer, 900, "2026-04-21")

    @classmethod
    def _invoice(cls, partner, amount, date, post=True):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_user_id": cls.salesman.id,
                "invoice_date": date,
                "invoice_date_due": date,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Machine", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _as(self, user):
        self.env.invalidate_all()  # a new request, as the web client's
        return self.customer.with_user(user)

    def test_block_lists_open_receivables_and_the_credit_grade(self):
        customer = self._as(self.salesman)
        # posted and not fully paid, the contact's invoice included, oldest due first
        self.assertEqual(customer.customer_receivable_ids.ids, [self.overdue.id, self.not_due.id])
        self.assertEqual(customer.customer_receivable_count, 2)
        self.assertEqual(customer.customer_overdue_invoice_count, 1)
        self.assertEqual(customer.overdue_amount, 3000)
        self.assertIn(customer.credit_grade, ("A", "B", "C", "D", "E"))
        self.assertEqual(customer.credit_grade, self.customer.sudo().credit_grade)
        self.assertLess(customer.credit_score, 100, "the overdue invoice lowers the score")
        # a contact's form shows its company's block
        self.assertEqual(
            self.buyer.with_user(self.salesman).customer_receivable_ids,
            customer.customer_receivable_ids,
        )

    def test_block_links_open_the_receivables_and_the_credit_risk(self):
        customer = self._as(self.salesman)
        action = customer.action_open_customer_receivables()
        self.assertEqual(action["res_model"], "account.move")
        Move = self.env["account.move"].with_user(self.salesman)
        self.assertEqual(Move.search(action["domain"]), self.overdue | self.not_due)
        action = customer.action_open_customer_credit_risk()
        self.assertEqual(action["res_model"], "credit.risk.report")
        rows = self.env["credit.risk.report"].with_user(self.salesman).search(action["domain"])
        self.assertEqual(rows.partner_id, self.customer)

    def test_other_salesperson_sees_only_the_invoices_they_may_read(self):
        customer = self._as(self.other_rep)
        self.assertFalse(customer.customer_receivable_ids, "invoices of another salesperson")
        self.assertTrue(customer.credit_grade, "the grade is a credit figure they may read")

    def test_users_who_may_not_read_credit_figures_cannot_read_the_block(self):
        customer = self._as(self.employee)
        self.assertTrue(customer.name)
        for name in ("customer_receivable_ids", "customer_receivable_count", "credit_grade"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                customer.read([name])
        arch = self.env["res.partner"].with_user(self.employee).get_views([(False, "form")])
        self.assertNotIn("customer_receivable_ids", arch["views"]["form"]["arch"])

    def test_form_shows_the_block_to_salespeople(self):
        arch = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])
        arch = arch["views"]["form"]["arch"]
        self.assertIn('name="customer_360_credit"', arch)
        self.assertIn("action_open_customer_receivables", arch)
