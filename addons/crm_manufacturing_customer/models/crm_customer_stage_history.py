from odoo import fields, models

CUSTOMER_STAGES = [
    ("target", "Target"),
    ("prospect", "Prospect"),
    ("opportunity", "Opportunity"),
    ("customer", "Converted Customer"),
    ("repeat", "Repeat Customer"),
    ("dormant", "Dormant"),
    ("lost", "Lost Customer"),
]


class CrmCustomerStageHistory(models.Model):
    """One change of the lifecycle stage of a customer (written in SQL by the stage refresh)."""

    _name = "crm.customer.stage.history"
    _description = "Customer Lifecycle Stage Change"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True
    )
    stage = fields.Selection(CUSTOMER_STAGES, required=True, readonly=True)
    previous_stage = fields.Selection(CUSTOMER_STAGES, readonly=True)
    date = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(related="partner_id.company_id")
