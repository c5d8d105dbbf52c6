from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_block_delivery = fields.Boolean(
        string="Block Deliveries on Credit Hold",
        help="Only credit managers can validate outgoing transfers of customers on credit hold.",
    )

    @api.model
    def _get_credit_policy_fields(self):
        return super()._get_credit_policy_fields() | {"credit_block_delivery"}
