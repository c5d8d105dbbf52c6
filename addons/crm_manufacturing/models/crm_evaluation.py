import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


def refuse_invalid(records, is_invalid, message):
    """A constraint's check: ValidationError ``message(record)`` for the first of ``records``
    that ``is_invalid`` (translated with ``self.env._``: a lambda has no ``self`` for ``_``)."""
    for record in records:
        if is_invalid(record):
            raise ValidationError(message(record))


class CrmEvaluationQuestion(models.Model):
    _name = "crm.evaluation.question"
    _description = "Opportunity Evaluation Question"
    _order = "sequence, id"

    name = fields.Char(string="Question", required=True, translate=True)
    sequence = fields.Integer(default=10)
    weight = fields.Float(default=1.0, required=True)
    active = fields.Boolean(default=True)
    option_ids = fields.One2many(
        "crm.evaluation.option", "question_id", string="Options", copy=True
    )

    @api.constrains("weight")
    def _check_weight(self):
        refuse_invalid(
            self,
            lambda question: not math.isfinite(question.weight) or question.weight <= 0,
            lambda question: self.env._(
                "The weight of question %(question)s must be a positive number.",
                question=question.name,
            ),
        )


class CrmEvaluationOption(models.Model):
    _name = "crm.evaluation.option"
    _description = "Opportunity Evaluation Option"
    _order = "question_id, score desc, id"

    question_id = fields.Many2one(
        "crm.evaluation.question", required=True, ondelete="cascade", index=True
    )
    name = fields.Char(string="Answer", required=True, translate=True)
    score = fields.Integer(required=True, default=0)

    @api.constrains("question_id")
    def _check_answers_follow_question(self):
        """An option moved to another question would leave the answers that chose it
        answering a question they no longer belong to."""
        # sudo: a check on every answer (of any rep), it reads and returns nothing
        answers = (
            self.env["crm.evaluation.answer"]
            .sudo()
            .search([("option_id", "in", self.ids)])
            .filtered(lambda answer: answer.option_id.question_id != answer.question_id)
        )
        if answers:
            raise ValidationError(
                _(
                    "Answer %(option)s is chosen in %(count)s evaluations of question "
                    "%(question)s: it cannot move to another question. Create a new answer "
                    "there instead.",
                    option=answers[0].option_id.name,
                    count=len(answers),
                    question=answers[0].question_id.name,
                )
            )

    @api.constrains("score")
    def _check_score(self):
        refuse_invalid(
            self,
            lambda option: not 0 <= option.score <= 100,
            lambda option: self.env._(
                "The score of answer %(option)s must be between 0 and 100.", option=option.name
            ),
        )


class CrmEvaluationAnswer(models.Model):
    _name = "crm.evaluation.answer"
    _description = "Opportunity Evaluation Answer"
    _order = "lead_id, question_sequence, question_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    question_id = fields.Many2one("crm.evaluation.question", required=True, ondelete="cascade")
    question_sequence = fields.Integer(related="question_id.sequence", store=True)
    option_id = fields.Many2one(
        "crm.evaluation.option",
        string="Answer",
        required=True,
        ondelete="restrict",
        domain="[('question_id', '=', question_id)]",
    )
    score = fields.Integer(related="option_id.score")
    weight = fields.Float(related="question_id.weight")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)

    _sql_constraints = [
        (
            "lead_question_unique",
            "unique(lead_id, question_id)",
            "Each evaluation question is answered once per opportunity.",
        ),
    ]

    def write(self, vals):
        res = super().write(vals)
        if "lead_id" in vals:
            # record rules are checked on the result too (another rep's opportunity)
            self.check_access("write")
        return res

    @api.constrains("option_id", "question_id")
    def _check_option_question(self):
        for answer in self:
            if answer.option_id.question_id != answer.question_id:
                raise ValidationError(
                    _(
                        "The answer %(option)s does not belong to question %(question)s.",
                        option=answer.option_id.name,
                        question=answer.question_id.name,
                    )
                )
