from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare
from odoo.tools.misc import format_amount

from .crm_lead_expense_budget import ACTUAL_STATES, COMMITTED_STATES, POSTED_SHEET_STATES

# states whose over-budget flag is kept as it was when the expense was approved (or refused)
FROZEN_STATES = ("approved", "done", "refused")
# states of the other expenses of a deal that count as spent for the over-budget check
SPENT_STATES = COMMITTED_STATES + ACTUAL_STATES


# figures the server computes (stage history, budget control): never written by anyone, over
# XML-RPC neither (a forged is_over_budget would skip the sales manager's approval)
EXPENSE_FIGURES = frozenset({"lead_stage_id", "is_over_budget", "over_budget_reason"})
# what the budget execution summary counts of an expense
SUMMARY_SOURCES = frozenset({"lead_id", "lead_stage_id", "state", "total_amount"})


def check_figures_not_written(model, figures, vals_list):
    """Refuse ``vals_list`` when a value dict sets one of the computed ``figures``."""
    written = set().union(*(figures.intersection(vals) for vals in vals_list))
    if written:
        labels = ", ".join(sorted(model._fields[name].string for name in written))
        raise UserError(
            _(
                "%(fields)s are computed from the deal, its budget and its stage history and "
                "cannot be changed by hand.",
                fields=labels,
            )
        )


class HrExpense(models.Model):
    _inherit = "hr.expense"

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index=True,
        ondelete="set null",
        tracking=True,
        domain="[('type', '=', 'opportunity'), ('company_id', 'in', (company_id, False))]",
        help="The deal the money was spent to win (only deals the employee's user may read).",
    )
    lead_customer_id = fields.Many2one(
        related="lead_id.partner_id.commercial_partner_id", string="Deal Customer"
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Spent On",
        index=True,
        ondelete="set null",
        tracking=True,
        domain="[('is_company', '=', False), ('commercial_partner_id', '=?', lead_customer_id)]",
        help="The person of the deal's customer the money was spent on, e.g. a dinner with "
        "the decider.",
    )
    lead_stage_id = fields.Many2one(
        "crm.stage",
        string="Deal Stage",
        compute="_compute_lead_stage_id",
        store=True,
        index=True,
        ondelete="restrict",
        help="The stage of the deal on the expense date (from the deal's stage history).",
    )
    is_over_budget = fields.Boolean(
        string="Over Budget",
        compute="_compute_is_over_budget",
        store=True,
        index=True,
        help="The expense takes its deal over its budget (of its stage when the deal has one, "
        "else of the whole deal) or over the deal's pursuit allowance; its report needs a "
        "sales manager's approval. Kept as it was once the expense is approved.",
    )
    over_budget_reason = fields.Text(
        string="Over Budget Because", compute="_compute_is_over_budget", store=True
    )

    # ------------------------------------------------------------- computes
    @api.depends(
        "lead_id",
        "date",
        "employee_id",
        "lead_id.stage_id",
        "lead_id.stage_history_ids.date_in",
        "lead_id.stage_history_ids.stage_id",
    )
    def _compute_lead_stage_id(self):
        expenses = self.filtered("lead_id")
        (self - expenses).lead_stage_id = False
        if not expenses:
            return
        # sudo: the stage history is read by the system (compute_sudo) for any employee
        rows = (
            self.env["crm.lead.stage.history"]
            .sudo()
            .search_fetch(
                [("lead_id", "in", expenses.lead_id._origin.ids)],
                ["lead_id", "stage_id", "date_in"],
                order="date_in, id",
            )
        )
        history = defaultdict(list)
        for row in rows:
            history[row.lead_id.id].append((row.date_in, row.stage_id))
        for expense in expenses:
            stays = history.get(expense.lead_id._origin.id)
            if not stays or not expense.date:
                expense.lead_stage_id = expense.lead_id.stage_id
                continue
            end = expense._end_of_expense_day()
            stage = stays[0][1]
            for date_in, row_stage in stays:
                if date_in >= end:
                    break
                stage = row_stage
            expense.lead_stage_id = stage

    def _end_of_expense_day(self):
        """The end of the expense date in the employee's time zone, as naive UTC."""
        self.ensure_one()
        tz = pytz.timezone(self.employee_id.tz or self.env.user.tz or "UTC")
        end = datetime.combine(self.date + timedelta(days=1), time.min)
        return tz.localize(end).astimezone(pytz.UTC).replace(tzinfo=None)

    @api.depends(
        "lead_id",
        "lead_stage_id",
        "total_amount",
        "state",
        "company_id.crm_presales_cost_rate",
        "lead_id.expense_ids.state",
        "lead_id.expense_ids.total_amount",
        "lead_id.expense_ids.lead_stage_id",
        "lead_id.expense_budget_ids.amount",
        "lead_id.expense_budget_ids.stage_id",
        "lead_id.expected_revenue",
        "lead_id.probability",
    )
    def _compute_is_over_budget(self):
        # approved, posted and refused expenses keep the flag they had when decided on
        pending = self.filtered(
            lambda expense: expense.state not in FROZEN_STATES or not expense.id
        )
        todo = pending.filtered("lead_id")
        (pending - todo).update({"is_over_budget": False, "over_budget_reason": False})
        if not todo:
            return
        for expense, reasons in todo._get_over_budget_reasons().items():
            expense.is_over_budget = bool(reasons)
            expense.over_budget_reason = "\n".join(reasons) or False

    def _get_over_budget_reasons(self):
        """Why each expense of ``self`` (with a deal) takes its deal over budget or over the
        pursuit allowance: {expense: [reason, ...]} (an empty list when it does not).

        Spent = the deal's other submitted, approved and posted expenses (of the expense's
        stage when the deal has a budget for that stage), plus this expense."""
        leads = self.lead_id._origin
        # sudo: the check counts every expense and budget line of the deal, whoever spent it
        spent_rows = (
            self.env["hr.expense"]
            .sudo()
            .search_fetch(
                [("lead_id", "in", leads.ids), ("state", "in", SPENT_STATES)],
                ["lead_id", "lead_stage_id", "total_amount"],
            )
        )
        spent = defaultdict(list)
        for row in spent_rows:
            spent[row.lead_id.id].append((row.id, row.lead_stage_id.id, row.total_amount))
        deal_budget = defaultdict(float)
        stage_budget = defaultdict(float)
        for lead, stage, amount in (
            self.env["crm.lead.expense.budget"]
            .sudo()
            ._read_group([("lead_id", "in", leads.ids)], ["lead_id", "stage_id"], ["amount:sum"])
        ):
            deal_budget[lead.id] += amount
            if stage:
                stage_budget[lead.id, stage.id] += amount
        result = {}
        for expense in self:
            lead = expense.lead_id._origin
            currency = expense.company_currency_id or self.env.company.currency_id
            amount = expense.total_amount
            others = [row for row in spent[lead.id] if row[0] != expense._origin.id]
            stage_id = expense.lead_stage_id.id
            # what the expense is checked against: (kind, limit, spent by the others)
            checks = []
            if (lead.id, stage_id) in stage_budget:
                stage_rows = [row for row in others if row[1] == stage_id]
                checks.append(("stage", stage_budget[lead.id, stage_id], stage_rows))
            elif lead.id in deal_budget:
                checks.append(("deal", deal_budget[lead.id], others))
            if (lead.company_id or expense.company_id).crm_presales_cost_rate > 0:
                checks.append(("allowance", lead.sudo().expense_allowance, others))
            reasons = []
            for kind, limit, rows in checks:
                used = sum(row[2] for row in rows)
                if float_compare(used + amount, limit, precision_rounding=currency.rounding) > 0:
                    values = {
                        "stage": expense.lead_stage_id.name,
                        "lead": lead.name,
                        "budget": format_amount(self.env, limit, currency),
                        "spent": format_amount(self.env, used, currency),
                        "amount": format_amount(self.env, amount, currency),
                    }
                    reasons.append(self._over_budget_message(kind, values))
            result[expense] = reasons
        return result

    @api.model
    def _over_budget_message(self, kind, values):
        """Why an expense is over: ``kind`` is the limit it exceeds (stage, deal,
        allowance), ``values`` its figures (stage, lead, budget, spent, amount)."""
        if kind == "stage":
            return _(
                "Over the budget of stage %(stage)s of %(lead)s: budget %(budget)s, "
                "spent %(spent)s, this expense %(amount)s.",
                **values,
            )
        if kind == "deal":
            return _(
                "Over the budget of %(lead)s: budget %(budget)s, spent %(spent)s, "
                "this expense %(amount)s.",
                **values,
            )
        return _(
            "Over the pursuit allowance of %(lead)s: allowance %(allowance)s, "
            "spent %(spent)s, this expense %(amount)s.",
            allowance=values["budget"],
            **values,
        )

    # ---------------------------------------------------------- constraints
    @api.constrains("lead_id", "contact_id", "company_id", "employee_id")
    def _check_lead_and_contact(self):
        for expense in self:
            # sudo: the checks read the deal's company and customer even when the user may
            # not read the deal (that case is refused below with a clear message)
            lead = expense.lead_id.sudo()
            contact = expense.contact_id.sudo()
            if contact and contact.is_company:
                raise ValidationError(
                    _(
                        "%(contact)s is a company: the money is spent on a person of the "
                        "customer; pick that person.",
                        contact=contact.display_name,
                    )
                )
            if not lead:
                continue
            if lead.company_id and lead.company_id != expense.company_id:
                raise ValidationError(
                    _(
                        "The deal %(lead)s belongs to %(lead_company)s: an expense of "
                        "%(company)s cannot be linked to it.",
                        lead=lead.display_name,
                        lead_company=lead.company_id.name,
                        company=expense.company_id.name,
                    )
                )
            user = expense.employee_id.user_id or self.env.user
            if not expense.lead_id.with_user(user).has_access("read"):
                raise ValidationError(
                    _(
                        "%(user)s may not read the deal %(lead)s: an expense can only be linked "
                        "to a deal its employee's user may read.",
                        user=user.name,
                        lead=lead.display_name,
                    )
                )
            if contact:
                customer = lead.partner_id.commercial_partner_id
                if not customer:
                    raise ValidationError(
                        _(
                            "The deal %(lead)s has no customer: set its customer before linking "
                            "the expense to one of its people.",
                            lead=lead.display_name,
                        )
                    )
                if contact.commercial_partner_id != customer:
                    raise ValidationError(
                        _(
                            "%(contact)s is not a contact of %(customer)s, the customer of "
                            "%(lead)s.",
                            contact=contact.display_name,
                            customer=customer.display_name,
                            lead=lead.display_name,
                        )
                    )

    # ----------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        check_figures_not_written(self, EXPENSE_FIGURES, vals_list)
        expenses = super().create(vals_list)
        self.env["crm.expense.budget.summary"]._mark_leads(expenses.lead_id.ids)
        return expenses

    def _write_multi(self, vals_list):
        # every stored change, computed ones included (state, amount, stage are written
        # here at flush): the summary of the deals is computed again
        if any(SUMMARY_SOURCES.intersection(vals) for vals in vals_list):
            self.env["crm.expense.budget.summary"]._mark_leads(self.lead_id.ids)
        return super()._write_multi(vals_list)

    def unlink(self):
        self.env["crm.expense.budget.summary"]._mark_leads(self.lead_id.ids)
        return super().unlink()

    def write(self, vals):
        check_figures_not_written(self, EXPENSE_FIGURES, [vals])
        if "lead_id" in vals:
            # the deals the expenses leave
            self.env["crm.expense.budget.summary"]._mark_leads(self.lead_id.ids)
        if {"lead_id", "contact_id"} & set(vals) and not self.env.su:
            decided = self.filtered(lambda expense: expense.state in ACTUAL_STATES)
            changed = decided.filtered(
                lambda expense: (
                    ("lead_id" in vals and expense.lead_id.id != vals["lead_id"])
                    or ("contact_id" in vals and expense.contact_id.id != vals["contact_id"])
                )
            )
            if changed:
                raise UserError(
                    _(
                        "The deal and contact of the approved or posted expense %(expense)s "
                        "cannot change: reset its report to draft first.",
                        expense=changed[0].name,
                    )
                )
        return super().write(vals)

    @api.model
    def _first_posted_expense(self, domain):
        """The first expense matching ``domain`` whose report is posted or paid, whoever the
        employee (sudo: any posted expense blocks the deletion of what it is linked to)."""
        return self.sudo().search([*domain, ("sheet_id.state", "in", POSTED_SHEET_STATES)], limit=1)

    # -------------------------------------------------------------- actions
    def action_open_lead(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
        }
