from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_block_delivery = fields.Boolean(
        string="Block Deliveries on Credit Hold",
        help="Only credit managers can validate outgoing transfers of customers on credit hold.",
    )
