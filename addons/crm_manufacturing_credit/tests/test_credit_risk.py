from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import order_product


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCreditRisk(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.customer = cls.env["res.partner"].create({"name": "Risky Steel Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer of Risky", "parent_id": cls.customer.id}
        )
        cls.customer.credit_limit = 10000
        cls.product = order_product(cls.env, "Press")
        cls.salesman = new_test_user(
            cls.env,
            login="credit_rep",
            groups="sales_team.group_sale_salesman",
            company_id=cls.env.company.id,
        )
        cls.credit_manager = new_test_user(
            cls.env,
            login="credit_boss",
            groups="crm_manufacturing_credit.group_credit_manager",
            company_id=cls.env.company.id,
        )

        def invoice(amount, date, move_type="out_invoice", partner=None, post=True, company=None):
            move = (
                cls.env["account.move"]
                .with_company(company or cls.env.company)
                .create(
                    {
                        "move_type": move_type,
                        "partner_id": (partner or cls.contact).id,
                        "invoice_date": date,
                        "invoice_date_due": date,  # due on the invoice date: the age is the invoice's
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "Machine",
                                    "quantity": 1,
                                    "price_unit": amount,
                                    "tax_ids": [],
                                }
                            )
                        ],
                    }
                )
            )
            if post:
                move.action_post()
            return move

        cls.invoice = staticmethod(invoice)
        invoice(1000, "2026-06-30")  # due today: not due
        invoice(2000, "2026-06-10")  # 20 days overdue
        invoice(3000, "2026-04-21")  # 70 days overdue
        cls.inv_old = invoice(4000, "2026-02-20")  # 130 days overdue, 1500 paid below
        cls._pay(cls.inv_old, 1500, "2026-03-15")
        invoice(500, "2026-06-30", move_type="out_refund")  # credit note
        invoice(700, "2026-06-25", post=False)  # draft invoice
        paid = invoice(600, "2026-05-01")
        cls._pay(paid, 600, "2026-05-21")  # paid in 20 days
        order = cls._order(1200)
        order.action_confirm()  # within the limit at this point

    @classmethod
    def _pay(cls, move, amount, date):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount, "payment_date": date})._create_payments()

    @classmethod
    def _order(cls, amount, partner=None, user=None):
        return (
            cls.env["sale.order"]
            .with_user(user or cls.env.user)
            .create(
                {
                    "partner_id": (partner or cls.contact).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": amount / 100,
                                "price_unit": 100,
                            }
                        )
                    ],
                }
            )
        )

    def test_figures_of_a_customer(self):
        for partner in (self.customer, self.contact):  # contacts show their company's figures
            self.assertRecordValues(
                partner,
                [
                    {
                        "aging_current": 500.0,
                        "aging_1_30": 2000.0,
                        "aging_31_60": 0.0,
                        "aging_61_90": 3000.0,
                        "aging_over_90": 2500.0,
                        "overdue_amount": 7500.0,
                        "max_overdue_days": 130,
                        "credit_exposure": 9900.0,  # 8000 open + 1200 to invoice + 700 draft
                        "credit_available": 100.0,
                        "credit_utilization": 99.0,
                        "avg_days_to_pay": 20.0,
                        "avg_days_late": 20.0,  # the paid invoice was due on its invoice date
                        # round(100 - 35*0.99 - 35*0.9375 - 30*130/180 - 20*20/90): 11 before
                        # the payment behaviour, which takes 4.4 points off this late payer
                        "credit_score": 6,
                        "credit_grade": "E",
                        "bad_debt_provision": 1870.0,  # 2000*1% + 3000*20% + 2500*50%
                    }
                ],
            )
        self.assertAlmostEqual(self.customer.credit_score_overdue_share, 0.9375, places=3)
        self.assertAlmostEqual(self.customer.credit_score_utilization, 0.99, places=3)

    def test_customer_without_activity_is_grade_a(self):
        clean = self.env["res.partner"].create({"name": "Clean Co"})
        self.assertEqual(
            (clean.credit_exposure, clean.credit_score, clean.credit_grade), (0.0, 100, "A")
        )

    def test_search_by_grade_and_over_limit_in_sql(self):
        Partner = self.env["res.partner"]
        self.assertIn(self.customer, Partner.search([("credit_grade", "=", "E")]))
        self.assertNotIn(self.customer, Partner.search([("credit_grade", "=", "A")]))
        clean = Partner.create({"name": "Clean Co"})
        self.assertIn(clean, Partner.search([("credit_grade", "=", "A")]))
        self.assertNotIn(self.customer, Partner.search([("credit_over_limit", "=", True)]))
        self.invoice(500, "2026-06-29")
        self.assertIn(self.customer, Partner.search([("credit_over_limit", "=", True)]))

    def test_reading_many_customers_runs_the_figures_query_once(self):
        """Odoo computes non-stored fields 1,000 records at a time: reading the figures of
        more customers must not run the figures query once per thousand."""
        Partner = self.env["res.partner"]
        partners = Partner.create([{"name": f"Bulk customer {i}"} for i in range(2500)])
        fields_ = ["credit_grade", "credit_exposure", "max_overdue_days"]
        counts = []
        for count in (1100, 2500):
            many = partners[: count - 2] | self.customer | self.contact
            self.env.invalidate_all()
            Figure = type(self.env["crm.credit.figure"])
            with patch.object(
                Figure, "_read_figures", autospec=True, side_effect=Figure._read_figures
            ) as figures_query:
                values = many.read(fields_)
            counts.append(figures_query.call_count)
            by_id = {value["id"]: value for value in values}
            self.assertEqual(by_id[self.contact.id]["credit_grade"], "E")
            self.assertEqual(by_id[self.customer.id]["credit_exposure"], 9900.0)
            self.assertEqual(by_id[partners[0].id]["credit_grade"], "A")
        self.assertEqual(counts, [1, 1])

    def test_confirmation_refused_beyond_the_limit_with_figures(self):
        order = self._order(200, user=self.salesman)
        with self.assertRaises(UserError) as error:
            order.with_user(self.salesman).action_confirm()
        message = str(error.exception)
        for figure in ("10,000.00", "9,900.00", "200.00", "100.00"):
            self.assertIn(figure, message)
        self.assertEqual(order.state, "draft")
        small = self._order(100, user=self.salesman)
        small.with_user(self.salesman).action_confirm()
        self.assertEqual(small.state, "sale")

    def test_confirmation_refused_on_hold(self):
        self.customer.with_user(self.credit_manager).write(
            {"credit_hold": True, "credit_hold_reason": "Lawsuit"}
        )
        self.assertEqual(self.customer.credit_hold_origin, "manual")
        order = self._order(100)
        with self.assertRaisesRegex(UserError, "Lawsuit"):
            order.action_confirm()

    def test_only_credit_managers_change_limits_and_holds(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).write({"credit_hold": True})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).sudo(False).write({"credit_limit": 1})
        self.customer.with_user(self.credit_manager).write({"credit_limit": 20000})
        # salespeople read the figures
        self.assertEqual(self.customer.with_user(self.salesman).credit_grade, "E")

    def test_approval_flow(self):
        order = self._order(500, user=self.salesman)
        order.with_user(self.salesman).action_request_credit_approval()
        self.assertEqual(order.credit_approval_state, "to_approve")
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.credit_manager)
        self.assertTrue(activity)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_approve_credit()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_refuse_credit()
        order.with_user(self.credit_manager).action_approve_credit()
        self.assertRecordValues(
            order,
            [
                {
                    "credit_approval_state": "approved",
                    "credit_approved_by_id": self.credit_manager.id,
                    "credit_approved_amount": 500.0,
                }
            ],
        )
        # increasing the order needs a new approval
        order.order_line.product_uom_qty = 6
        self.assertEqual(order.credit_approval_state, "not_needed")
        with self.assertRaises(UserError):
            order.action_confirm()
        order.order_line.product_uom_qty = 5
        order.with_user(self.salesman).action_request_credit_approval()
        order.with_user(self.credit_manager).action_approve_credit()
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        refused = self._order(300)
        refused.action_request_credit_approval()
        refused.with_user(self.credit_manager).action_refuse_credit()
        self.assertEqual(refused.credit_approval_state, "refused")
        with self.assertRaises(UserError):
            refused.action_confirm()

    def test_hold_cron_sets_and_lifts_automatic_holds_only(self):
        manual = self.env["res.partner"].create({"name": "Manual Hold Co"})
        manual.write({"credit_hold": True, "credit_hold_reason": "Known bad payer"})
        self.env["res.partner"]._cron_credit_hold()
        self.assertRecordValues(
            self.customer, [{"credit_hold": True, "credit_hold_origin": "auto"}]
        )
        self.assertIn("130", self.customer.credit_hold_reason)
        # paying what is overdue beyond 90 days lifts the automatic hold
        self._pay(self.inv_old, 2500, "2026-06-30")
        self.env["res.partner"]._cron_credit_hold()
        self.assertFalse(self.customer.credit_hold)
        self.assertRecordValues(manual, [{"credit_hold": True, "credit_hold_origin": "manual"}])

    def test_multi_company_separation(self):
        other = self.setup_other_company()["company"]
        self.invoice(9999, "2026-01-01", partner=self.customer, company=other)
        self.assertEqual(self.customer.with_company(self.env.company).overdue_amount, 7500.0)
        other_partner = self.customer.with_company(other)
        self.assertEqual(other_partner.overdue_amount, 9999.0)
        self.assertEqual(other_partner.credit_exposure, 9999.0)

    def test_report_lists_the_customer_and_exports(self):
        self.env.flush_all()
        line = self.env["credit.risk.report"].search(
            [("partner_id", "=", self.customer.id), ("company_id", "=", self.env.company.id)]
        )
        self.assertEqual((line.credit_exposure, line.credit_grade), (9900.0, "E"))
        self.assertEqual(line.action_export_xlsx()["type"], "ir.actions.act_url")
        self.assertTrue(self.env["credit.risk.report"].export_xlsx()["data"])

    def test_check_adds_few_queries(self):
        order = self._order(50)
        order.partner_id.commercial_partner_id.fetch(["credit_hold"])  # as the form does
        self.env.flush_all()
        with self.assertQueryCount(10):
            order._check_credit_limit()

    def test_quotation_banner_shows_grade_and_available_credit(self):
        order = Form(self.env["sale.order"])
        order.partner_id = self.contact
        with order.order_line.new() as line:
            line.product_id = self.product
        self.assertIn("Credit grade E", order.credit_banner)
        self.assertIn("100.00", order.credit_banner)

    def test_today_moves_the_aging(self):
        with freeze_time("2026-07-31"):
            partner = self.customer.with_context(fresh=fields.Date.today())
            self.assertEqual(partner.aging_current, 0.0)
            self.assertEqual(partner.max_overdue_days, 161)
