from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_manufacturing.tests.common import CrmManufacturingCase, make_users
from odoo.addons.crm_manufacturing.tests.cron_common import CronBatchMixin


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestCronBatches(CronBatchMixin, CrmManufacturingCase):
    _cron_xmlid = "crm_manufacturing_contract.ir_cron_execution_overdue"
    _cron_method = "_cron_overdue_activities"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Step = cls.env["sale.execution.step"]
        Step._cron_overdue_activities(batch_size=10**6)  # nothing left from other data
        [cls.rep] = make_users(cls.env, "cron_rep")
        customer = cls.env["res.partner"].create({"name": "Batch Plant Co", "is_company": True})
        order = cls.env["sale.order"].create({"partner_id": customer.id, "user_id": cls.rep.id})
        order.execution_step_ids = [
            Command.create(
                {"name": f"Install {i}", "step_type": "other", "planned_date": "2026-06-01"}
                | ({"user_id": cls.rep.id} if i < 5 else {})
            )
            for i in range(6)
        ] + [
            Command.create(
                {"name": "Not yet", "step_type": "other", "planned_date": "2026-07-15"}
                | {"user_id": cls.rep.id}
            ),
        ]
        cls.steps = order.execution_step_ids.filtered("is_overdue").filtered("user_id").sorted("id")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def _activities(self):
        """{step: number of to-do activities} of the order's steps."""
        groups = self.env["mail.activity"]._read_group(
            [
                ("res_model", "=", "sale.execution.step"),
                ("res_id", "in", self.steps.order_id.execution_step_ids.ids),
                ("activity_type_id", "=", self.todo.id),
            ],
            ["res_id"],
            ["__count"],
        )
        return {self.env["sale.execution.step"].browse(res_id): count for res_id, count in groups}

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        self.assertEqual(len(self.steps), 5)
        self._assert_cron_calls(2, [(2, 3)])
        self.assertEqual(self._activities(), dict.fromkeys(self.steps[:2], 1))
        # the next batch dies after its first activity: nothing of it stays
        self._cron_call_killed(2, "sale.execution.step", "activity_schedule", 2)
        self.assertEqual(self._activities(), dict.fromkeys(self.steps[:2], 1))
        # the next run reminds the other steps only, each once
        self._assert_cron_calls(2, [(2, 1), (1, 0), (0, 0)])
        self.assertEqual(self._activities(), dict.fromkeys(self.steps, 1))
        self.assertEqual(self.steps.activity_ids.user_id, self.rep)

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(3, [(3, 2), (2, 0), (0, 0)])
        self.assertEqual(self._activities(), dict.fromkeys(self.steps, 1))
