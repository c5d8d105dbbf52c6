from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_manufacturing.tests.common import make_users

from .common import STEPS_30_60_10, ExecutionFixtures, execution_template


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01 10:00:00")
class TestCashForecast(ExecutionFixtures, AccountTestInvoicingCommon):
    """Pipeline -> orders -> installments -> cash, on a hand-built set with fixed dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sales(["cash_rep", "cash_rep2"], "Press", ["Press Works", "Stamping Co"])
        cls.rep = cls.salesman
        [cls.accountant] = make_users(
            cls.env,
            "cash_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )
        cls.template = execution_template(cls.env, "Cash 30/60/10", STEPS_30_60_10)
        cls.company.execution_template_id = cls.template
        cls.Forecast = cls.env["crm.cash.forecast"]

    def _opportunity(self, user, revenue, probability, deadline, **values):
        return self.env["crm.lead"].create(
            {
                "name": f"Line for {revenue}",
                "type": "opportunity",
                "user_id": user.id,
                "partner_id": self.customer.id,
                "expected_revenue": revenue,
                "probability": probability,
                "date_deadline": deadline,
                **values,
            }
        )

    def _rows(self, domain=None, user=None):
        forecast = self.Forecast.with_user(user) if user else self.Forecast
        return forecast.search(domain or [])

    def test_installments_invoices_and_pipeline_in_one_forecast(self):
        order = self._order(self.rep, self.customer)
        advance = order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        advance.action_create_invoice()
        advance.invoice_ids.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=advance.invoice_ids.ids
        ).create({"amount": 1000.0})._create_payments()
        invoice = self.init_invoice(
            "out_invoice",
            partner=self.other_customer,
            invoice_date="2026-02-20",
            amounts=[500.0],
            taxes=[],
        )
        invoice.invoice_date_due = "2026-04-30"
        invoice.action_post()
        lead = self._opportunity(self.rep, 100000.0, 40.0, "2026-06-30")
        # neither a won opportunity nor one with a confirmed order is still pipeline
        self._opportunity(self.rep, 50000.0, 100.0, "2026-06-30")
        ordered = self._opportunity(self.rep, 70000.0, 60.0, "2026-05-31")
        self._order(self.rep, self.customer).opportunity_id = ordered

        steps = self._rows([("order_id", "=", order.id)])
        by_step = {row.step_id.name: row for row in steps}
        self.assertEqual(set(by_step), {"Advance", "On delivery", "Retention"})
        # the advance is invoiced and 1,000 paid: 2,000 still to come, overdue, so today
        self.assertEqual(by_step["Advance"].amount, 2000.0)
        self.assertEqual(str(by_step["Advance"].date), "2026-03-01")
        self.assertTrue(by_step["Advance"].is_overdue)
        self.assertEqual(by_step["On delivery"].amount, 6000.0)
        self.assertEqual(str(by_step["Retention"].date), "2027-02-14")
        self.assertFalse(by_step["Retention"].is_overdue)
        self.assertEqual(by_step["Advance"].partner_id, self.customer)
        # the advance's invoice is counted on its installment, not again as an invoice
        invoices = self._rows([("source", "=", "invoice")])
        self.assertEqual(invoices.move_id, invoice)
        self.assertEqual((invoices.amount, str(invoices.date)), (500.0, "2026-04-30"))
        pipeline = self._rows([("source", "=", "pipeline")])
        self.assertEqual(pipeline.lead_id, lead)
        self.assertEqual(
            sorted((str(row.date), row.amount) for row in pipeline),
            [("2026-07-05", 12000.0), ("2026-08-09", 24000.0), ("2027-08-04", 4000.0)],
        )
        totals = {
            row["source"]: row["amount"]
            for row in self.Forecast.get_cash_forecast("2026-01-01", "2027-12-31", ["source"])
        }
        self.assertEqual(totals["pipeline"], 40000.0)
        self.assertEqual(totals["invoice"], 500.0)
        # both orders: 2,000 + 6,000 + 1,000 of the first, 10,000 of the second
        self.assertEqual(totals["step"], 19000.0)
        months = self.Forecast.get_cash_forecast("2026-07-01", "2026-08-31", "month")
        self.assertEqual(
            [(m["month"], m["amount"]) for m in months],
            [("2026-07-01", 12000.0), ("2026-08-01", 24000.0)],
        )

    def test_a_new_opportunity_is_read_in_the_same_transaction(self):
        before = sum(self._rows([("source", "=", "pipeline")]).mapped("amount"))
        self._opportunity(self.rep, 1000.0, 50.0, "2026-09-30")
        after = sum(self._rows([("source", "=", "pipeline")]).mapped("amount"))
        self.assertEqual(after - before, 500.0)

    def test_salespeople_see_the_rows_of_their_documents(self):
        self._opportunity(self.rep, 1000.0, 50.0, "2026-09-30")
        self._opportunity(self.other_rep, 2000.0, 50.0, "2026-09-30")
        mine = self._rows([("source", "=", "pipeline")], user=self.rep)
        self.assertEqual(set(mine.user_id.ids), {self.rep.id})
        everyone = self._rows([("source", "=", "pipeline")], user=self.accountant)
        self.assertTrue({self.rep.id, self.other_rep.id} <= set(everyone.user_id.ids))
        rows = self.Forecast.with_user(self.rep).get_cash_forecast(
            "2026-01-01", "2026-12-31", ["user_id"]
        )
        self.assertEqual([row["user_id"][0] for row in rows], [self.rep.id])

    def test_bad_arguments_are_refused_clearly(self):
        for args in (
            ("2026-13-45", "2026-12-31"),
            ("2026-12-31", "2026-01-01"),
            ("2026-01-01", "2026-12-31", ["colour"]),
            ("2026-01-01", "2026-12-31", "month", [("no_such_field", "=", 1)]),
            ("2026-01-01", "2026-12-31", "month", "not a domain"),
        ):
            with self.subTest(args=args), self.assertRaises(UserError):
                self.Forecast.get_cash_forecast(*args)

    def test_excel_export_of_every_row(self):
        self._opportunity(self.rep, 1000.0, 50.0, "2026-09-30")
        action = self.Forecast.with_user(self.rep).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
