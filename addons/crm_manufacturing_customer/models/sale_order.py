from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .customer_sql import customer_order_ratio_sql


class SaleOrder(models.Model):
    _inherit = "sale.order"

    customer_order_ratio = fields.Float(
        string="× Usual Order",
        digits=(16, 2),
        readonly=True,
        copy=False,
        help="This order / the customer's average confirmed order before it (untaxed, company "
        "currency); 0 for a first order.",
    )

    def init(self):
        result = super().init()
        # the confirmed orders with what the customer figures read, in customer and date
        # order: a refresh can read this index alone instead of the order table (index-only
        # scan, grouped as it is read; the planner's choice where order rows are wide), a
        # confirmation its customer's orders
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS sale_order_customer_figures_index
                ON sale_order (partner_id, date_order)
                   INCLUDE (company_id, amount_untaxed, currency_rate)
             WHERE state = 'sale'
            """
        )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        if any("customer_order_ratio" in vals for vals in vals_list):
            raise UserError(_("The order ratio is computed at confirmation."))
        return super().create(vals_list)

    def write(self, vals):
        if "customer_order_ratio" in vals:
            raise UserError(_("The order ratio is computed at confirmation."))
        return super().write(vals)

    def action_confirm(self):
        result = super().action_confirm()
        self._update_customer_figures()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._update_customer_figures()
        return result

    def _update_customer_figures(self):
        """After confirmation or cancellation: order ratios, lifecycle stage of the customers
        and value figures of the companies of ``self`` (set-based)."""
        self._refresh_customer_order_ratio(self.ids)
        partners = self.partner_id.commercial_partner_id
        partners._refresh_customer_stage()
        self.env["res.partner"]._refresh_customer_value(self.company_id.sudo(), partners)

    @api.model
    def _refresh_customer_order_ratio(self, order_ids=None):
        self.env["sale.order"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env.cr.execute(customer_order_ratio_sql(order_ids))
        self.invalidate_model(["customer_order_ratio"])
