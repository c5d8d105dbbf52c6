from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CrmManufacturingCase
from .cron_common import CronBatchMixin


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestCronBatches(CronBatchMixin, CrmManufacturingCase):
    _cron_xmlid = "crm_manufacturing.ir_cron_refresh_decision_contacts"
    _cron_method = "_cron_refresh_last_contact_dates"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Member = cls.env["crm.decision.member"]
        Member._refresh_last_contact_dates()  # nothing stale left from other data
        Partner = cls.env["res.partner"]
        customer = Partner.create({"name": "Batch Boiler Works", "is_company": True})
        people = Partner.create(
            [{"name": f"Batch Person {i}", "parent_id": customer.id} for i in range(6)]
        )
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": f"Batch line {i}",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "decision_member_ids": [
                        Command.create({"partner_id": person.id, "role": "user"})
                    ],
                }
                for i, person in enumerate(people)
            ]
        )
        cls.members = cls.leads.decision_member_ids.sorted("id")
        # messages stored without message_post (an import): dates stale until the cron runs
        cls.env["mail.message"].create(
            [
                {
                    "model": "crm.lead",
                    "res_id": member.lead_id.id,
                    "author_id": member.partner_id.id,
                    "message_type": "comment",
                    "body": "Seen the offer",
                    "date": f"2026-06-{i + 10} 09:00:00",
                }
                for i, member in enumerate(cls.members)
            ]
        )
        # a date typed by hand after the message is not stale and never lowered
        cls.members[-1].last_contact_date = "2026-06-29"
        cls.expected = [date(2026, 6, 10 + i) for i in range(5)] + [date(2026, 6, 29)]

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        self._assert_cron_calls(2, [(2, 3)])
        self.assertEqual(self.members[:2].mapped("last_contact_date"), self.expected[:2])
        self.assertFalse(any(self.members[2:5].mapped("last_contact_date")))
        # the next batch dies after its UPDATE, before the commit: nothing of it stays
        self._cron_call_killed(2, "crm.lead", "invalidate_model", 1)
        self.assertFalse(any(self.members[2:5].mapped("last_contact_date")))
        # the next run picks up the stale members only, each once
        self._assert_cron_calls(2, [(2, 1), (1, 0), (0, 0)])
        self.assertEqual(self.members.mapped("last_contact_date"), self.expected)

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(4, [(4, 1), (1, 0)])
        self.assertEqual(self.members.mapped("last_contact_date"), self.expected)
