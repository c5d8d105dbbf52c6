from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_block_delivery = fields.Boolean(
        related="company_id.credit_block_delivery", readonly=False
    )
