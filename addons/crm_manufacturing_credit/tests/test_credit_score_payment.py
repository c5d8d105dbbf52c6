"""The fourth part of the credit score: payment behaviour, the average days between the
due date of a paid invoice (its payment term) and its payment."""

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCreditScorePayment(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.term_30 = cls.env["account.payment.term"].create(
            {
                "name": "30 days (credit test)",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})
                ],
            }
        )
        cls.on_time = cls._customer("On Time Forge Co")
        cls.late = cls._customer("Late Forge Co")
        for customer, paid_on in ((cls.on_time, "2026-03-25"), (cls.late, "2026-05-25")):
            # an invoice of 1 March on 30 days falls due on 31 March: paid on 25 March it is
            # on time (24 days to pay: its payment term, not lateness), paid on 25 May it is
            # 55 days late
            paid = cls._invoice(customer, 1000, "2026-03-01", term=cls.term_30)
            cls._pay(paid, 1000, paid_on)
            # the same open receivables for both: 4,000 of which 1,000 overdue by 40 days
            cls._invoice(customer, 3000, "2026-06-30")
            cls._invoice(customer, 1000, "2026-05-21")

    @classmethod
    def _customer(cls, name):
        customer = cls.env["res.partner"].create({"name": name, "is_company": True})
        customer.credit_limit = 10000
        return customer

    @classmethod
    def _invoice(cls, partner, amount, date, term=None):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date,
                **({"invoice_payment_term_id": term.id} if term else {"invoice_date_due": date}),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Spindle", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _pay(cls, move, amount, date):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount, "payment_date": date})._create_payments()

    @staticmethod
    def _score_before(partner):
        """The score of the three parts alone (before payment behaviour counted)."""
        return round(
            100
            - 35 * partner.credit_score_utilization
            - 35 * partner.credit_score_overdue_share
            - 30 * partner.credit_score_overdue_days
        )

    def test_on_time_payer_keeps_its_score_and_grade(self):
        partner = self.on_time
        self.assertEqual(partner.avg_days_to_pay, 24.0)  # within its 30 days
        self.assertEqual(partner.avg_days_late, 0.0)
        self.assertEqual(partner.credit_score_payment_behaviour, 0.0)
        # 100 - 35 * 0.4 - 35 * 0.25 - 30 * 40 / 180 = 70.58
        self.assertEqual(partner.credit_score, self._score_before(partner))
        self.assertEqual((partner.credit_score, partner.credit_grade), (71, "B"))
        # without the fourth part (weight 0): the same figures as before it existed
        self.env.company.credit_score_weight_payment = 0
        self.env.invalidate_all()
        self.assertEqual((partner.credit_score, partner.credit_grade), (71, "B"))

    def test_late_payer_loses_points_in_proportion(self):
        partner = self.late
        self.assertEqual(partner.avg_days_late, 55.0)
        self.assertAlmostEqual(partner.credit_score_payment_behaviour, 55 / 90, places=3)
        # the same three parts as the on-time payer, 20 * 55 / 90 = 12.2 points less
        self.assertEqual(self._score_before(partner), 71)
        self.assertEqual((partner.credit_score, partner.credit_grade), (58, "C"))
        self.env.company.credit_score_weight_payment = 40  # twice the weight, twice the loss
        self.env.invalidate_all()
        self.assertEqual(partner.credit_score, 46)  # round(70.58 - 24.44)
        self.env.company.credit_score_weight_payment = 0
        self.env.invalidate_all()
        self.assertEqual(partner.credit_score, 71)

    def test_score_stays_between_0_and_100_and_report_agrees(self):
        self.env.company.write(
            {
                "credit_score_weight_utilization": 100,
                "credit_score_weight_overdue_share": 100,
                "credit_score_weight_overdue_days": 100,
                "credit_score_weight_payment": 100,
            }
        )
        self.env.invalidate_all()
        self.assertEqual(self.late.credit_score, 0)  # 100 - 40 - 25 - 22 - 61 < 0
        self.env.flush_all()
        line = self.env["credit.risk.report"].search(
            [("partner_id", "=", self.late.id), ("company_id", "=", self.env.company.id)]
        )
        self.assertEqual((line.credit_score, line.credit_grade), (0, "E"))
