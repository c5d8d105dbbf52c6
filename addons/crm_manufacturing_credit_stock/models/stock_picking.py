from odoo import _, models
from odoo.exceptions import UserError

CREDIT_MANAGER = "crm_manufacturing_credit.group_credit_manager"


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _get_credit_hold_customers(self):
        """The customers (commercial entities) whose hold applies to each picking: the
        partner of the transfer and the customer of its sale order (changing the address
        of a delivery does not take it out of its customer's hold)."""
        # sudo: the stock user validating a delivery may not read the credit fields; the
        # check reads the hold for them
        return {
            picking.id: (
                picking.sudo().partner_id.commercial_partner_id
                | picking.sudo().sale_id.partner_id.commercial_partner_id
            ).filtered("credit_hold")
            for picking in self
        }

    def _get_credit_blocked_pickings(self):
        """Outgoing transfers of customers on credit hold, in companies that block them."""
        held = self._get_credit_hold_customers()
        return self.filtered(
            lambda picking: (
                picking.picking_type_code == "outgoing"
                and picking.company_id.credit_block_delivery
                and held[picking.id]
            )
        )

    def _check_credit_hold_delivery(self):
        if self.env.su or self.env.user.has_group(CREDIT_MANAGER):
            return
        blocked = self._get_credit_blocked_pickings()
        if blocked:
            picking = blocked[0]
            customer = blocked._get_credit_hold_customers()[picking.id][0]
            raise UserError(
                _(
                    "%(picking)s cannot be validated: the customer %(customer)s is on credit "
                    "hold (%(reason)s). Ask a credit manager to validate it or to lift the hold.",
                    picking=picking.name,
                    customer=customer.display_name,
                    reason=customer.credit_hold_reason or _("no reason given"),
                )
            )

    def button_validate(self):
        self._check_credit_hold_delivery()
        return super().button_validate()
