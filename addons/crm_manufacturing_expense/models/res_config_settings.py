from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_presales_cost_rate = fields.Float(
        related="company_id.crm_presales_cost_rate", readonly=False
    )
