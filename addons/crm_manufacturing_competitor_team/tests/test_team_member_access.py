from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_manufacturing.tests.common import CrmManufacturingCase, make_users


@tagged("post_install", "-at_install")
@freeze_time("2025-06-15 10:00:00")
class TestCompetitorsOfProjectTeams(CrmManufacturingCase):
    """Salespeople with "own documents only": the owner of the deal, a current member of its
    project team, a former member (date_end passed) and a salesperson outside the team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner, cls.member, cls.former, cls.outsider = make_users(
            cls.env,
            ("ct_owner", "Owner Wang"),
            ("ct_member", "Presales Li"),
            ("ct_former", "Former Zhao"),
            ("ct_out", "Outsider Sun"),
        )
        Competitor = cls.env["crm.competitor"]
        cls.hengyuan = Competitor.create({"name": "CT Hengyuan Press", "price_level": "low"})
        cls.kanto = Competitor.create({"name": "CT Kanto Servo", "price_level": "similar"})
        cls.deal = cls.env["crm.lead"].create(
            {
                "name": "CT Press line",
                "type": "opportunity",
                "user_id": cls.owner.id,
                "expected_revenue": 500000,
                "competitor_ids": [
                    (0, 0, {"competitor_id": cls.hengyuan.id, "quoted_price": 450000})
                ],
            }
        )
        cls.line = cls.deal.competitor_ids
        # a deal won against a competitor: the competitive analysis lists closed deals only
        cls.won_deal = cls.env["crm.lead"].create(
            {
                "name": "CT Won press line",
                "type": "opportunity",
                "user_id": cls.owner.id,
                "expected_revenue": 300000,
                "competitor_ids": [(0, 0, {"competitor_id": cls.kanto.id, "quoted_price": 1})],
            }
        )
        cls.won_deal.action_set_won()
        for deal in cls.deal | cls.won_deal:
            cls.env["crm.lead.team.member"].create(
                [
                    {
                        "lead_id": deal.id,
                        "user_id": cls.member.id,
                        "role": "presales",
                        "date_start": date(2025, 1, 1),
                    },
                    {
                        "lead_id": deal.id,
                        "user_id": cls.former.id,
                        "role": "technical",
                        "date_start": date(2025, 1, 1),
                        "date_end": date(2025, 5, 31),
                    },
                ]
            )
        # a deal of the owner's where nobody else is in the team
        cls.other_deal = cls.env["crm.lead"].create(
            {
                "name": "CT Other deal",
                "type": "opportunity",
                "user_id": cls.owner.id,
                "competitor_ids": [(0, 0, {"competitor_id": cls.kanto.id})],
            }
        )

    def _lines(self, user):
        return self.env["crm.lead.competitor"].with_user(user).search([])

    def test_current_member_reads_and_edits_the_competitors_of_the_deal(self):
        self.assertEqual(self._lines(self.member), self.line | self.won_deal.competitor_ids)
        line = self.line.with_user(self.member)
        self.assertEqual(line.competitor_id, self.hengyuan)
        line.write({"quoted_price": 430000, "strategy": "Price cut with leasing"})
        self.assertEqual(self.line.quoted_price, 430000)
        added = (
            self.env["crm.lead.competitor"]
            .with_user(self.member)
            .create({"lead_id": self.deal.id, "competitor_id": self.kanto.id, "threat": "high"})
        )
        self.assertEqual(self.deal.competitor_ids, self.line | added)
        added.unlink()
        # through the deal, as the form does
        self.assertEqual(self.deal.with_user(self.member).competitor_ids, self.line)
        # and the competitive analysis of the deal
        report = self.env["crm.competitor.report"].with_user(self.member).search([])
        self.assertEqual(report.lead_id, self.won_deal)

    def test_member_gets_nothing_on_the_other_deals(self):
        self.assertNotIn(self.other_deal.competitor_ids, self._lines(self.member))
        with self.assertRaises(AccessError):
            self.other_deal.competitor_ids.with_user(self.member).quoted_price = 1
        with self.assertRaises(AccessError):
            self.env["crm.lead.competitor"].with_user(self.member).create(
                {"lead_id": self.other_deal.id, "competitor_id": self.hengyuan.id}
            )

    def test_non_member_neither_reads_nor_edits(self):
        self.assertFalse(self._lines(self.outsider))
        with self.assertRaises(AccessError):
            self.line.with_user(self.outsider).read(["quoted_price"])
        with self.assertRaises(AccessError):
            self.line.with_user(self.outsider).quoted_price = 1
        with self.assertRaises(AccessError):
            self.env["crm.lead.competitor"].with_user(self.outsider).create(
                {"lead_id": self.deal.id, "competitor_id": self.kanto.id}
            )
        self.assertFalse(self.env["crm.competitor.report"].with_user(self.outsider).search([]))

    def test_former_member_loses_the_access(self):
        self.assertFalse(self._lines(self.former))
        with self.assertRaises(AccessError):
            self.line.with_user(self.former).read(["quoted_price"])
        with self.assertRaises(AccessError):
            self.line.with_user(self.former).unlink()
        self.assertFalse(self.env["crm.competitor.report"].with_user(self.former).search([]))

    def test_member_loses_the_access_when_the_membership_ends(self):
        self.assertTrue(self._lines(self.member))
        with freeze_time("2026-01-10 10:00:00"):
            memberships = self.env["crm.lead.team.member"].search(
                [("user_id", "=", self.member.id)]
            )
            self.assertEqual(memberships.lead_id, self.deal | self.won_deal)
            memberships.date_end = date(2026, 1, 9)
            self.env.invalidate_all()
            self.assertFalse(self._lines(self.member))
            with self.assertRaises(AccessError):
                self.line.with_user(self.member).quoted_price = 1
