from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .hr_expense import check_figures_not_written

SALES_MANAGER_GROUP = "sales_team.group_sale_manager"


class HrExpenseSheet(models.Model):
    _inherit = "hr.expense.sheet"

    is_over_budget = fields.Boolean(
        string="Over Budget",
        compute="_compute_is_over_budget",
        store=True,
        help="The report holds expenses over their deal's budget or pursuit allowance: only a "
        "sales manager can approve it.",
    )

    @api.depends("expense_line_ids.is_over_budget")
    def _compute_is_over_budget(self):
        for sheet in self:
            sheet.is_over_budget = any(sheet.expense_line_ids.mapped("is_over_budget"))

    @api.model_create_multi
    def create(self, vals_list):
        check_figures_not_written(self, {"is_over_budget"}, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_figures_not_written(self, {"is_over_budget"}, [vals])
        return super().write(vals)

    def _check_can_approve(self):
        """hr_expense's approval check (approve button, duplicate wizard, and any write of
        the approved state) gains the over-budget rule."""
        result = super()._check_can_approve()
        self._check_over_budget_approval()
        return result

    def _get_over_budget_messages(self):
        """One line per over-budget expense of the reports: what and why."""
        return [
            _(
                "%(expense)s (%(report)s): %(reason)s",
                expense=expense.name,
                report=expense.sheet_id.name,
                reason=expense.over_budget_reason,
            )
            for expense in self.expense_line_ids.filtered("is_over_budget")
        ]

    def _check_over_budget_approval(self):
        # read the flags first, whoever approves: they are settled while the expenses are
        # still submitted, and kept as they are once approved
        messages = self._get_over_budget_messages()
        if not messages or self.env.su or self.env.user.has_group(SALES_MANAGER_GROUP):
            return
        raise UserError(
            _(
                "Only a sales manager can approve an expense report with expenses over "
                "budget:\n%(reasons)s",
                reasons="\n".join(messages),
            )
        )
