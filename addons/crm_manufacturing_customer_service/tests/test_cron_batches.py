from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_manufacturing.tests.cron_common import CronBatchMixin


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestReplacementCronBatches(CronBatchMixin, TransactionCase):
    _cron_xmlid = "crm_manufacturing_customer_service.ir_cron_replacement_opportunities"
    _cron_method = "_cron_replacement_opportunities"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.crm_replacement_opportunities = True
        Partner = cls.env["res.partner"]
        Partner._cron_replacement_opportunities(batch_size=10**6)  # nothing left from others
        cls.salesman = new_test_user(
            cls.env, login="replacement_batch_rep", groups="sales_team.group_sale_salesman"
        )
        robot = cls.env["product.product"].create(
            {
                "name": "Batch Robot",
                "type": "consu",
                "is_serviceable": True,
                "warranty_months": 12,
                "service_life_years": 5,
            }
        )
        cls.customers = Partner.create(
            [
                {"name": f"Old Robots {i}", "is_company": True, "user_id": cls.salesman.id}
                for i in range(5)
            ]
        )
        Equipment = cls.env["service.equipment"]
        # six years old: due; the first customer has two of them, the last a young one too
        cls.machines = Equipment.create(
            [
                {"product_id": robot.id, "partner_id": customer.id, "install_date": "2020-03-01"}
                for customer in cls.customers[:1] + cls.customers
            ]
        )
        cls.young = Equipment.create(
            {
                "product_id": robot.id,
                "partner_id": cls.customers[-1].id,
                "install_date": "2025-03-01",
            }
        )

    def _opportunities(self):
        """{customer: number of replacement opportunities}"""
        groups = self.env["crm.lead"]._read_group(
            [("partner_id", "in", self.customers.ids), ("replacement_equipment_ids", "!=", False)],
            ["partner_id"],
            ["__count"],
        )
        return dict(groups)

    def _assert_each_once(self):
        self.assertEqual(self._opportunities(), dict.fromkeys(self.customers, 1))
        leads = self.env["crm.lead"].search([("partner_id", "in", self.customers.ids)])
        self.assertEqual(leads.replacement_equipment_ids, self.machines)
        self.assertEqual(
            sorted(len(lead.replacement_equipment_ids) for lead in leads), [1, 1, 1, 1, 2]
        )
        self.assertEqual(leads.user_id, self.salesman)

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        self._assert_cron_calls(2, [(2, 3)])
        self.assertEqual(self._opportunities(), dict.fromkeys(self.customers[:2], 1))
        # the next batch dies after creating its opportunities, before the commit
        self._cron_call_killed(2, "ir.cron", "_notify_progress", 1)
        self.assertEqual(self._opportunities(), dict.fromkeys(self.customers[:2], 1))
        # the next run opens the other customers' opportunities only, each once
        self._assert_cron_calls(2, [(2, 1), (1, 0), (0, 0)])
        self._assert_each_once()

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(4, [(4, 1), (1, 0)])
        self._assert_each_once()
