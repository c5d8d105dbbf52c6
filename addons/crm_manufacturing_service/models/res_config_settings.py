from odoo import fields, models

from odoo.addons.crm_manufacturing.models.res_company import company_settings_fields

from .res_company import RESPONSE_FIELDS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # the service settings of the company (After-Sales Service's settings app)
    vars().update(
        company_settings_fields(
            dict.fromkeys(RESPONSE_FIELDS, fields.Float)
            | dict.fromkeys(
                ("service_labour_product_id", "service_default_point_id"), fields.Many2one
            )
        )
    )
