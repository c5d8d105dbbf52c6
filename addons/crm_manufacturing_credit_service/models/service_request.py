from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_manufacturing_credit.models.credit_privilege import CREDIT_READERS


class ServiceRequest(models.Model):
    _inherit = "service.request"

    credit_hold = fields.Boolean(
        string="Customer on Credit Hold",
        compute="_compute_credit_hold",
        help="The customer is on credit hold: billable service waits for a credit manager.",
    )
    credit_hold_reason = fields.Char(
        compute="_compute_credit_hold_reason",
        groups=CREDIT_READERS,
    )

    @api.depends("partner_id")
    def _compute_credit_hold(self):
        # sudo: technicians learn that the customer is held (they must not finish billable
        # work for it), not its credit figures, which stay behind their field groups
        for request in self:
            request.credit_hold = request.sudo().partner_id.commercial_partner_id.credit_hold

    @api.depends("partner_id")
    def _compute_credit_hold_reason(self):
        for request in self:
            customer = request.sudo().partner_id.commercial_partner_id
            request.credit_hold_reason = (
                customer.credit_hold_reason if customer.credit_hold else False
            )

    @api.model
    def _is_credit_manager(self):
        return self.env["res.partner"]._is_credit_manager()

    def _check_credit_hold_billable(self, action):
        """Billable service of a customer on credit hold needs a credit manager; service under
        warranty (or made free of charge) is never held back by credit. ``action``: ``done`` or
        ``quote``."""
        if self.env.su or self._is_credit_manager():
            return
        for request in self:
            # sudo: the hold decides, whoever asks; the message names its reason
            customer = request.sudo().partner_id.commercial_partner_id
            if not (request.billable and customer.credit_hold):
                continue
            values = {
                "request": request.name,
                "customer": customer.display_name,
                "reason": customer.credit_hold_reason or self.env._("no reason given"),
            }
            if action == "quote":
                message = self.env._(
                    "No quotation for %(request)s: the customer %(customer)s is on credit hold "
                    "(%(reason)s) and this service is billable. Ask a credit manager.",
                    **values,
                )
            else:
                message = self.env._(
                    "%(request)s cannot be marked as done: the customer %(customer)s is on credit "
                    "hold (%(reason)s) and this service is billable. Ask a credit manager.",
                    **values,
                )
            raise UserError(message)

    def action_done(self):
        self._check_credit_hold_billable("done")
        return super().action_done()

    def action_create_quotation(self):
        self._check_credit_hold_billable("quote")
        return super().action_create_quotation()

    def _consume_parts(self):
        if self.billable:
            return super()._consume_parts()
        # The parts of a free request leave for the customer even on credit hold. The request
        # travels in the context as a record, which no remote caller can forge.
        return super(
            ServiceRequest, self.with_context(credit_hold_free_service=self)
        )._consume_parts()
