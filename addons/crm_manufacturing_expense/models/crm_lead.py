from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .crm_lead_expense_budget import (
    ACTUAL_STATES,
    COMMITTED_STATES,
    FIGURES_GROUPS,
    expense_figure,
)


class CrmLead(models.Model):
    _inherit = "crm.lead"

    stage_is_won = fields.Boolean(related="stage_id.is_won", string="Won Stage")
    expense_ids = fields.One2many("hr.expense", "lead_id", string="Expenses")
    expense_budget_ids = fields.One2many(
        "crm.lead.expense.budget", "lead_id", string="Expense Budget Lines", copy=False
    )
    expense_budget_total = expense_figure("Expense Budget")
    expense_actual = expense_figure("Actual Expenses", "Approved and posted expenses of the deal.")
    expense_committed = expense_figure(
        "Committed Expenses", "Submitted expenses of the deal, not yet approved."
    )
    expense_remaining = expense_figure(
        "Remaining Budget", "Budget minus actual and committed expenses."
    )
    expense_used_percent = fields.Float(
        string="Budget Used (%)",
        compute="_compute_expense_figures",
        groups=FIGURES_GROUPS,
        help="Actual expenses over the budget, in percent.",
    )
    expense_count = fields.Integer(
        string="Number of Expenses", compute="_compute_expense_figures", groups=FIGURES_GROUPS
    )
    expense_allowance = expense_figure(
        "Pursuit Allowance",
        "What the deal is worth spending on: expected revenue x probability x the company's "
        "pursuit allowance rate.",
        compute="_compute_expense_allowance",
    )
    presales_cost = expense_figure(
        "Pre-Sales Cost", "Approved and posted expenses spent to win the deal."
    )

    @api.depends(
        "expense_budget_ids.amount",
        "expense_ids.state",
        "expense_ids.total_amount",
        "expense_ids.lead_id",
    )
    def _compute_expense_figures(self):
        figures = self._get_expense_figures()
        for lead in self:
            values = figures.get(lead._origin.id or lead.id, {})
            budget = values.get("budget", 0.0)
            actual = values.get("actual", 0.0)
            committed = values.get("committed", 0.0)
            lead.expense_budget_total = budget
            lead.expense_actual = actual
            lead.presales_cost = actual
            lead.expense_committed = committed
            lead.expense_remaining = budget - actual - committed
            lead.expense_used_percent = round(actual * 100.0 / budget, 2) if budget else 0.0
            lead.expense_count = values.get("count", 0)

    def _get_expense_figures(self):
        """Budget, actual, committed and count per lead id, in two grouped queries.

        sudo: the figures of a deal count every expense linked to it, whoever spent it
        (Odoo's rules only let employees read their own expenses); only sums leave the
        query, for leads the caller can already read."""
        lead_ids = [lead_id for lead_id in self._origin.ids if lead_id]
        figures = {}
        if not lead_ids:
            return figures
        for lead, amount in (
            self.env["crm.lead.expense.budget"]
            .sudo()
            ._read_group([("lead_id", "in", lead_ids)], ["lead_id"], ["amount:sum"])
        ):
            figures.setdefault(lead.id, {})["budget"] = amount
        for lead, state, amount, count in (
            self.env["hr.expense"]
            .sudo()
            ._read_group(
                [("lead_id", "in", lead_ids)],
                ["lead_id", "state"],
                ["total_amount:sum", "__count"],
            )
        ):
            values = figures.setdefault(lead.id, {})
            values["count"] = values.get("count", 0) + count
            if state in ACTUAL_STATES:
                values["actual"] = values.get("actual", 0.0) + amount
            elif state in COMMITTED_STATES:
                values["committed"] = values.get("committed", 0.0) + amount
        return figures

    @api.depends("expected_revenue", "probability", "company_id.crm_presales_cost_rate")
    def _compute_expense_allowance(self):
        for lead in self:
            rate = (lead.company_id or self.env.company).crm_presales_cost_rate
            allowance = lead.expected_revenue * lead.probability / 100.0 * rate / 100.0
            currency = lead.company_currency or self.env.company.currency_id
            lead.expense_allowance = currency.round(allowance)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_expenses(self):
        posted = self.env["hr.expense"]._first_posted_expense([("lead_id", "in", self.ids)])
        if posted:
            raise UserError(
                _(
                    "%(lead)s cannot be deleted: posted expenses are linked to it (%(expense)s). "
                    "Mark it lost instead.",
                    lead=posted.lead_id.display_name,
                    expense=posted.name,
                )
            )

    def action_view_expenses(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Expenses of %(lead)s", lead=self.name),
            "res_model": "hr.expense",
            "view_mode": "list,form,pivot,graph",
            "domain": [("lead_id", "=", self.id)],
            "context": {"default_lead_id": self.id},
        }
