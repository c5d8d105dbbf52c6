from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_manufacturing.tests.cron_common import CronBatchMixin

from .common import ServiceCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 12:00:00")
class TestCronBatches(CronBatchMixin, ServiceCase):
    _cron_xmlid = "crm_manufacturing_service.ir_cron_service_care"
    _cron_method = "_cron_service_care"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Equipment = cls.env["service.equipment"]
        Equipment._cron_service_care(batch_size=10**6)  # nothing left from other data
        # maintenance due on 2026-06-20 (within 14 days), warranty still long
        cls.due = Equipment.browse()
        for _i in range(3):
            cls.due |= cls._equipment("2025-12-20", maintenance_interval_months=6)
        # warranty ending on 2026-08-01 (within 60 days), no scheduled maintenance
        cls.ending = cls._equipment("2025-08-01") | cls._equipment("2025-08-01")
        cls._equipment("2025-10-01")  # warranty ends 2026-10-01: not yet

    def _assert_each_done_once(self):
        requests = self.env["service.request"].search([("equipment_id", "in", self.due.ids)])
        self.assertEqual(len(requests), 3)
        self.assertEqual(requests.equipment_id, self.due)
        self.assertEqual(set(requests.mapped("maintenance_date")), {date(2026, 6, 20)})
        for equipment in self.ending:
            self.assertEqual(len(equipment.activity_ids), 1)
            self.assertEqual(equipment.activity_ids.user_id, self.salesman)
            self.assertEqual(equipment.warranty_reminder_date, date(2026, 8, 1))
        self.assertFalse((self.due.request_ids | self.ending.request_ids) - requests)
        self.assertFalse(self.due.activity_ids)

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        self._assert_cron_calls(2, [(2, 3)])
        self.assertEqual(len(self.due.request_ids), 2)
        # the next batch (a request and a reminder) dies at its reminder: nothing of it stays
        self._cron_call_killed(2, "service.equipment", "activity_schedule", 1)
        self.assertEqual(len(self.due.request_ids), 2)
        self.assertFalse(self.ending.activity_ids)
        self.assertFalse(any(self.ending.mapped("warranty_reminder_date")))
        # the next run does the rest only, each once
        self._assert_cron_calls(2, [(2, 1), (1, 0), (0, 0)])
        self._assert_each_done_once()

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(4, [(4, 1), (1, 0)])
        self._assert_each_done_once()
