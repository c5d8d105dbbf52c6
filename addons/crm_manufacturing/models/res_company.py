from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_probability_mode = fields.Selection(
        [("predictive", "Predictive scoring"), ("stage", "Stage probability")],
        string="Opportunity Probability",
        default="predictive",
        required=True,
        help="Predictive scoring: Odoo computes the probability from past won and lost "
        "opportunities. Stage probability: the probability of an opportunity is the win "
        "probability of its stage, set whenever the stage changes.",
    )
    crm_plan_stages_on_create = fields.Boolean(
        string="Plan Stages on Creation",
        help="Create the stage plan of every new opportunity from the expected days of the stages.",
    )
