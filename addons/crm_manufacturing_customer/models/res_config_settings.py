from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_dormant_months = fields.Integer(related="company_id.crm_dormant_months", readonly=False)
    crm_rfm_years = fields.Integer(related="company_id.crm_rfm_years", readonly=False)
    crm_profile_min_completeness = fields.Integer(
        related="company_id.crm_profile_min_completeness", readonly=False
    )
