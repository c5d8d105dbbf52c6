import base64
import math

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import StageCommon


@tagged("post_install", "-at_install")
class TestCoreSecurity(StageCommon):
    """Rules of the core held on the saved result, bad input refused (issue 11, 17-20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Anshan Steel", "is_company": True})
        cls.boss = Partner.create({"name": "Boss Zhao", "parent_id": cls.customer.id})
        cls.engineer = Partner.create({"name": "Engineer Sun", "parent_id": cls.customer.id})
        cls.env["crm.evaluation.question"].search([]).active = False
        cls.question = cls.env["crm.evaluation.question"].create(
            {
                "name": "Funding",
                "weight": 1,
                "option_ids": [
                    Command.create({"name": "Yes", "score": 100}),
                    Command.create({"name": "No", "score": 0}),
                ],
            }
        )
        cls.other_question = cls.env["crm.evaluation.question"].create(
            {"name": "Urgency", "weight": 1, "option_ids": [Command.create({"name": "Now"})]}
        )
        cls.mine = cls._lead("Mine", partner_id=cls.customer.id)
        cls.theirs = cls._lead("Theirs", user=cls.other_salesman)

    # ------------------------------------------------------------- item 17
    def test_member_moved_onto_another_reps_opportunity_is_refused(self):
        member = self.env["crm.decision.member"].create(
            {"lead_id": self.mine.id, "partner_id": self.boss.id, "role": "decider"}
        )
        with self.assertRaises(AccessError):
            member.with_user(self.salesman).write({"lead_id": self.theirs.id})
        self.assertEqual(member.lead_id, self.mine)
        plan = self.env["crm.lead.stage.plan"].create(
            {"lead_id": self.mine.id, "stage_id": self.stage_new.id, "planned_date": "2026-01-01"}
        )
        with self.assertRaises(AccessError):
            plan.with_user(self.salesman).write({"lead_id": self.theirs.id})
        answer = self.env["crm.evaluation.answer"].create(
            {
                "lead_id": self.mine.id,
                "question_id": self.question.id,
                "option_id": self.question.option_ids[0].id,
            }
        )
        with self.assertRaises(AccessError):
            answer.with_user(self.salesman).write({"lead_id": self.theirs.id})
        self.assertEqual((plan.lead_id, answer.lead_id), (self.mine, self.mine))
        # moving between one's own opportunities stays possible
        own_other = self._lead("Mine too")
        member.with_user(self.salesman).write({"lead_id": own_other.id})
        self.assertEqual(member.lead_id, own_other)

    def test_option_moved_to_another_question_with_answers_is_refused(self):
        option = self.question.option_ids.filtered(lambda o: o.name == "Yes")
        self.env["crm.evaluation.answer"].create(
            {"lead_id": self.mine.id, "question_id": self.question.id, "option_id": option.id}
        )
        with self.assertRaisesRegex(ValidationError, "cannot move"), self.env.cr.savepoint():
            option.write({"question_id": self.other_question.id})
        self.env.invalidate_all()
        self.assertEqual(option.question_id, self.question)
        unused = self.question.option_ids.filtered(lambda o: o.name == "No")
        unused.write({"question_id": self.other_question.id})
        with self.assertRaises(ValidationError):
            self.other_question.write({"option_ids": [Command.link(option.id)]})
        self.env.invalidate_all()
        self.assertEqual(option.question_id, self.question)

    # ---------------------------------------------------------- items 18/19
    def test_funnel_refuses_bad_arguments(self):
        History = self.env["crm.lead.stage.history"].with_user(self.salesman)
        for args in (
            ("2026-13-45", "2026-12-31"),
            ("2026-12-31", "2026-01-01"),
            ("1000-01-01", "2026-01-01"),
            ("2026-01-01", "9999-12-31"),
            (None, "2026-01-01"),
            (42, "2026-01-01"),
            ("2026-01-01", "2026-12-31", "not a domain"),
            ("2026-01-01", "2026-12-31", [("nope", "=", 1)]),
            ("2026-01-01", "2026-12-31", [("probability", ">", "abc")]),
            ("2026-01-01", "2026-12-31", [("date_deadline", "=", [1, 2])]),
            ("2026-01-01", "2026-12-31", [("team_id", "~~", 1)]),
            ("2026-01-01", "2026-12-31", [1, 2, 3]),
        ):
            with self.subTest(args=args), self.assertRaises(UserError):
                History.get_funnel(*args)

    def test_funnel_reads_see_writes(self):
        with freeze_time("2026-03-01 10:00"):
            lead = self._lead("Moved")
            before = {
                row["stage_id"]: row["remaining"]
                for row in self.env["crm.lead.stage.history"].get_funnel(
                    "2026-03-01", "2026-03-01", [("id", "=", lead.id)]
                )
            }
            self.assertEqual(before[self.stage_new.id], 1)
            lead.stage_id = self.stage_qualified
            after = {
                row["stage_id"]: row["remaining"]
                for row in self.env["crm.lead.stage.history"].get_funnel(
                    "2026-03-01", "2026-03-01", [("id", "=", lead.id)]
                )
            }
        self.assertEqual((after[self.stage_new.id], after[self.stage_qualified.id]), (0, 1))

    def test_xlsx_export_refuses_bad_columns_and_values(self):
        xlsx = self.env["crm.manufacturing.xlsx"].with_user(self.salesman)
        char = [{"label": "Name", "type": "char"}]
        number = [{"label": "Amount", "type": "float"}]
        for args in (
            ("T", None, [["a"]]),
            ("T", [], [["a"]]),
            ("T", "Name", [["a"]]),
            ("T", ["Name"], [["a"]]),
            ("T", [{"type": "char"}], [["a"]]),
            ("T", [{"label": "X", "type": "money"}], [["a"]]),
            ("T", [{"label": "X", "width": math.nan}], [["a"]]),
            ("T", [{"label": "X", "width": -3}], [["a"]]),
            ("T", [{"label": "X", "type": "monetary", "currency_id": "EUR"}], [[1]]),
            ("T", number, [[math.nan]]),
            ("T", number, [[math.inf]]),
            ("T", number, [["abc"]]),
            ("T", [{"label": "D", "type": "date"}], [["2026-13-45"]]),
            ("T", [{"label": "D", "type": "date"}], [["9999-12-31"]]),
            ("T", [{"label": "D", "type": "datetime"}], [["yesterday"]]),
            ("T", char, "rows"),
            ("T", char, [42]),
            ("T", char, [[{"nested": 1}]]),
            (["T"], char, [["a"]]),
        ):
            with self.subTest(args=args), self.assertRaises(UserError):
                xlsx.export(*args)
        result = xlsx.export("Fine", number, [[1.5], [None], [2]])
        self.assertTrue(base64.b64decode(result["data"]).startswith(b"PK"))

    def test_searches_refuse_bad_values(self):
        Lead = self.env["crm.lead"].with_user(self.salesman)
        for domain in (
            [("evaluation_grade", "=", [1, 2])],
            [("evaluation_grade", "=", "Z")],
            [("evaluation_grade", "in", ["A", 3])],
            [("evaluation_grade", "like", "A")],
            [("decision_warning", ">", "x")],
            [("decision_warning", "ilike", 5)],
            [("decision_coverage", ">", "abc")],
            [("probability", "<", "abc")],
            [("date_deadline", ">", "2026-13-45")],
            [("create_date", ">", "abc")],
            [("type", "=", 5)],
        ):
            with self.subTest(domain=domain), self.assertRaises(UserError):
                Lead.search(domain)
        self.assertIn(self.mine, Lead.search([("evaluation_grade", "in", ["D", "C"])]))

    def test_nonsense_numbers_and_dates_are_refused(self):
        for vals in ({"weight": math.nan}, {"weight": math.inf}, {"weight": -1}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.question.write(vals)
        for vals in (
            {"probability": math.nan},
            {"probability": math.inf},
            {"expected_days": -1},
            {"expected_days": 10**6},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.stage_new.write(vals)
        member = self.env["crm.decision.member"].create(
            {"lead_id": self.mine.id, "partner_id": self.boss.id, "role": "decider"}
        )
        for vals in (
            {"last_contact_date": "1000-01-01"},
            {"last_contact_date": "9999-12-31"},
            {"role": "boss"},
            {"attitude": "hostile"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    member.write(vals)
        with self.assertRaises(ValidationError):
            self.env["crm.lead.stage.plan"].create(
                {
                    "lead_id": self.mine.id,
                    "stage_id": self.stage_new.id,
                    "planned_date": "1000-01-01",
                }
            )

    # ------------------------------------------------------------- item 20
    def test_decision_warning_searchable_as_text(self):
        Member = self.env["crm.decision.member"]
        Member.create(
            {
                "lead_id": self.mine.id,
                "partner_id": self.engineer.id,
                "role": "influencer",
                "influence": 5,
                "attitude": "opponent",
            }
        )
        clean = self._lead("Clean")
        Member.create(
            {
                "lead_id": clean.id,
                "partner_id": self.boss.id,
                "role": "decider",
                "last_contact_date": "2026-03-01",
            }
        )
        ours = self.mine | clean | self.theirs
        Lead = self.env["crm.lead"].with_context(active_test=False)
        with freeze_time("2026-03-10"):
            self.env.invalidate_all()
            self.assertFalse(clean.decision_warning)
            self.assertIn("Engineer Sun", self.mine.decision_warning)

            def found(operator, value):
                return Lead.search([("id", "in", ours.ids), ("decision_warning", operator, value)])

            self.assertEqual(found("ilike", "engineer sun"), self.mine)
            self.assertEqual(found("ilike", "no decider"), self.mine | self.theirs)
            self.assertEqual(found("not ilike", "engineer"), clean | self.theirs)
            self.assertEqual(found("like", "Engineer"), self.mine)
            self.assertEqual(found("like", "engineer"), Lead)
            self.assertEqual(found("=", "No decider identified"), self.theirs)
            self.assertEqual(found("!=", "No decider identified"), self.mine | clean)
            self.assertEqual(found("=ilike", "no decider%"), self.mine | self.theirs)
            self.assertEqual(found("in", ["No decider identified"]), self.theirs)
            self.assertEqual(found("=", False), clean)
            self.assertEqual(found("!=", False), self.mine | self.theirs)
            # same text as the compute, for every lead
            for lead in ours:
                self.assertEqual(found("=", lead.decision_warning or False), lead)
            # reads see writes: a new opponent counts before any flush
            Member.create(
                {
                    "lead_id": clean.id,
                    "partner_id": self.engineer.id,
                    "role": "user",
                    "influence": 4,
                    "attitude": "opponent",
                }
            )
            self.assertEqual(found("ilike", "engineer sun"), self.mine | clean)
