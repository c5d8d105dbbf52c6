from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDecisionTree(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Harbin Boiler Works", "is_company": True})
        cls.boss = Partner.create(
            {"name": "Boss Ma", "parent_id": cls.customer.id, "function": "GM"}
        )
        cls.engineer = Partner.create(
            {"name": "Engineer Gu", "parent_id": cls.customer.id, "reports_to_id": cls.boss.id}
        )
        cls.buyer = Partner.create(
            {"name": "Buyer Qian", "parent_id": cls.customer.id, "reports_to_id": cls.boss.id}
        )
        cls.guard = Partner.create({"name": "Guard He", "parent_id": cls.customer.id})
        cls.rep = new_test_user(
            cls.env, login="dt_rep", groups="sales_team.group_sale_salesman", name="DT Rep"
        )
        cls.rep2 = new_test_user(
            cls.env, login="dt_rep2", groups="sales_team.group_sale_salesman", name="DT Rep 2"
        )

    def _lead(self, members=(), user=None, **vals):
        return self.env["crm.lead"].create(
            {
                "name": "Boiler line",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": (user or self.rep).id,
                "decision_member_ids": [Command.create(m) for m in members],
                **vals,
            }
        )

    def test_members_from_the_form(self):
        lead = self._lead()
        with Form(lead.with_user(self.rep)) as form:
            with form.decision_member_ids.new() as line:
                line.partner_id = self.boss
                line.role = "decider"
                line.influence = 5
                line.attitude = "supporter"
                line.is_primary = True
            with form.decision_member_ids.new() as line:
                line.partner_id = self.buyer
                line.role = "buyer"
            self.assertEqual(form.decision_coverage, 60)
        self.assertEqual(len(lead.decision_member_ids), 2)
        member = lead.decision_member_ids.filtered(lambda m: m.role == "decider")
        self.assertEqual(member.partner_company_id, self.customer)
        self.assertEqual(member.function, "GM")
        self.assertEqual(lead.decision_coverage, 60)

    def test_invalid_values_are_refused(self):
        lead = self._lead([{"partner_id": self.boss.id, "role": "decider", "is_primary": True}])
        Member = self.env["crm.decision.member"]
        for vals in (
            {"partner_id": self.buyer.id, "role": "buyer", "influence": 0},
            {"partner_id": self.buyer.id, "role": "buyer", "influence": 6},
            {"partner_id": self.customer.id, "role": "buyer"},
            {"partner_id": self.buyer.id, "role": "buyer", "is_primary": True},
            {"partner_id": self.boss.id, "role": "decider"},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                Member.create({"lead_id": lead.id, **vals})
        # the same person in another role is fine
        Member.create({"lead_id": lead.id, "partner_id": self.boss.id, "role": "influencer"})

    def test_coverage_and_warnings(self):
        with freeze_time("2026-06-30"):
            today = fields.Date.today()
            empty = self._lead()
            self.assertEqual(empty.decision_coverage, 0)
            self.assertEqual(empty.decision_warning, "No decider identified")
            full = self._lead(
                [
                    {
                        "partner_id": self.boss.id,
                        "role": "decider",
                        "last_contact_date": today - timedelta(days=3),
                    },
                    {"partner_id": self.buyer.id, "role": "buyer"},
                    {
                        "partner_id": self.engineer.id,
                        "role": "influencer",
                        "attitude": "opponent",
                        "influence": 4,
                    },
                    {"partner_id": self.engineer.id, "role": "user"},
                    {
                        "partner_id": self.guard.id,
                        "role": "gatekeeper",
                        "attitude": "opponent",
                        "influence": 3,
                    },
                ]
            )
            self.assertEqual(full.decision_coverage, 100)
            self.assertEqual(
                full.decision_warning, "Opponent with influence 4 or more: Engineer Gu"
            )
            stale = self._lead(
                [
                    {
                        "partner_id": self.boss.id,
                        "role": "decider",
                        "last_contact_date": today - timedelta(days=31),
                    },
                    {"partner_id": self.guard.id, "role": "gatekeeper"},
                ]
            )
            self.assertEqual(stale.decision_coverage, 50)
            self.assertEqual(stale.decision_warning, "No contact with the decider for over 30 days")
            never = self._lead([{"partner_id": self.boss.id, "role": "decider"}])
            self.assertEqual(never.decision_warning, "No contact with the decider for over 30 days")
            fresh = self._lead(
                [
                    {
                        "partner_id": self.boss.id,
                        "role": "decider",
                        "last_contact_date": today - timedelta(days=30),
                    }
                ]
            )
            self.assertFalse(fresh.decision_warning)
            leads = empty | full | stale | never | fresh
            Lead = self.env["crm.lead"]
            self.assertEqual(
                Lead.search([("id", "in", leads.ids), ("decision_warning", "=", False)]), fresh
            )
            self.assertEqual(
                Lead.search([("id", "in", leads.ids), ("decision_warning", "!=", False)]),
                leads - fresh,
            )
            self.assertEqual(
                Lead.search([("id", "in", leads.ids), ("decision_coverage", ">=", 50)]),
                full | stale,
            )
            missing = Lead.search(
                [
                    ("id", "in", leads.ids),
                    ("decision_member_ids", "not any", [("role", "=", "decider")]),
                ]
            )
            self.assertEqual(missing, empty)

    def test_last_contact_from_meetings_and_messages(self):
        lead = self._lead(
            [
                {"partner_id": self.boss.id, "role": "decider"},
                {"partner_id": self.buyer.id, "role": "buyer"},
            ]
        )
        boss = lead.decision_member_ids.filtered(lambda m: m.partner_id == self.boss)
        self.env["calendar.event"].create(
            {
                "name": "Site visit",
                "start": "2026-03-02 08:00:00",
                "stop": "2026-03-02 10:00:00",
                "opportunity_id": lead.id,
                "partner_ids": [Command.link(self.boss.id)],
            }
        )
        self.assertEqual(str(boss.last_contact_date), "2026-03-02")
        buyer = lead.decision_member_ids - boss
        self.assertFalse(buyer.last_contact_date)
        lead.message_post(
            body="Our quotation looks fine", author_id=self.buyer.id, message_type="comment"
        )
        self.assertEqual(buyer.last_contact_date, fields.Date.today())
        # a date typed by hand is never lowered
        boss.last_contact_date = fields.Date.today()
        self.env["crm.decision.member"]._refresh_last_contact_dates(lead)
        self.assertEqual(boss.last_contact_date, fields.Date.today())

    def test_reporting_cycle_refused(self):
        with self.assertRaises(ValidationError):
            self.boss.reports_to_id = self.engineer
        with self.assertRaises(ValidationError):
            self.engineer.reports_to_id = self.engineer
        with self.assertRaises(ValidationError):
            self.engineer.reports_to_id = self.customer
        self.assertEqual(self.boss.direct_report_ids, self.engineer | self.buyer)

    def test_relation_seen_from_both_sides(self):
        relation = self.env["res.partner.contact.relation"].create(
            {
                "partner_id": self.engineer.id,
                "related_partner_id": self.guard.id,
                "relation_type": "classmate",
            }
        )
        self.assertEqual(self.engineer.contact_relation_ids, relation)
        self.assertEqual(self.guard.contact_relation_reverse_ids, relation)
        with self.assertRaises(ValidationError):
            self.env["res.partner.contact.relation"].create(
                {
                    "partner_id": self.guard.id,
                    "related_partner_id": self.guard.id,
                    "relation_type": "friend",
                }
            )

    def test_job_change_is_tracked(self):
        person = (
            self.env["res.partner"]
            .with_context(tracking_disable=False)
            .create({"name": "Tracked Tu"})
        )
        person.function = "Engineer"
        self.env.cr.precommit.run()
        person.function = "Plant Manager"
        self.env.cr.precommit.run()
        values = person.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "function"
        )
        self.assertIn("Plant Manager", values.mapped("new_value_char"))

    def test_org_chart_shows_roles_of_the_opportunity(self):
        lead = self._lead(
            [
                {"partner_id": self.boss.id, "role": "decider", "influence": 5},
                {"partner_id": self.boss.id, "role": "buyer", "attitude": "skeptic"},
            ]
        )
        lead.decision_member_ids.filtered(lambda m: m.role == "decider").attitude = "supporter"
        action = lead.action_view_decision_org_chart()
        people = self.env["res.partner"].with_context(**action["context"]).search(action["domain"])
        self.assertIn(self.engineer, people)
        self.assertEqual(
            people.filtered(lambda p: p == self.boss).decision_role_display,
            "Buyer, Decider · influence 5/5 · Supporter",
        )
        self.assertFalse(self.engineer.with_context(**action["context"]).decision_role_display)
        # what the web client's hierarchy view does: the action's domain, without its context
        rows = self.env["res.partner"].hierarchy_read(
            action["domain"], ["name", "decision_role_display"], "reports_to_id"
        )
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(
            by_id[self.boss.id]["decision_role_display"],
            "Buyer, Decider · influence 5/5 · Supporter",
        )
        self.assertIn(self.engineer.id, by_id)
        self.assertEqual(self.boss.decision_lead_count, 1)

    def test_record_rules(self):
        mine = self._lead([{"partner_id": self.boss.id, "role": "decider"}])
        other = self._lead([{"partner_id": self.buyer.id, "role": "buyer"}], user=self.rep2)
        Member = self.env["crm.decision.member"].with_user(self.rep)
        self.assertEqual(Member.search([("lead_id", "in", (mine | other).ids)]).lead_id, mine)
        with self.assertRaises(AccessError):
            other.decision_member_ids.with_user(self.rep).read(["role"])
        with self.assertRaises(AccessError):
            Member.create({"lead_id": other.id, "partner_id": self.guard.id, "role": "user"})
        # members of another company's opportunities are invisible
        company2 = self.env["res.company"].create({"name": "Other Co"})
        self.rep.company_ids |= company2
        foreign = self._lead(
            [{"partner_id": self.guard.id, "role": "user"}], company_id=company2.id
        )
        visible = Member.with_context(allowed_company_ids=[self.env.company.id]).search(
            [("lead_id", "=", foreign.id)]
        )
        self.assertFalse(visible)

    def test_coverage_of_200_leads_in_constant_queries(self):
        partners = [self.boss, self.buyer, self.engineer, self.guard]
        roles = ["decider", "buyer", "influencer", "gatekeeper"]
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"L{i}",
                    "type": "opportunity",
                    "decision_member_ids": [
                        Command.create({"partner_id": partners[k].id, "role": roles[k]})
                        for k in range(i % 4 + 1)
                    ],
                }
                for i in range(200)
            ]
        )
        self.env.invalidate_all()
        leads = self.env["crm.lead"].browse(leads.ids)
        with self.assertQueryCount(6):
            result = leads.read(["decision_coverage", "decision_warning"])
        # the same number of queries for 20 leads as for 200
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            leads[:20].read(["decision_coverage", "decision_warning"])
        self.assertEqual(result[3]["decision_coverage"], 85)
        self.assertEqual(result[0]["decision_coverage"], 40)

    def test_selection_values_outside_the_choices_are_refused(self):
        # a UserError naming the choices (not the ORM's ValueError, a traceback over XML-RPC)
        lead = self._lead([{"partner_id": self.boss.id, "role": "decider"}])
        Member = self.env["crm.decision.member"]
        with self.assertRaisesRegex(UserError, "choose one of"):
            Member.create({"lead_id": lead.id, "partner_id": self.engineer.id, "role": "ceo"})
        member = lead.decision_member_ids
        with self.assertRaisesRegex(UserError, "choose one of"):
            member.write({"role": "ceo"})
        member.write({"role": "buyer"})
        self.assertEqual(member.role, "buyer")
        Relation = self.env["res.partner.contact.relation"]
        values = {"partner_id": self.boss.id, "related_partner_id": self.engineer.id}
        with self.assertRaisesRegex(UserError, "choose one of"):
            Relation.create(dict(values, relation_type="enemy"))
        relation = Relation.create(dict(values, relation_type="friend"))
        with self.assertRaisesRegex(UserError, "choose one of"):
            relation.write({"relation_type": False})
