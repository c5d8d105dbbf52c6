import re

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import demo_record_or_skip

CJK = re.compile(r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestKpiDemo(TransactionCase):
    """Visits of the machine deals and targets in CNY (demo data only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo_record_or_skip(cls.env, "crm_manufacturing_kpi.demo_target_demo_won")

    def test_meetings_on_the_machine_deals_and_targets_in_cny(self):
        events = self.env["calendar.event"].search(
            [
                (
                    "opportunity_id",
                    "in",
                    [
                        self.env.ref("crm_manufacturing.demo_lead_stamping_line").id,
                        self.env.ref("crm_manufacturing.demo_lead_smt_line").id,
                    ],
                )
            ]
        )
        self.assertGreaterEqual(len(events), 6)
        for event in events:
            self.assertRegex(event.name, CJK)
        won = self.env.ref("crm_manufacturing_kpi.demo_target_demo_won")
        # a yearly target of machines sold, in CNY: millions, not thousands
        self.assertGreaterEqual(won.target_value, 1000000)
        self.assertRegex(won.name, CJK)
