from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_replacement_opportunities = fields.Boolean(
        related="company_id.crm_replacement_opportunities", readonly=False
    )
