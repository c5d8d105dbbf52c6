from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import StageCommon


@tagged("post_install", "-at_install")
class TestEvaluation(StageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only our questions count
        cls.env["crm.evaluation.question"].search([]).active = False
        cls.q_amount = cls._question("Amount", 3, Big=100, Small=30)
        cls.q_funding = cls._question("Funding", 2, Yes=90, No=0)
        cls.q_urgency = cls._question("Urgency", 1, Now=70)

    @classmethod
    def _question(cls, name, weight, **scores):
        """A question of ``weight`` whose options score ``scores`` (option name: score)."""
        return cls.env["crm.evaluation.question"].create(
            {
                "name": name,
                "weight": weight,
                "option_ids": [
                    Command.create({"name": option, "score": score})
                    for option, score in scores.items()
                ],
            }
        )

    def _answer(self, lead, question, option_name):
        option = question.option_ids.filtered(lambda o: o.name == option_name)
        return self.env["crm.evaluation.answer"].create(
            {"lead_id": lead.id, "question_id": question.id, "option_id": option.id}
        )

    def test_score_and_grade(self):
        lead = self._lead()
        self.assertEqual(lead.evaluation_score, 0)
        self.assertEqual(lead.evaluation_grade, "D")
        self._answer(lead, self.q_amount, "Big")
        # 3*100 / 6 = 50.0, unanswered count 0
        self.assertEqual(lead.evaluation_score, 50.0)
        self.assertEqual(lead.evaluation_grade, "C")
        self._answer(lead, self.q_funding, "Yes")
        # (300 + 180) / 6 = 80.0
        self.assertEqual(lead.evaluation_score, 80.0)
        self.assertEqual(lead.evaluation_grade, "A")
        self._answer(lead, self.q_urgency, "Now")
        # (300 + 180 + 70) / 6 = 91.666 -> 91.7
        self.assertEqual(lead.evaluation_score, 91.7)
        other = self._lead()
        self._answer(other, self.q_amount, "Small")
        self._answer(other, self.q_funding, "Yes")
        # (90 + 180) / 6 = 45.0 -> C ; grade searchable in SQL
        self.assertEqual(other.evaluation_grade, "C")
        leads = lead | other
        self.assertEqual(
            self.env["crm.lead"].search([("id", "in", leads.ids), ("evaluation_grade", "=", "A")]),
            lead,
        )
        self.assertEqual(
            self.env["crm.lead"].search([("id", "in", leads.ids), ("evaluation_grade", "!=", "A")]),
            other,
        )

    def test_invalid_values_refused(self):
        with self.assertRaises(ValidationError):
            self.q_amount.weight = 0
        with self.assertRaises(ValidationError):
            self.q_amount.option_ids[0].score = 101
        lead = self._lead()
        with self.assertRaises(ValidationError):
            self.env["crm.evaluation.answer"].create(
                {
                    "lead_id": lead.id,
                    "question_id": self.q_amount.id,
                    "option_id": self.q_funding.option_ids[0].id,
                }
            )

    def test_stage_gate(self):
        self.stage_proposal.min_evaluation_score = 60
        lead = self._lead()
        self._answer(lead, self.q_amount, "Big")  # 50.0
        with self.assertRaises(UserError) as error:
            lead.stage_id = self.stage_proposal
        self.assertRegex(str(error.exception), r"50\.0.*60")
        self.assertEqual(lead.stage_id, self.stage_new)
        self._answer(lead, self.q_funding, "Yes")  # 80.0
        lead.with_user(self.salesman).stage_id = self.stage_proposal
        self.assertEqual(lead.stage_id, self.stage_proposal)
        with self.assertRaises(UserError):
            self._lead(stage=self.stage_proposal)
