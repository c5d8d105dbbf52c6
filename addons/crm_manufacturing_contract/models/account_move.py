from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .sale_execution_template import MONEY_STEP_TYPES


class AccountMove(models.Model):
    _inherit = "account.move"

    execution_step_id = fields.Many2one(
        "sale.execution.step",
        index="btree_not_null",
        copy=False,
        domain="[('is_money_step', '=', True), ('state', 'in', ('planned', 'in_progress')),"
        " ('partner_id', '=', commercial_partner_id), ('currency_id', '=', currency_id)]",
        help="The installment or retention step of a contract this invoice collects: the open "
        "installments of the invoice's customer, in the invoice's currency.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves.filtered("execution_step_id")._apply_execution_due_date()
        return moves

    def write(self, vals):
        if "execution_step_id" in vals:
            # what is linked to posted accounting stays linked: a posted invoice is not moved
            # to another step or detached from its step (reset it to draft first)
            moved = self.filtered(
                lambda move: (
                    move.state == "posted"
                    and move.execution_step_id
                    and move.execution_step_id.id != vals["execution_step_id"]
                )
            )
            if moved:
                raise UserError(
                    _(
                        "Invoice %(invoice)s is posted and collects step %(step)s: it cannot "
                        "be detached or moved to another step. Reset it to draft first.",
                        invoice=moved[0].name,
                        step=moved[0].execution_step_id.name,
                    )
                )
        res = super().write(vals)
        if vals.get("execution_step_id"):
            self._apply_execution_due_date()
        return res

    def _apply_execution_due_date(self):
        """A draft invoice linked to a step falls due on the step's planned date, unless its
        payment term says otherwise (then the term decides, and the step's due date and
        overdue days follow the invoice)."""
        for move in self:
            step = move.execution_step_id
            if (
                move.state == "draft"
                and not move.invoice_payment_term_id
                and step.planned_date
                and move.invoice_date_due != step.planned_date
            ):
                move.invoice_date_due = step.planned_date

    @api.constrains("execution_step_id", "partner_id", "move_type", "currency_id")
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
            if step.state == "cancelled" and move.state == "draft":
                raise ValidationError(
                    _(
                        "Installment %(step)s is cancelled: no invoice is linked to it.",
                        step=step.display_name,
                    )
                )
            step._check_document_currency(
                move,
                _(
                    "Invoice %(document)s is in %(currency)s, but installment %(step)s is in "
                    "%(step_currency)s: invoice it in the order's currency."
                ),
            )
            if step.order_id.partner_id.commercial_partner_id != move.commercial_partner_id:
                raise ValidationError(
                    _(
                        "Invoice %(invoice)s is for %(customer)s, but step %(step)s belongs to an order of %(order_customer)s.",
                        invoice=move.display_name,
                        customer=move.commercial_partner_id.name,
                        step=step.name,
                        order_customer=step.order_id.partner_id.commercial_partner_id.name,
                    )
                )
