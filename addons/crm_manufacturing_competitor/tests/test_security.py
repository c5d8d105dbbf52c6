from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CompetitorCase


@tagged("post_install", "-at_install")
class TestCompetitorSecurity(CompetitorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.my_deal = cls._lead("Mine", competitors=[(cls.hengyuan, 90000, 50)])
        cls.their_deal = cls._lead(
            "Theirs", user=cls.other_salesman, competitors=[(cls.ostwerk, 90000, 50)]
        )
        cls.stranger = new_test_user(cls.env, "cmp_stranger", groups="base.group_user")

    def test_salesman_reads_competitors_and_adds_them_to_his_deals(self):
        Competitor = self.env["crm.competitor"].with_user(self.salesman)
        self.assertIn(self.hengyuan, Competitor.search([]))
        self.assertEqual(self.hengyuan.with_user(self.salesman).name, "Hengyuan Press Machinery")
        line = (
            self.env["crm.lead.competitor"]
            .with_user(self.salesman)
            .create(
                {
                    "lead_id": self.my_deal.id,
                    "competitor_id": self.kanto.id,
                    "quoted_price": 95000,
                    "threat": "high",
                }
            )
        )
        line.strategy = "Low price, financing through a leasing partner"
        self.my_deal.with_user(self.salesman).lost_to_competitor_id = False
        line.unlink()

    def test_salesman_cannot_edit_the_competitor_master(self):
        Competitor = self.env["crm.competitor"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Competitor.create({"name": "New Press Maker"})
        with self.assertRaises(AccessError):
            self.hengyuan.with_user(self.salesman).strengths = "none"
        with self.assertRaises(AccessError):
            self.hengyuan.with_user(self.salesman).action_archive()
        with self.assertRaises(AccessError):
            self.hengyuan.with_user(self.salesman).unlink()
        # the lost amount is for those who see every deal
        with self.assertRaises(AccessError):
            self.hengyuan.with_user(self.salesman).read(["lost_amount"])

    def test_salesman_cannot_touch_the_competitors_of_other_deals(self):
        Line = self.env["crm.lead.competitor"].with_user(self.salesman)
        self.assertFalse(Line.search([("lead_id", "=", self.their_deal.id)]))
        with self.assertRaises(AccessError):
            Line.create({"lead_id": self.their_deal.id, "competitor_id": self.kanto.id})
        with self.assertRaises(AccessError):
            self.their_deal.competitor_ids.with_user(self.salesman).quoted_price = 1
        with self.assertRaises(AccessError):
            self.their_deal.competitor_ids.with_user(self.salesman).unlink()
        # moving a line of one's own deal onto another's deal is refused as well
        with self.assertRaises(AccessError):
            self.my_deal.competitor_ids.with_user(self.salesman).lead_id = self.their_deal

    def test_sales_manager_edits_and_archives_the_master(self):
        competitor = self.hengyuan.with_user(self.manager)
        competitor.write({"strengths": "Cheap servo presses", "price_level": "low"})
        new = self.env["crm.competitor"].with_user(self.manager).create({"name": "Jinhu Forming"})
        self.assertTrue(new)
        competitor.action_archive()
        self.assertFalse(self.hengyuan.active)
        self.assertTrue(competitor.read(["lost_amount"]))
        # the manager sees and edits the competitors of every deal
        self.their_deal.competitor_ids.with_user(self.manager).threat = "high"

    def test_users_without_sales_rights_are_refused(self):
        for model in ("crm.competitor", "crm.lead.competitor", "crm.competitor.report"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.stranger).search([])

    def test_multi_company_separation(self):
        other = self.env["res.company"].create({"name": "Press Lines Wuxi"})
        theirs = self.env["crm.competitor"].create(
            {"name": "Wuxi Local Press", "company_id": other.id}
        )
        shared = self.env["crm.competitor"].create({"name": "Global Press", "company_id": False})
        visible = (
            self.env["crm.competitor"]
            .with_user(self.manager)
            .search([("id", "in", (theirs | shared).ids)])
        )
        self.assertEqual(visible, shared)
        with self.assertRaises(AccessError):
            theirs.with_user(self.manager).read(["name"])

    def test_competitor_of_another_company_refused_on_a_deal(self):
        other = self.env["res.company"].create({"name": "Press Lines Xi'an"})
        theirs = self.env["crm.competitor"].create(
            {"name": "Xi'an Local Press", "company_id": other.id}
        )
        with self.assertRaises(UserError):
            self.env["crm.lead.competitor"].create(
                {"lead_id": self.my_deal.id, "competitor_id": theirs.id}
            )
