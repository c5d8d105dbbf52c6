import re

from odoo.tests import TransactionCase, tagged

CJK = re.compile(r"[\u4e00-\u9fff]")
PARTS = ("bearing", "seal_kit", "servo", "filter", "hydraulic_pump")


@tagged("post_install", "-at_install")
class TestServiceDemo(TransactionCase):
    """Machines in service, their spare parts and the requests of every state (demo only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("crm_manufacturing_service.demo_part_bearing", raise_if_not_found=False):
            cls.skipTest(cls, "the database has no demo data")

    def test_machines_and_spare_parts(self):
        for name in ("cnc", "imm"):
            machine = self.env.ref(f"crm_manufacturing_service.demo_product_{name}")
            self.assertTrue(machine.is_serviceable)
            self.assertEqual(machine.tracking, "serial")
        for name in PARTS:
            part = self.env.ref(f"crm_manufacturing_service.demo_part_{name}")
            with self.subTest(part=part.name):
                self.assertTrue(part.is_spare_part)
                self.assertTrue(part.is_storable)
                self.assertGreater(part.qty_available, 0)
        self.assertEqual(
            self.env.ref("crm_manufacturing_service.demo_part_hydraulic_pump").qty_available, 4
        )

    def test_requests_in_every_state_written_in_chinese(self):
        requests = self.env["service.request"].browse(
            [
                self.env.ref(f"crm_manufacturing_service.demo_request_{state}").id
                for state in ("new", "assigned", "in_progress", "done", "closed", "cancelled")
            ]
        )
        self.assertEqual(
            set(requests.mapped("state")),
            {"new", "assigned", "in_progress", "done", "closed", "cancelled"},
        )
        for request in requests:
            self.assertRegex(str(request.description), CJK)
        self.assertRegex(self.env.ref("crm_manufacturing_service.demo_location_ningbo").name, CJK)
