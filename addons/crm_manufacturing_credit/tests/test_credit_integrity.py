"""The credit rules hold on the server, whatever the caller writes (issue 11, items 1-5, 8)."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..models.credit_privilege import CREDIT_SERVER_WRITE
from .common import order_product, set_role_users


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCreditIntegrity(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = cls.env.company
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Guarded Foundry Co", "is_company": True})
        cls.customer.credit_limit = 1000
        cls.contact = Partner.create({"name": "Buyer of Guarded", "parent_id": cls.customer.id})
        cls.small = Partner.create({"name": "Small Limit Co", "is_company": True})
        cls.small.credit_limit = 100
        cls.other_company = Partner.create({"name": "Unrelated Holding", "is_company": True})
        cls.product = order_product(cls.env, "Casting Cell", "service")
        set_role_users(
            cls,
            company,
            {
                "salesman": (
                    "guard_rep",
                    "sales_team.group_sale_salesman,base.group_partner_manager",
                ),
                "accountant": (
                    "guard_accountant",
                    "account.group_account_invoice,base.group_partner_manager",
                ),
                "credit_manager": ("guard_boss", "crm_manufacturing_credit.group_credit_manager"),
                "auditor": ("guard_auditor", "account.group_account_readonly"),
            },
        )
        cls.plain_user = new_test_user(
            cls.env, login="guard_plain", groups="base.group_user", company_id=company.id
        )
        cls.portal_user = new_test_user(
            cls.env, login="guard_portal", groups="base.group_portal", company_id=company.id
        )
        cls.portal_user.partner_id.parent_id = cls.customer

    def _order(self, amount, partner=None, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.salesman)
            .create(
                {
                    "partner_id": (partner or self.contact).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": amount / 100,
                                "price_unit": 100,
                            }
                        )
                    ],
                }
            )
        )

    def _approve(self, order):
        order.with_user(self.salesman).action_request_credit_approval()
        order.with_user(self.credit_manager).action_approve_credit()
        self.assertEqual(order.credit_approval_state, "approved")

    # ------------------------------------------------------------ item 1
    def test_salesperson_cannot_write_the_approval(self):
        order = self._order(5000)
        forged = {
            "credit_approval_state": "approved",
            "credit_approved_amount": 5000.0,
            "credit_approved_by_id": self.credit_manager.id,
            "credit_approved_partner_id": self.customer.id,
            "credit_approved_currency_id": order.currency_id.id,
        }
        for name, value in forged.items():
            with self.subTest(field=name), self.assertRaises(AccessError):
                order.with_user(self.salesman).write({name: value})
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).write(forged)
        # a context key sent by a client is a string, never the server's marker
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).with_context(**{CREDIT_SERVER_WRITE: True}).write(forged)
        # the guard is on the fields, not on the user: a sudo write is refused too
        with self.assertRaises(AccessError):
            order.sudo().write(forged)
        self.assertEqual(order.credit_approval_state, "not_needed")
        with self.assertRaisesRegex(UserError, "exceeds the credit limit"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_salesperson_cannot_create_an_approved_order(self):
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman).create(
                {
                    "partner_id": self.contact.id,
                    "credit_approval_state": "approved",
                    "credit_approved_amount": 5000.0,
                }
            )
        # the defaults, as the web client sends them, are accepted
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create({"partner_id": self.contact.id, "credit_approval_state": "not_needed"})
        )
        self.assertEqual(order.credit_approval_state, "not_needed")

    def test_refuse_and_approve_need_a_request_on_a_quotation(self):
        order = self._order(500)
        with self.assertRaises(UserError):
            order.with_user(self.credit_manager).action_refuse_credit()
        with self.assertRaises(UserError):
            order.with_user(self.credit_manager).action_approve_credit()
        order.with_user(self.salesman).action_request_credit_approval()
        with self.assertRaises(UserError):  # asked twice
            order.with_user(self.salesman).action_request_credit_approval()
        order.with_user(self.credit_manager).action_refuse_credit()
        self.assertEqual(order.credit_approval_state, "refused")

    # ------------------------------------------------------------ item 2
    def test_orders_of_one_customer_in_one_batch_count_against_each_other(self):
        orders = self._order(400) | self._order(400) | self._order(400)
        with self.assertRaisesRegex(UserError, "exceeds the credit limit"):
            orders.with_user(self.salesman).action_confirm()
        self.assertEqual(set(orders.mapped("state")), {"draft"})
        (orders[0] | orders[1]).with_user(self.salesman).action_confirm()
        self.assertEqual(orders[:2].mapped("state"), ["sale", "sale"])

    def test_an_approved_order_of_the_batch_counts_against_the_others(self):
        approved = self._order(900)
        self._approve(approved)
        other = self._order(200)
        with self.assertRaisesRegex(UserError, other.name):
            (other | approved).with_user(self.salesman).action_confirm()
        approved.with_user(self.salesman).action_confirm()
        self.assertEqual(approved.state, "sale")

    # ------------------------------------------------------------ item 3
    def test_approval_lapses_when_the_customer_changes(self):
        order = self._order(5000)
        self._approve(order)
        order.with_user(self.salesman).partner_id = self.small
        self.assertEqual(order.credit_approval_state, "not_needed")
        with self.assertRaisesRegex(UserError, "exceeds the credit limit"):
            order.with_user(self.salesman).action_confirm()
        # back to the approved customer: a new approval is needed all the same
        order.with_user(self.salesman).partner_id = self.contact
        self.assertEqual(order.credit_approval_state, "not_needed")

    def test_approval_lapses_when_the_order_grows_or_is_reset_to_quotation(self):
        order = self._order(5000)
        self._approve(order)
        order.with_user(self.salesman).action_confirm()
        order._action_cancel()
        order.action_draft()
        self.assertEqual(order.credit_approval_state, "not_needed")
        self._approve(order)
        order.order_line.with_user(self.salesman).product_uom_qty = 51
        self.assertEqual(order.credit_approval_state, "not_needed")

    def test_confirmed_order_keeps_its_customer(self):
        order = self._order(500)
        order.with_user(self.salesman).action_confirm()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).partner_id = self.small
        self.assertEqual(order.partner_id, self.contact)
        order.with_user(self.salesman).partner_id = self.customer  # same customer: fine
        order.with_user(self.credit_manager).partner_id = self.small
        self.assertEqual(order.partner_id, self.small)

    # ------------------------------------------------------------ item 4
    def test_hold_origin_is_set_by_the_server_only(self):
        self.customer.with_user(self.credit_manager).write(
            {"credit_hold": True, "credit_hold_reason": "Lawsuit"}
        )
        self.assertEqual(self.customer.credit_hold_origin, "manual")
        for user in (self.salesman, self.credit_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.customer.with_user(user).write({"credit_hold_origin": "auto"})
        self.assertEqual(self.customer.credit_hold_origin, "manual")
        self.env["res.partner"]._cron_credit_hold()  # nothing overdue: a manual hold stays
        self.assertTrue(self.customer.credit_hold)

    def test_credit_limit_and_hold_cannot_be_created_by_others(self):
        Partner = self.env["res.partner"]
        with self.assertRaises(AccessError):
            Partner.with_user(self.accountant).create({"name": "Big Limit", "credit_limit": 1e6})
        with self.assertRaises(AccessError):
            Partner.with_user(self.salesman).create({"name": "Held", "credit_hold": True})
        with self.assertRaises(AccessError):
            Partner.with_user(self.salesman).create(
                {"name": "Auto", "credit_hold": True, "credit_hold_origin": "auto"}
            )
        with self.assertRaises(AccessError):
            Partner.with_user(self.salesman).with_context(default_credit_hold=True).create(
                {"name": "Held by default"}
            )
        plain = Partner.with_user(self.accountant).create({"name": "Plain", "credit_limit": 0})
        self.assertFalse(plain.credit_hold)
        big = Partner.with_user(self.credit_manager).create({"name": "Big", "credit_limit": 1e6})
        self.assertEqual(big.credit_limit, 1e6)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.accountant).credit_limit = 1e6

    def test_held_or_indebted_customer_stays_in_its_company(self):
        self.customer.with_user(self.credit_manager).write(
            {"credit_hold": True, "credit_hold_reason": "Lawsuit"}
        )
        with self.assertRaises(AccessError):
            self.contact.with_user(self.salesman).parent_id = self.other_company
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).write(
                {"is_company": False, "parent_id": self.other_company.id}
            )
        self.assertEqual(self.contact.commercial_partner_id, self.customer)
        # indebted, not held: a confirmed order
        self.small.credit_limit = 0
        order = self._order(500, partner=self.small)
        order.with_user(self.salesman).action_confirm()
        with self.assertRaises(AccessError):
            self.small.with_user(self.salesman).write(
                {"is_company": False, "parent_id": self.other_company.id}
            )
        # a clean company moves freely; a credit manager moves anyone
        clean = self.env["res.partner"].create({"name": "Clean Contact Co", "is_company": True})
        clean.with_user(self.salesman).write(
            {"is_company": False, "parent_id": self.other_company.id}
        )
        self.contact.with_user(self.credit_manager).parent_id = self.other_company
        self.assertEqual(self.contact.commercial_partner_id, self.other_company)

    # ------------------------------------------------------------ bad values
    def test_negative_or_nan_credit_limit_refused(self):
        for value in (-1, float("nan"), float("inf"), "abc"):
            with self.subTest(value=value), self.assertRaises(UserError):
                self.customer.with_user(self.credit_manager).write({"credit_limit": value})
        self.assertEqual(self.customer.credit_limit, 1000)

    def test_company_settings_refuse_nonsense(self):
        company = self.env.company
        cases = {
            "credit_overdue_hold_days": (0, -5, 100000),
            "credit_provision_1_30": (-1, 101, float("nan"), float("inf")),
        }
        for name, values in cases.items():
            for value in values:
                with self.subTest(field=name, value=value), self.assertRaises(ValidationError):
                    company.write({name: value})
                    company.flush_recordset()
        self.assertEqual(company.credit_overdue_hold_days, 90)

    def test_searches_refuse_bad_values_with_a_user_error(self):
        Partner = self.env["res.partner"].with_user(self.salesman)
        domains = [
            [("credit_grade", "=", 10**18)],
            [("credit_grade", "in", [1, 2])],
            [("credit_grade", "=", "Z")],
            [("credit_grade", "like", "A")],
            [("credit_over_limit", "=", "abc")],
            [("credit_exposure", ">", "abc")],
            [("credit_exposure", ">", float("nan"))],
            [("max_overdue_days", "like", 5)],
            [("credit_available", "in", "abc")],
        ]
        for domain in domains:
            with self.subTest(domain=domain), self.assertRaises(UserError):
                Partner.search(domain)

    def test_numeric_figures_are_searchable(self):
        Partner = self.env["res.partner"]
        order = self._order(600)
        order.with_user(self.salesman).action_confirm()
        self.assertIn(self.customer, Partner.search([("credit_exposure", ">", 500)]))
        self.assertIn(self.contact, Partner.search([("credit_available", "=", 400)]))
        self.assertNotIn(self.customer, Partner.search([("credit_exposure", "<", 500)]))
        # a customer without any activity: available credit = its limit
        self.assertIn(self.small, Partner.search([("credit_available", "=", 100)]))
        self.assertNotIn(self.small, Partner.search([("credit_available", ">", 100)]))
        self.assertIn(self.other_company, Partner.search([("credit_available", "=", 0)]))

    # ------------------------------------------------------------ item 5
    def test_company_default_credit_limit_is_the_limit_of_the_others(self):
        self.env["ir.default"].set(
            "res.partner", "credit_limit", 5000.0, company_id=self.env.company.id
        )
        fresh = self.env["res.partner"].create({"name": "Default Limit Co", "is_company": True})
        self.assertRecordValues(
            fresh, [{"credit_available": 5000.0, "credit_grade": "A", "credit_exposure": 0.0}]
        )
        self.assertEqual(self.small.credit_available, 100.0)  # its own limit
        with self.assertRaisesRegex(UserError, "exceeds the credit limit"):
            self._order(6000, partner=fresh).with_user(self.salesman).action_confirm()
        order = self._order(4000, partner=fresh)
        order.with_user(self.salesman).action_confirm()
        fresh.invalidate_recordset()
        self.assertRecordValues(fresh, [{"credit_available": 1000.0, "credit_utilization": 80.0}])
        line = self.env["credit.risk.report"].search([("partner_id", "=", fresh.id)])
        self.assertEqual((line.credit_limit, line.credit_available), (5000.0, 1000.0))

    # ------------------------------------------------------------ item 8
    def test_figures_are_read_by_salespeople_and_accounting_only(self):
        names = ["credit_grade", "credit_exposure", "aging_1_30", "credit_hold_reason"]
        for user in (self.salesman, self.accountant, self.auditor, self.credit_manager):
            with self.subTest(user=user.login):
                self.customer.with_user(user).read(names)
        self.env["credit.risk.report"].with_user(self.auditor).search([])
        for user in (self.plain_user, self.portal_user):
            for name in names:
                with self.subTest(user=user.login, field=name), self.assertRaises(AccessError):
                    self.portal_user.partner_id.commercial_partner_id.with_user(user).read([name])
            readable = self.env["res.partner"].with_user(user).fields_get()
            self.assertFalse(
                {"credit_grade", "credit_exposure", "bad_debt_provision"} & set(readable)
            )
        order = self._order(100)
        order.with_user(self.salesman).read(["credit_partner_grade", "credit_partner_available"])
        self.assertNotIn(
            "credit_partner_grade", self.env["sale.order"].with_user(self.portal_user).fields_get()
        )

    # ------------------------------------------------------------ reads see writes
    def test_report_and_figures_see_pending_writes(self):
        order = self._order(600)
        order.with_user(self.salesman).action_confirm()
        self.env.flush_all()
        order.order_line.product_uom_qty = 8  # held by the ORM, not yet in the database
        line = self.env["credit.risk.report"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(line.credit_exposure, 800.0)
        order.order_line.product_uom_qty = 9
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.credit_exposure, 900.0)
