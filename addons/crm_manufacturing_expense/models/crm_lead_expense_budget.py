from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# expense states of Odoo's hr_expense that count against a budget
ACTUAL_STATES = ("approved", "done")
COMMITTED_STATES = ("submitted",)
# an expense whose report has posted journal entries (or is paid)
POSTED_SHEET_STATES = ("post", "done")
# who reads the expense figures of deals, contacts and orders
FIGURES_GROUPS = "sales_team.group_sale_salesman"


def expense_figure(
    string, help_text=None, compute="_compute_expense_figures", currency_field="company_currency"
):
    """A computed money figure of the expenses (on deals, contacts, orders), for sales users
    only and never writable."""
    return fields.Monetary(
        string=string,
        currency_field=currency_field,
        compute=compute,
        groups=FIGURES_GROUPS,
        help=help_text,
    )


class CrmLeadExpenseBudget(models.Model):
    """Expense budget line of an opportunity (费用预算): an amount for the whole deal,
    for one stage and/or one expense category."""

    _name = "crm.lead.expense.budget"
    _description = "Opportunity Expense Budget"
    _order = "lead_id, stage_sequence, stage_id, id"
    _rec_name = "lead_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    stage_id = fields.Many2one(
        "crm.stage",
        ondelete="restrict",
        index=True,
        help="Leave empty for a budget of the whole deal.",
    )
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True)
    product_id = fields.Many2one(
        "product.product",
        string="Expense Category",
        domain=[("can_be_expensed", "=", True)],
        ondelete="restrict",
        index=True,
    )
    amount = fields.Monetary(string="Budget", currency_field="currency_id", required=True)
    note = fields.Char()
    company_id = fields.Many2one(
        related="lead_id.company_id", store=True, index=True, string="Company"
    )
    currency_id = fields.Many2one(related="lead_id.company_currency", string="Currency")
    user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self.env["crm.expense.budget.summary"]._mark_leads(lines.lead_id.ids)
        return lines

    def write(self, vals):
        summary = self.env["crm.expense.budget.summary"]
        if {"lead_id", "stage_id", "amount"} & set(vals):
            summary._mark_leads(self.lead_id.ids)  # the deals before the change
        result = super().write(vals)
        if "lead_id" in vals:
            summary._mark_leads(self.lead_id.ids)
        return result

    def unlink(self):
        self.env["crm.expense.budget.summary"]._mark_leads(self.lead_id.ids)
        return super().unlink()

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.amount < 0:
                raise ValidationError(
                    _(
                        "A budget cannot be negative (%(amount)s on %(lead)s).",
                        amount=line.amount,
                        lead=line.lead_id.display_name,
                    )
                )

    @api.constrains("product_id")
    def _check_product(self):
        for line in self:
            if line.product_id and not line.product_id.can_be_expensed:
                raise ValidationError(
                    _(
                        "%(product)s is not an expense category: pick a product that can be "
                        "expensed.",
                        product=line.product_id.display_name,
                    )
                )

    def _posted_expense_domain(self):
        """Expenses counted against this line (same deal, and the line's stage and
        category when it has them)."""
        self.ensure_one()
        domain = [("lead_id", "=", self.lead_id.id)]
        if self.stage_id:
            domain.append(("lead_stage_id", "=", self.stage_id.id))
        if self.product_id:
            domain.append(("product_id", "=", self.product_id.id))
        return domain

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_expenses(self):
        for line in self:
            if self.env["hr.expense"]._first_posted_expense(line._posted_expense_domain()):
                raise UserError(
                    _(
                        "The budget line of %(lead)s cannot be deleted: posted expenses count "
                        "against it. Set its amount instead.",
                        lead=line.lead_id.display_name,
                    )
                )
