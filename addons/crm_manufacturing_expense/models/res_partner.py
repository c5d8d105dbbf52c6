from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .crm_lead_expense_budget import ACTUAL_STATES, FIGURES_GROUPS, expense_figure


class ResPartner(models.Model):
    _inherit = "res.partner"

    expense_total = expense_figure(
        "Spent on Contact",
        "Approved and posted expenses spent on this person (on its people for a company), in "
        "the company's currency.",
        compute="_compute_expense_total",
        currency_field="expense_currency_id",
    )
    expense_currency_id = fields.Many2one(
        "res.currency", compute="_compute_expense_total", groups=FIGURES_GROUPS
    )

    def _compute_expense_total(self):
        currency = self.env.company.currency_id
        partners = self.filtered("id")
        totals = {}
        if partners:
            # sudo: the total counts every expense spent on the contact in the allowed
            # companies, whoever spent it; only the sums leave the query
            groups = (
                self.env["hr.expense"]
                .sudo()
                ._read_group(
                    [
                        "|",
                        ("contact_id", "in", partners.ids),
                        ("contact_id.commercial_partner_id", "in", partners.ids),
                        ("state", "in", ACTUAL_STATES),
                        ("company_id", "in", self.env.companies.ids),
                    ],
                    ["contact_id"],
                    ["total_amount:sum"],
                )
            )
            for contact, amount in groups:
                for partner_id in {contact.id, contact.commercial_partner_id.id}:
                    totals[partner_id] = totals.get(partner_id, 0.0) + amount
        for partner in self:
            partner.expense_currency_id = currency
            partner.expense_total = totals.get(partner.id, 0.0) if partner.id else 0.0

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_expenses(self):
        posted = self.env["hr.expense"]._first_posted_expense([("contact_id", "in", self.ids)])
        if posted:
            raise UserError(
                _(
                    "%(contact)s cannot be deleted: posted expenses were spent on them "
                    "(%(expense)s). Archive the contact instead.",
                    contact=posted.contact_id.display_name,
                    expense=posted.name,
                )
            )

    def action_view_contact_expenses(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Expenses spent on %(contact)s", contact=self.display_name),
            "res_model": "hr.expense",
            "view_mode": "list,form,pivot,graph",
            "domain": [("contact_id", "child_of", self.id)],
            "context": {"default_contact_id": self.id} if not self.is_company else {},
        }
