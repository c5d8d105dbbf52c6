import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_number


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_probability_mode = fields.Selection(
        [
            ("predictive", "Predictive scoring"),
            ("stage", "Stage probability"),
            ("stage_committee", "Stage probability weighted by the buying committee"),
        ],
        string="Opportunity Probability",
        default="predictive",
        required=True,
        help="Predictive scoring: Odoo computes the probability from past won and lost "
        "opportunities. Stage probability: the probability of an opportunity is the win "
        "probability of its stage, set whenever the stage changes. Weighted by the buying "
        "committee: the stage probability × (floor + (1 − floor) × decision tree coverage).",
    )
    crm_committee_floor = fields.Float(
        string="Committee Floor",
        default=0.5,
        digits=(3, 2),
        help="Share of the stage probability kept when nobody of the buying committee is "
        "known (0 to 1). With 0.5, a lead with no committee gets half its stage's "
        "probability, one with the whole committee (coverage 100 %) all of it.",
    )
    crm_plan_stages_on_create = fields.Boolean(
        string="Plan Stages on Creation",
        help="Create the stage plan of every new opportunity from the expected days of the stages.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_committee_floor_value(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_committee_floor_value(vals)
        return super().write(vals)

    @api.model
    def _check_committee_floor_value(self, vals):
        """Refuse a committee floor that is not a number before the ORM converts it."""
        if "crm_committee_floor" in vals:
            check_number(
                self.env,
                vals["crm_committee_floor"],
                self.env._("The committee floor"),
                minimum=0.0,
                maximum=1.0,
            )

    @api.constrains("crm_committee_floor")
    def _check_crm_committee_floor(self):
        for company in self:
            floor = company.crm_committee_floor
            if not math.isfinite(floor) or not 0.0 <= floor <= 1.0:
                raise ValidationError(
                    self.env._(
                        "The committee floor is a share between 0 and 1, not %(value)s.",
                        value=floor,
                    )
                )
