from odoo import api, fields, models

from .crm_lead_expense_budget import expense_figure


class SaleOrder(models.Model):
    _inherit = "sale.order"

    presales_cost = expense_figure(
        "Pre-Sales Cost",
        "Approved and posted expenses of the opportunity this order comes from, in the "
        "company's currency.",
        compute="_compute_presales_cost",
        currency_field="presales_currency_id",
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
