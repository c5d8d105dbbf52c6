from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import StageCommon


@tagged("post_install", "-at_install")
class TestStagePlan(StageCommon):
    def test_plan_generation_actual_dates_and_late_detection(self):
        with freeze_time("2026-03-01 10:00:00"):
            lead = self._lead()
            lead.action_plan_stages()
        plan = lead.stage_plan_ids.sorted("planned_date")
        self.assertEqual(plan.stage_id, self.stages)
        self.assertEqual(
            plan.mapped("planned_date"),
            [date(2026, 3, 1), date(2026, 3, 11), date(2026, 3, 31), date(2026, 4, 30)],
        )
        # entering the first stage at creation filled its actual date
        self.assertEqual(plan[0].actual_date, date(2026, 3, 1))
        self.assertEqual(plan.user_id, self.salesman)
        with freeze_time("2026-03-15"):
            lead.stage_id = self.stage_qualified
            line = plan.filtered(lambda p: p.stage_id == self.stage_qualified)
            self.assertEqual(line.actual_date, date(2026, 3, 15))
            self.assertEqual(line.delay_days, 4)
            self.assertTrue(line.is_late)
            self.assertFalse(plan[2].is_late)
            late = self.env["crm.lead.stage.plan"].search(
                [("lead_id", "=", lead.id), ("is_late", "=", True)]
            )
            self.assertEqual(late, line)
            self.assertEqual(lead.stage_plan_late_count, 1)
        with freeze_time("2026-04-05"):
            plan.invalidate_recordset(["delay_days", "is_late"])  # a new day, a new request
            # not reached, planned 2026-03-31: late by 5 days
            self.assertEqual(plan[2].delay_days, 5)
            self.assertTrue(plan[2].is_late)
            # a stage entered again later keeps its first actual date
            lead.stage_id = self.stage_new
            lead.stage_id = self.stage_qualified
            self.assertEqual(line.actual_date, date(2026, 3, 15))
            # replanning keeps the lines already reached
            lead.action_plan_stages()
            self.assertEqual(len(lead.stage_plan_ids), 4)
            self.assertEqual(
                lead.stage_plan_ids.filtered(
                    lambda p: p.stage_id == self.stage_qualified
                ).actual_date,
                date(2026, 3, 15),
            )

    def test_plan_on_creation_setting(self):
        self.company.crm_plan_stages_on_create = True
        lead = self._lead()
        self.assertEqual(len(lead.stage_plan_ids), 4)
        self.company.crm_plan_stages_on_create = False
        self.assertFalse(self._lead().stage_plan_ids)
