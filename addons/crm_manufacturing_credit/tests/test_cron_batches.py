from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_manufacturing.tests.common import CrmManufacturingMixin
from odoo.addons.crm_manufacturing.tests.cron_common import CronBatchMixin
from odoo.addons.crm_manufacturing_credit.models.credit_privilege import server_write


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestCronBatches(CronBatchMixin, CrmManufacturingMixin, AccountTestInvoicingCommon):
    _cron_xmlid = "crm_manufacturing_credit.ir_cron_credit_hold"
    _cron_method = "_cron_credit_hold"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        Partner._cron_credit_hold(batch_size=10**6)  # nothing left to change from other data
        # three customers to hold (120 days overdue), two automatic holds to lift
        cls.late = Partner.create(
            [{"name": f"Late Payer {i}", "is_company": True} for i in range(3)]
        )
        # automatic holds are the server's to set: as the daily check would have
        cls.paid = server_write(Partner).create(
            [
                {
                    "name": f"Paid Up {i}",
                    "is_company": True,
                    "credit_hold": True,
                    "credit_hold_origin": "auto",
                    "credit_hold_reason": "Overdue last month",
                }
                for i in range(2)
            ]
        )
        # manual holds are never touched, overdue or not
        cls.manual = Partner.create(
            [{"name": f"Manual Hold {i}", "is_company": True} for i in range(2)]
        )
        cls.manual.write({"credit_hold": True, "credit_hold_reason": "Known bad payer"})
        for partner in cls.late | cls.manual[0]:
            move = cls.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2026-03-01",
                    "invoice_date_due": "2026-03-01",
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Press", "quantity": 1, "price_unit": 5000, "tax_ids": []}
                        )
                    ],
                }
            )
            move.action_post()

    def _call(self, **kwargs):
        """One call of the cron method; returns ((done, remaining), [(partner, hold written)])."""
        written = []
        partner_class = type(self.env["res.partner"])
        original = partner_class.write

        def write(records, vals):
            if "credit_hold" in vals:
                written.extend((partner, vals["credit_hold"]) for partner in records)
            return original(records, vals)

        with patch.object(partner_class, "write", write):
            return self._cron_call(self._cron_xmlid, self._cron_method, **kwargs), written

    def _assert_final_state(self):
        self.assertRecordValues(
            self.late | self.paid | self.manual,
            [{"credit_hold": True, "credit_hold_origin": "auto"}] * 3
            + [{"credit_hold": False, "credit_hold_origin": False}] * 2
            + [{"credit_hold": True, "credit_hold_origin": "manual"}] * 2,
        )
        for partner in self.late:
            self.assertIn("overdue by 121 days", partner.credit_hold_reason)

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        progress, written = self._call(batch_size=2)
        self.assertEqual(progress, (2, 3))
        self.assertEqual(self.late.mapped("credit_hold"), [True, True, False])
        # the next batch dies after holding the third customer, while lifting: nothing stays
        self._cron_call_killed(2, "res.partner", "write", 2)
        self.assertEqual(self.late.mapped("credit_hold"), [True, True, False])
        self.assertEqual(self.paid.mapped("credit_hold"), [True, True])
        # the next run holds and lifts the rest only: every partner written once
        for expected in ((2, 1), (1, 0), (0, 0)):
            progress, more = self._call(batch_size=2)
            self.assertEqual(progress, expected)
            written += more
        self.assertEqual(
            sorted(written, key=lambda pair: pair[0].id),
            [(partner, True) for partner in self.late]
            + [(partner, False) for partner in self.paid],
        )
        self._assert_final_state()

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(4, [(4, 1), (1, 0)])
        self._assert_final_state()
