from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_replacement_opportunities = fields.Boolean(
        string="Replacement Opportunities",
        help="The daily check opens one opportunity per customer with machines past their "
        "service life (never twice for the same machines).",
    )
