from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

MAX_EXPECTED_DAYS = 3650  # ten years: a plan further out is a typing error


class CrmStage(models.Model):
    _inherit = "crm.stage"

    probability = fields.Float(
        string="Win Probability (%)",
        default=10.0,
        aggregator="avg",
        help="Default win probability of opportunities in this stage, used when the company "
        "computes probabilities from stages. A won stage is always 100 %.",
    )
    expected_days = fields.Integer(
        default=0,
        help="Planned number of days a project stays in this stage; used to plan the stages "
        "of an opportunity.",
    )
    min_evaluation_score = fields.Integer(
        string="Minimum Evaluation Score",
        default=0,
        help="An opportunity can only enter this stage when its evaluation score reaches this "
        "value (0: no gate).",
    )

    @api.constrains("probability", "is_won")
    def _check_probability(self):
        for stage in self:
            if not 0 <= stage.probability <= 100:
                raise ValidationError(
                    _(
                        "The win probability of stage %(stage)s must be between 0 and 100.",
                        stage=stage.name,
                    )
                )
            if stage.is_won and stage.probability != 100:
                raise ValidationError(
                    _(
                        "The won stage %(stage)s must have a win probability of 100.",
                        stage=stage.name,
                    )
                )

    @api.constrains("expected_days", "min_evaluation_score")
    def _check_plan_and_gate(self):
        for stage in self:
            if not 0 <= stage.expected_days <= MAX_EXPECTED_DAYS:
                raise ValidationError(
                    _(
                        "The expected days of stage %(stage)s must be between 0 and %(max)s.",
                        stage=stage.name,
                        max=MAX_EXPECTED_DAYS,
                    )
                )
            if not 0 <= stage.min_evaluation_score <= 100:
                raise ValidationError(
                    _(
                        "The minimum evaluation score of stage %(stage)s must be between 0 and 100.",
                        stage=stage.name,
                    )
                )

    @api.onchange("is_won")
    def _onchange_is_won_probability(self):
        if self.is_won:
            self.probability = 100.0

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_won"):
                vals["probability"] = 100.0
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("is_won"):
            vals["probability"] = 100.0
        return super().write(vals)
