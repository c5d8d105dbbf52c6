from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    execution_template_id = fields.Many2one(
        related="company_id.execution_template_id", readonly=False
    )
