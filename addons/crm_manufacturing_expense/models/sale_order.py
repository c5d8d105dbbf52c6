from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    presales_cost = fields.Monetary(
        string="Pre-Sales Cost",
        currency_field="presales_currency_id",
        compute="_compute_presales_cost",
        groups="sales_team.group_sale_salesman",
        help="Approved and posted expenses of the opportunity this order comes from, in the "
        "company's currency.",
    )
    presales_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Pre-Sales Cost Currency"
    )

    @api.depends("opportunity_id")
    def _compute_presales_cost(self):
        # sudo: the order's reader sees the cost of the deal it comes from, even when the
        # opportunity belongs to another salesperson
        leads = self.opportunity_id.sudo()
        figures = leads._get_expense_figures() if leads else {}
        for order in self:
            order.presales_cost = figures.get(order.opportunity_id.id, {}).get("actual", 0.0)
