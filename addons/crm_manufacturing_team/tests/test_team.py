from datetime import date, timedelta

from lxml import etree
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import TeamCommon


@tagged("post_install", "-at_install")
class TestProjectTeam(TeamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._lead("Gear hobbing line")
        cls.lead.team_member_ids.share_percent = 60
        cls.presales = cls.env["crm.lead.team.member"].create(
            {
                "lead_id": cls.lead.id,
                "user_id": cls.member.id,
                "role": "presales",
                "share_percent": 40,
            }
        )
        cls.former = cls.env["crm.lead.team.member"].create(
            {
                "lead_id": cls.lead.id,
                "user_id": cls.outsider.id,
                "role": "technical",
                "date_start": date.today() - timedelta(days=60),
                "date_end": date.today() - timedelta(days=1),
            }
        )
        cls.committee = cls.env["crm.decision.member"].create(
            {
                "lead_id": cls.lead.id,
                "partner_id": cls.customer_contact.id,
                "role": "decider",
                "attitude": "supporter",
            }
        )
        cls.plan = cls.env["crm.lead.stage.plan"].create(
            {"lead_id": cls.lead.id, "stage_id": cls.stage_open.id, "planned_date": date.today()}
        )
        question = cls.env["crm.evaluation.question"].create(
            {
                "name": "Funding in place?",
                "option_ids": [
                    (0, 0, {"name": "Yes", "score": 100}),
                    (0, 0, {"name": "No", "score": 0}),
                ],
            }
        )
        cls.answer = cls.env["crm.evaluation.answer"].create(
            {
                "lead_id": cls.lead.id,
                "question_id": question.id,
                "option_id": question.option_ids[0].id,
            }
        )
        cls.stranger = cls.successor

    def test_salesperson_is_a_sales_member_with_the_whole_share_by_default(self):
        lead = self._lead("Default team", user=self.member)
        self.assertEqual(len(lead.team_member_ids), 1)
        self.assertEqual(lead.team_member_ids.user_id, self.member)
        self.assertEqual(lead.team_member_ids.role, "sales")
        self.assertEqual(lead.team_member_ids.share_percent, 100)

    def test_shares_above_100_are_refused_on_create_and_write(self):
        with self.assertRaises(ValidationError):
            self.env["crm.lead.team.member"].create(
                {
                    "lead_id": self.lead.id,
                    "user_id": self.successor.id,
                    "role": "service",
                    "share_percent": 1,
                }
            )
        with self.assertRaises(ValidationError):
            self.presales.share_percent = 41
        with self.assertRaises(ValidationError):
            self.presales.share_percent = -5
        # exactly 100 is fine, and lowering one share makes room for another member
        self.presales.share_percent = 30
        extra = self.env["crm.lead.team.member"].create(
            {
                "lead_id": self.lead.id,
                "user_id": self.successor.id,
                "role": "service",
                "share_percent": 10,
            }
        )
        self.assertEqual(self.lead.team_share_total, 100)
        self.assertTrue(extra)

    def test_same_person_same_role_twice_is_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["crm.lead.team.member"].create(
                {"lead_id": self.lead.id, "user_id": self.member.id, "role": "presales"}
            )
        # another role of the same person is allowed
        self.env["crm.lead.team.member"].create(
            {"lead_id": self.lead.id, "user_id": self.member.id, "role": "technical"}
        )

    def test_end_before_start_is_refused(self):
        with self.assertRaises(ValidationError):
            self.presales.date_end = self.presales.date_start - timedelta(days=1)

    def test_current_member_reads_and_edits_the_deal_and_its_records(self):
        lead = self.lead.with_user(self.member)
        self.assertEqual(lead.name, "Gear hobbing line")
        lead.write({"description": "<p>Needs a second hobbing machine</p>"})
        self.assertIn(lead, self.env["crm.lead"].with_user(self.member).search([]))
        committee = self.committee.with_user(self.member)
        committee.attitude = "champion"
        self.assertEqual(self.committee.attitude, "champion")
        self.env["crm.decision.member"].with_user(self.member).create(
            {"lead_id": self.lead.id, "partner_id": self.customer_contact.id, "role": "influencer"}
        )
        self.plan.with_user(self.member).actual_date = date.today()
        self.answer.with_user(self.member).read(["score"])
        self.assertEqual(
            self.env["crm.lead.team.member"]
            .with_user(self.member)
            .search([("lead_id", "=", self.lead.id)]),
            self.lead.team_member_ids,
        )

    def test_member_cannot_delete_the_deal_nor_change_the_team_shares(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.member).unlink()
        with self.assertRaises(AccessError):
            self.presales.with_user(self.member).share_percent = 20

    def test_non_member_is_refused(self):
        lead = self.lead.with_user(self.stranger)
        with self.assertRaises(AccessError):
            lead.read(["name"])
        with self.assertRaises(AccessError):
            self.committee.with_user(self.stranger).read(["attitude"])
        with self.assertRaises(AccessError):
            self.plan.with_user(self.stranger).read(["planned_date"])
        with self.assertRaises(AccessError):
            self.answer.with_user(self.stranger).read(["score"])
        self.assertNotIn(self.lead, self.env["crm.lead"].with_user(self.stranger).search([]))

    def test_former_member_loses_access(self):
        self.assertFalse(self.former.is_current)
        with self.assertRaises(AccessError):
            self.lead.with_user(self.outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.committee.with_user(self.outsider).write({"attitude": "opponent"})
        # ending the membership of a current member takes the access away at once
        self.presales.write(
            {
                "date_start": date.today() - timedelta(days=10),
                "date_end": date.today() - timedelta(days=1),
            }
        )
        with self.assertRaises(AccessError):
            self.lead.with_user(self.member).read(["name"])

    def test_member_from_a_future_date_has_no_access_yet(self):
        self.presales.date_start = date.today() + timedelta(days=3)
        with self.assertRaises(AccessError):
            self.lead.with_user(self.member).read(["name"])

    def _my_projects_domain(self, user):
        view = self.env.ref("crm.view_crm_case_opportunities_filter")
        arch = etree.fromstring(self.env["crm.lead"].get_view(view.id, "search")["arch"])
        node = arch.xpath("//filter[@name='my_projects']")[0]
        return safe_eval(node.get("domain"), {"uid": user.id, "context_today": fields.Date.today})

    def test_my_projects_shows_deals_as_salesperson_or_current_member(self):
        own = self._lead("Own deal", user=self.member)
        other = self._lead("Not mine", user=self.successor)
        Lead = self.env["crm.lead"].with_user(self.member)
        found = Lead.search(self._my_projects_domain(self.member))
        self.assertIn(self.lead, found)
        self.assertIn(own, found)
        self.assertNotIn(other, found)
        found_former = (
            self.env["crm.lead"]
            .with_user(self.outsider)
            .search(self._my_projects_domain(self.outsider))
        )
        self.assertNotIn(self.lead, found_former)

    def test_won_amount_by_user_splits_expected_revenue_by_shares(self):
        won = self._lead("Won line", expected_revenue=200000)
        won.team_member_ids.share_percent = 75
        self.env["crm.lead.team.member"].create(
            {"lead_id": won.id, "user_id": self.member.id, "role": "presales", "share_percent": 25}
        )
        alone = self._lead("Won alone", user=self.successor, expected_revenue=50000)
        alone.team_member_ids.unlink()  # a deal without team: the salesperson's 100 %
        outside = self._lead("Won last year", user=self.member, expected_revenue=999)
        (won | alone | outside).write({"stage_id": self.stage_won.id})
        today = fields.Date.today()
        outside.date_closed = fields.Datetime.now() - timedelta(days=400)
        Member = self.env["crm.lead.team.member"]
        amounts = Member._won_amount_by_user(today - timedelta(days=1), today)
        self.assertAlmostEqual(amounts[self.rep.id], 150000)
        self.assertAlmostEqual(amounts[self.member.id], 50000)
        self.assertAlmostEqual(amounts[self.successor.id], 50000)
        only = Member._won_amount_by_user(today, today, user_ids=[self.member.id])
        self.assertEqual(set(only), {self.member.id})
        # a salesperson only counts the deals they may read
        as_rep = Member.with_user(self.successor)._won_amount_by_user(today, today)
        self.assertEqual(as_rep, {self.successor.id: 50000.0})

    def test_won_amount_refuses_bad_dates(self):
        Member = self.env["crm.lead.team.member"]
        with self.assertRaises(UserError):
            Member._won_amount_by_user(False, "2026-01-31")
        with self.assertRaises(UserError):
            Member._won_amount_by_user("2026-02-01", "2026-01-31")

    def test_won_amount_and_shares_are_not_writable_figures(self):
        self.assertFalse(self.env["crm.lead"]._fields["team_share_total"].store)
        self.assertTrue(self.env["crm.lead"]._fields["team_share_total"].readonly)
