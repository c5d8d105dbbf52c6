from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_probability_mode = fields.Selection(
        related="company_id.crm_probability_mode", readonly=False, required=True
    )
    crm_plan_stages_on_create = fields.Boolean(
        related="company_id.crm_plan_stages_on_create", readonly=False
    )
    crm_committee_floor = fields.Float(related="company_id.crm_committee_floor", readonly=False)
