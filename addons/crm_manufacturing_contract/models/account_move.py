from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .sale_execution_template import MONEY_STEP_TYPES


class AccountMove(models.Model):
    _inherit = "account.move"

    execution_step_id = fields.Many2one(
        "sale.execution.step",
        index="btree_not_null",
        copy=False,
        domain="[('is_money_step', '=', True), ('partner_id', '=', commercial_partner_id)]",
        help="The installment or retention step of a contract this invoice collects.",
    )

    @api.constrains("execution_step_id", "partner_id", "move_type")
    def _check_execution_step(self):
        for move in self.filtered("execution_step_id"):
            step = move.execution_step_id
            if move.move_type not in ("out_invoice", "out_refund"):
                raise ValidationError(
                    _("Only customer invoices and credit notes are linked to execution steps.")
                )
            if step.step_type not in MONEY_STEP_TYPES:
                raise ValidationError(
                    _("Step %(step)s is not an installment or retention step.", step=step.name)
                )
            if step.order_id.partner_id.commercial_partner_id != move.commercial_partner_id:
                raise ValidationError(
                    _(
                        "Invoice %(invoice)s is for %(customer)s, but step %(step)s belongs to an order of %(order_customer)s.",
                        invoice=move.name or _("draft"),
                        customer=move.commercial_partner_id.name,
                        step=step.name,
                        order_customer=step.order_id.partner_id.commercial_partner_id.name,
                    )
                )
