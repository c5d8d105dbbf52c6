from odoo import api, fields, models

from .res_company import WARRANTY_STARTS


class ServiceSettings(models.TransientModel):
    _inherit = "service.settings"

    service_warranty_start = fields.Selection(
        WARRANTY_STARTS,
        string="Warranty Starts at",
        required=True,
        help="For machines sold with an execution plan: the event that starts their warranty. "
        "Until it has happened, service is free.",
    )

    @api.model
    def _company_fields(self):
        return [*super()._company_fields(), "service_warranty_start"]
