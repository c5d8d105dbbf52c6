import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.report.crm_manufacturing_xlsx_columns import (
    xlsx_column,
    xlsx_money_column,
)
from odoo.addons.crm_manufacturing.tools import check_domain

from ..models.credit_figures import CREDIT_DEPENDS
from ..models.res_partner import GRADES


class CreditRiskReport(models.Model):
    """Credit Risk (信用风险): every customer with open receivables, orders to invoice or
    draft invoices, per company, as of today. One SQL view, no loop over partners."""

    _name = "credit.risk.report"
    _inherit = ["crm.manufacturing.xlsx.export.mixin"]
    _description = "Credit Risk Analysis"
    _auto = False
    _rec_name = "partner_id"
    _order = "credit_score, credit_exposure desc"
    # searching the report first flushes what the ORM holds of these columns
    _depends = CREDIT_DEPENDS | {
        "res.partner": [*CREDIT_DEPENDS["res.partner"], "credit_hold", "user_id", "country_id"]
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    credit_limit = fields.Monetary(readonly=True, aggregator="sum")
    credit_exposure = fields.Monetary(readonly=True)
    credit_available = fields.Monetary(readonly=True)
    credit_utilization = fields.Float(string="Utilization (%)", readonly=True, aggregator="avg")
    open_amount = fields.Monetary(string="Open Receivables", readonly=True)
    to_invoice = fields.Monetary(string="Orders to Invoice", readonly=True)
    draft_amount = fields.Monetary(string="Draft Invoices", readonly=True)
    aging_current = fields.Monetary(string="Not Due", readonly=True)
    aging_1_30 = fields.Monetary(string="1-30 Days", readonly=True)
    aging_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    aging_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    aging_over_90 = fields.Monetary(string="Over 90 Days", readonly=True)
    overdue_amount = fields.Monetary(readonly=True)
    max_overdue_days = fields.Integer(
        string="Longest Overdue (days)", readonly=True, aggregator="max"
    )
    avg_days_to_pay = fields.Float(string="Average Days to Pay", readonly=True, aggregator="avg")
    credit_score = fields.Integer(readonly=True, aggregator="avg")
    credit_grade = fields.Selection(GRADES, readonly=True)
    credit_hold = fields.Boolean(readonly=True)
    bad_debt_provision = fields.Monetary(readonly=True)

    @property
    def _table_query(self):
        # the stored figures of the clean customers, the live figures of the others (see
        # crm.credit.figure), as of the user's today like the fields of res.partner
        Figure = self.env["crm.credit.figure"]
        today = Figure._today()
        figures = [
            Figure._figures_sql(company, today, Figure._get_redo_partner_ids(company, today))
            for company in self.env["res.company"].sudo().search([], order="id")
        ]
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY f.company_id, f.partner_id) AS id,
                   f.company_id, c.currency_id, f.partner_id, p.user_id, p.country_id,
                   p.credit_hold,
                   f.credit_limit, f.credit_exposure, f.credit_available, f.credit_utilization,
                   f.open_amount, f.to_invoice, f.draft_amount, f.aging_current, f.aging_1_30,
                   f.aging_31_60, f.aging_61_90, f.aging_over_90, f.overdue_amount,
                   f.max_overdue_days, f.avg_days_to_pay, f.credit_score, f.credit_grade,
                   f.bad_debt_provision
              FROM (%s) f
              JOIN res_partner p ON p.id = f.partner_id
              JOIN res_company c ON c.id = f.company_id
            """,
            SQL(" UNION ALL ").join(figures),
        )

    @api.model
    def _xlsx_columns(self):
        return [
            xlsx_column(_("Customer"), "partner", width=32),
            xlsx_column(_("Salesperson"), "user", width=18),
            xlsx_column(_("Grade"), "credit_grade", width=7),
            xlsx_column(_("Score"), "credit_score", "integer", 7),
            xlsx_column(_("Credit Hold"), "hold", width=8),
            xlsx_money_column(_("Credit Limit"), "credit_limit"),
            xlsx_money_column(_("Exposure"), "credit_exposure"),
            xlsx_money_column(_("Available"), "credit_available"),
            xlsx_money_column(_("Not Due"), "aging_current"),
            xlsx_money_column(_("1-30 Days"), "aging_1_30"),
            xlsx_money_column(_("31-60 Days"), "aging_31_60"),
            xlsx_money_column(_("61-90 Days"), "aging_61_90"),
            xlsx_money_column(_("Over 90 Days"), "aging_over_90"),
            xlsx_column(_("Longest Overdue (days)"), "max_overdue_days", "integer"),
            xlsx_money_column(_("Bad-Debt Provision"), "bad_debt_provision"),
        ]

    @api.model
    def _xlsx_rows(self, domain=None):
        domain = check_domain(self, domain)
        try:
            # a filter that parses may still compare a column with a value of another type
            # (a grade with a number): the database refuses it, the caller gets why
            with self.env.cr.savepoint():
                rows = self.search_read(
                    domain, [name for name in self._fields if name not in ("id", "display_name")]
                )
        except (psycopg2.DataError, psycopg2.ProgrammingError) as error:
            raise UserError(
                _(
                    "The filter %(domain)r cannot be applied to the credit risk report: %(error)s",
                    domain=domain,
                    error=str(error).splitlines()[0],
                )
            ) from None
        for row in rows:
            row["partner"] = row["partner_id"] and row["partner_id"][1]
            row["user"] = row["user_id"] and row["user_id"][1]
            row["hold"] = _("Yes") if row["credit_hold"] else ""
        return rows

    def _xlsx_title(self):
        return _("Credit Risk")

    def _xlsx_filename(self):
        return "credit_risk"
