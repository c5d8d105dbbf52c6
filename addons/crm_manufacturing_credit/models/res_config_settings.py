from odoo import fields, models

from odoo.addons.crm_manufacturing.models.res_company import company_settings_fields

from .res_company import PROVISION_FIELDS, SCORE_WEIGHT_FIELDS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # the credit policy of the company (Accounting's settings app)
    vars().update(
        company_settings_fields(
            {"credit_overdue_hold_days": fields.Integer}
            | dict.fromkeys(PROVISION_FIELDS, fields.Float)
            | dict.fromkeys(SCORE_WEIGHT_FIELDS, fields.Integer)
        )
    )
