from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .sale_execution_template import MONEY_STEP_TYPES

ACCOUNTANT_GROUP = "account.group_account_invoice"


class AccountPayment(models.Model):
    _inherit = "account.payment"

    execution_step_id = fields.Many2one(
        "sale.execution.step",
        string="Installment",
        index="btree_not_null",
        copy=False,
        groups=ACCOUNTANT_GROUP,
        domain="[('is_money_step', '=', True), ('state', 'in', ('planned', 'in_progress')),"
        " ('partner_id', '=', execution_partner_id), ('currency_id', '=', currency_id)]",
        help="An advance received before the installment's invoice: it counts as paid on the "
        "installment until it is reconciled with an invoice, which then counts it (once).",
    )
    execution_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Commercial Customer"
    )

    @api.constrains("execution_step_id", "partner_id", "currency_id", "payment_type", "amount")
    def _check_execution_step(self):
        # sudo: the rules compare the payment with the step's order, customer and amounts,
        # whatever the accountant's access to sales orders
        for payment in self.sudo().filtered("execution_step_id"):
            step = payment.execution_step_id
            if payment.payment_type != "inbound" or payment.partner_type != "customer":
                raise ValidationError(
                    _(
                        "Payment %(payment)s is not a customer payment received: only those "
                        "are linked to installments.",
                        payment=payment.display_name,
                    )
                )
            if step.step_type not in MONEY_STEP_TYPES:
                raise ValidationError(
                    _("Step %(step)s is not an installment.", step=step.display_name)
                )
            if step.state == "cancelled":
                raise ValidationError(
                    _(
                        "Installment %(step)s is cancelled: no payment is linked to it.",
                        step=step.display_name,
                    )
                )
            if not payment.partner_id:
                raise ValidationError(
                    _(
                        "Payment %(payment)s has no customer: choose the customer of "
                        "installment %(step)s first.",
                        payment=payment.display_name,
                        step=step.display_name,
                    )
                )
            if payment.partner_id.commercial_partner_id != step.partner_id:
                raise ValidationError(
                    _(
                        "Payment %(payment)s is from %(customer)s, but installment %(step)s "
                        "belongs to an order of %(order_customer)s.",
                        payment=payment.display_name,
                        customer=payment.partner_id.commercial_partner_id.name,
                        step=step.display_name,
                        order_customer=step.partner_id.name,
                    )
                )
            step._check_document_currency(
                payment,
                _(
                    "Payment %(document)s is in %(currency)s, but installment %(step)s is in "
                    "%(step_currency)s: link a payment in the order's currency."
                ),
            )
            if step.currency_id.compare_amounts(step.amount_paid, step.amount) > 0:
                raise ValidationError(
                    _(
                        "Installment %(step)s is %(amount)s %(currency)s: with payment "
                        "%(payment)s it would be paid %(paid)s %(currency)s. Link the payment to "
                        "an installment it fits, or reconcile it with an invoice instead.",
                        step=step.display_name,
                        amount=step.amount,
                        currency=step.currency_id.name,
                        payment=payment.display_name,
                        paid=step.amount_paid,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("execution_step_id") for vals in vals_list):
            self._check_execution_link_access()
        return super().create(vals_list)

    def write(self, vals):
        if "execution_step_id" in vals:
            self._check_execution_link_access()
        return super().write(vals)

    def _check_execution_link_access(self):
        """Only accountants link payments to installments (also through the step's side)."""
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT_GROUP):
            raise AccessError(_("Only accountants (Invoicing) link payments to installments."))
