from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_warranty_start = fields.Selection(
        related="company_id.service_warranty_start", readonly=False, required=True
    )
