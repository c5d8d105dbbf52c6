from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_presales_cost_rate = fields.Float(
        string="Pursuit Allowance (%)",
        default=2.0,
        help="Share of an opportunity's weighted revenue (expected revenue x probability) "
        "worth spending to win it. An expense that takes a deal's spending beyond it needs a "
        "sales manager's approval. 0 disables the allowance check.",
    )

    @api.constrains("crm_presales_cost_rate")
    def _check_crm_presales_cost_rate(self):
        for company in self:
            if not 0 <= company.crm_presales_cost_rate <= 100:
                raise ValidationError(
                    _("The pursuit allowance rate is a percentage between 0 and 100.")
                )
