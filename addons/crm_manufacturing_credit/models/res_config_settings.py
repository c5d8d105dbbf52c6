from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_overdue_hold_days = fields.Integer(
        related="company_id.credit_overdue_hold_days", readonly=False
    )
    credit_provision_current = fields.Float(
        related="company_id.credit_provision_current", readonly=False
    )
    credit_provision_1_30 = fields.Float(related="company_id.credit_provision_1_30", readonly=False)
    credit_provision_31_60 = fields.Float(
        related="company_id.credit_provision_31_60", readonly=False
    )
    credit_provision_61_90 = fields.Float(
        related="company_id.credit_provision_61_90", readonly=False
    )
    credit_provision_over_90 = fields.Float(
        related="company_id.credit_provision_over_90", readonly=False
    )
    credit_score_weight_utilization = fields.Integer(
        related="company_id.credit_score_weight_utilization", readonly=False
    )
    credit_score_weight_overdue_share = fields.Integer(
        related="company_id.credit_score_weight_overdue_share", readonly=False
    )
    credit_score_weight_overdue_days = fields.Integer(
        related="company_id.credit_score_weight_overdue_days", readonly=False
    )
    credit_score_weight_payment = fields.Integer(
        related="company_id.credit_score_weight_payment", readonly=False
    )
