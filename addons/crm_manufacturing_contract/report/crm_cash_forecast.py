from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.report.crm_manufacturing_xlsx_columns import (
    xlsx_column,
    xlsx_money_column,
)
from odoo.addons.crm_manufacturing.tools import check_domain, check_period

from ..models.sale_execution_template import MONEY_STEP_TYPES

SOURCES = [
    ("step", "Installment"),
    ("invoice", "Open Invoice"),
    ("pipeline", "Pipeline"),
]
# group_by keys of get_cash_forecast -> read_group specifications
GROUP_BY = {
    "month": "date:month",
    "week": "date:week",
    "quarter": "date:quarter",
    "year": "date:year",
    "source": "source",
    "partner_id": "partner_id",
    "user_id": "user_id",
    "team_id": "team_id",
    "company_id": "company_id",
}


class CrmCashForecast(models.Model):
    """Cash Forecast (回款预测): one row per expected cash-in, in company currency.

    - ``step``: the unpaid part of every open installment or retention of a confirmed order,
      on its planned date;
    - ``invoice``: open customer invoices and credit notes not linked to any installment, on
      their due date;
    - ``pipeline``: open opportunities with an expected revenue and an expected closing date
      and no confirmed order yet: revenue x probability, split over the money steps of the
      company's default execution plan (each at the closing date + its offset, for its
      percent; without a default plan, all of it on the closing date).

    What is overdue is expected today (``is_overdue``; today in the user's time zone).
    One SQL view, no loop.
    """

    _name = "crm.cash.forecast"
    _inherit = ["crm.manufacturing.xlsx.export.mixin"]
    _description = "Cash Forecast"
    _auto = False
    _order = "date, id"
    _rec_name = "source"
    _depends = {
        "sale.execution.step": [
            "order_id",
            "state",
            "step_type",
            "amount",
            "amount_paid",
            "planned_date",
            "company_id",
        ],
        "sale.order": [
            "state",
            "currency_rate",
            "user_id",
            "team_id",
            "partner_id",
            "opportunity_id",
            "company_id",
        ],
        "account.move": [
            "execution_step_id",
            "state",
            "move_type",
            "invoice_user_id",
            "team_id",
            "commercial_partner_id",
            "company_id",
        ],
        "account.move.line": [
            "amount_residual",
            "date_maturity",
            "parent_state",
            "account_id",
            "move_id",
            "company_id",
        ],
        "account.account": ["account_type"],
        "crm.lead": [
            "expected_revenue",
            "probability",
            "date_deadline",
            "active",
            "type",
            "stage_id",
            "user_id",
            "team_id",
            "partner_id",
            "company_id",
        ],
        "crm.stage": ["is_won"],
        "res.company": ["execution_template_id", "currency_id"],
        "sale.execution.template.line": ["template_id", "step_type", "percent", "offset_days"],
    }

    source = fields.Selection(SOURCES, readonly=True)
    date = fields.Date(string="Expected On", readonly=True)
    is_overdue = fields.Boolean(string="Overdue", readonly=True)
    amount = fields.Monetary(string="Expected Cash", readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True)
    step_id = fields.Many2one("sale.execution.step", string="Installment", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY f.source, f.key1, f.key2) AS id, f.*
              FROM (
                -- open installments of confirmed orders: what is not paid yet
                SELECT 'step' AS source, s.id AS key1, 0 AS key2,
                       GREATEST(COALESCE(s.planned_date, %(today)s), %(today)s) AS date,
                       COALESCE(s.planned_date < %(today)s, FALSE) AS is_overdue,
                       (s.amount - COALESCE(s.amount_paid, 0))
                           / COALESCE(NULLIF(o.currency_rate, 0), 1) AS amount,
                       c.currency_id, op.commercial_partner_id AS partner_id, o.user_id, o.team_id,
                       s.company_id,
                       o.opportunity_id AS lead_id, o.id AS order_id, s.id AS step_id,
                       NULL::integer AS move_id
                  FROM sale_execution_step s
                  JOIN sale_order o ON o.id = s.order_id
                  JOIN res_partner op ON op.id = o.partner_id
                  JOIN res_company c ON c.id = s.company_id
                 WHERE o.state = 'sale'
                   AND s.step_type IN %(money)s
                   AND s.state NOT IN ('done', 'cancelled')
                   AND s.amount - COALESCE(s.amount_paid, 0) <> 0
                UNION ALL
                -- open receivables not linked to an installment
                SELECT 'invoice', l.id, 0,
                       GREATEST(COALESCE(l.date_maturity, m.invoice_date, m.date), %(today)s),
                       COALESCE(l.date_maturity, m.invoice_date, m.date) < %(today)s,
                       l.amount_residual,
                       c.currency_id, m.commercial_partner_id, m.invoice_user_id, m.team_id,
                       l.company_id, NULL, NULL, NULL, m.id
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
                  JOIN account_account a ON a.id = l.account_id
                  JOIN res_company c ON c.id = l.company_id
                 WHERE a.account_type = 'asset_receivable'
                   AND l.parent_state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.execution_step_id IS NULL
                   AND l.amount_residual <> 0
                UNION ALL
                -- weighted pipeline, split like the company's default execution plan
                SELECT 'pipeline', ld.id, COALESCE(tl.id, 0),
                       GREATEST(ld.date_deadline + COALESCE(tl.offset_days, 0), %(today)s),
                       ld.date_deadline + COALESCE(tl.offset_days, 0) < %(today)s,
                       ld.expected_revenue * ld.probability / 100.0
                           * COALESCE(tl.percent, 100.0) / 100.0,
                       c.currency_id, COALESCE(p.commercial_partner_id, ld.partner_id),
                       ld.user_id, ld.team_id, ld.company_id, ld.id, NULL, NULL, NULL
                  FROM crm_lead ld
                  JOIN res_company c ON c.id = ld.company_id
                  LEFT JOIN res_partner p ON p.id = ld.partner_id
                  LEFT JOIN crm_stage st ON st.id = ld.stage_id
                  LEFT JOIN sale_execution_template_line tl
                         ON tl.template_id = c.execution_template_id
                        AND tl.step_type IN %(money)s
                 WHERE ld.active
                   AND ld.type = 'opportunity'
                   AND ld.expected_revenue > 0
                   AND ld.probability > 0 AND ld.probability < 100
                   AND ld.date_deadline IS NOT NULL
                   AND NOT COALESCE(st.is_won, FALSE)
                   AND NOT EXISTS (SELECT 1 FROM sale_order so
                                    WHERE so.opportunity_id = ld.id AND so.state = 'sale')
              ) f
            """,
            money=MONEY_STEP_TYPES,
            today=fields.Date.context_today(self),
        )

    @api.model
    @api.readonly
    def get_cash_forecast(self, date_from, date_to, group_by=("month", "source"), domain=None):
        """Expected cash-in of the period [date_from, date_to], grouped (XML-RPC).

        ``group_by``: a list of ``month``, ``week``, ``quarter``, ``year``, ``source``,
        ``partner_id``, ``user_id``, ``team_id``, ``company_id``. Returns one dict per group
        with those keys (many2one keys as ``[id, name]``, dates as the period's label) and
        ``amount`` and ``count``. Only the rows of the records the caller may read count.
        """
        date_from, date_to = check_period(self.env, date_from, date_to)
        if isinstance(group_by, str):
            group_by = [group_by]
        if not isinstance(group_by, list | tuple) or not all(
            isinstance(key, str) and key in GROUP_BY for key in group_by
        ):
            raise UserError(
                self.env._(
                    "Group the cash forecast by any of %(keys)s, not %(value)r.",
                    keys=", ".join(GROUP_BY),
                    value=group_by,
                )
            )
        domain = [
            *check_domain(self, domain),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        specs = [GROUP_BY[key] for key in group_by]
        rows = []
        for *groups, amount, count in self._read_group(
            domain, specs, ["amount:sum", "__count"], order=", ".join(specs) or None
        ):
            row = {"amount": amount, "count": count}
            for key, spec, value in zip(group_by, specs, groups, strict=True):
                if ":" in spec:
                    row[key] = fields.Date.to_string(value)
                elif isinstance(value, models.BaseModel):
                    row[key] = [value.id, value.display_name] if value else False
                else:
                    row[key] = value
            rows.append(row)
        return rows

    @api.model
    def _xlsx_columns(self):
        _ = self.env._
        return [
            xlsx_column(_("Expected On"), "date", "date", 12),
            xlsx_column(_("Source"), "source", width=14),
            xlsx_column(_("Customer"), "partner", width=32),
            xlsx_column(_("Salesperson"), "user", width=18),
            xlsx_column(_("Sales Team"), "team", width=18),
            xlsx_column(_("Reference"), "reference", width=28),
            xlsx_column(_("Overdue"), "overdue", width=9),
            xlsx_money_column(_("Expected Cash"), "amount"),
        ]

    def _xlsx_title(self):
        return self.env._("Cash Forecast")

    def _xlsx_rows(self, domain):
        sources = dict(self._fields["source"]._description_selection(self.env))
        yes, no = self.env._("Yes"), ""
        return [
            {
                "date": row.date,
                "source": sources.get(row.source, row.source),
                "partner": row.partner_id.display_name or "",
                "user": row.user_id.name or "",
                "team": row.team_id.name or "",
                "reference": (row.step_id and f"{row.order_id.name} · {row.step_id.name}")
                or row.move_id.name
                or row.lead_id.name
                or "",
                "overdue": yes if row.is_overdue else no,
                "amount": row.amount,
            }
            for row in self.search(domain)
        ]
