import re

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import demo_record_or_skip

CJK = re.compile(r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestCompetitorDemo(TransactionCase):
    """Competitors of the demo machine maker, on won, lost and open deals (demo data only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ref = lambda self, xmlid: self.env.ref(xmlid)
        demo_record_or_skip(cls.env, "crm_manufacturing_competitor.competitor_hengyuan")

    def test_lost_deals_name_the_winner_and_open_deals_their_competitors(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        lost = Lead.browse(
            [
                self.ref(f"crm_manufacturing_competitor.lead_lost_{name}").id
                for name in ("transfer_line", "hot_stamping", "blanking_line")
            ]
        )
        for lead in lost:
            with self.subTest(lead=lead.name):
                self.assertFalse(lead.active)
                self.assertTrue(lead.lost_to_competitor_id)
                self.assertRegex(lead.name, CJK)
        for xmlid in (
            "crm_manufacturing.demo_lead_stamping_line",
            "crm_manufacturing.demo_lead_foreign_press",
            "crm_manufacturing_competitor.lead_open_battery_line",
        ):
            lead = self.ref(xmlid)
            with self.subTest(lead=lead.name):
                self.assertTrue(lead.active)
                self.assertTrue(lead.competitor_ids)
                self.assertTrue(lead.date_deadline)

    def test_chinese_competitors_have_chinese_names(self):
        for name in ("hengyuan", "jinhu"):
            competitor = self.ref(f"crm_manufacturing_competitor.competitor_{name}")
            self.assertEqual(competitor.country_id, self.env.ref("base.cn"))
            self.assertRegex(competitor.name, CJK)
            self.assertRegex(competitor.strengths, CJK)
