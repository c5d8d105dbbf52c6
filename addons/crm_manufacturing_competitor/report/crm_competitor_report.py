from odoo import _, api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.report.crm_manufacturing_xlsx_columns import (
    xlsx_column,
    xlsx_money_column,
)

from ..models.crm_competitor import PRICE_GAP_BANDS, price_gap_band_sql
from ..models.crm_lead import LOSS_FACTORS
from ..models.crm_lead_competitor import THREATS

# the rates and gaps: averaged when rows are grouped
AVERAGE = {"aggregator": "avg", "readonly": True}
REPORT_OUTCOMES = [
    ("won", "Won"),
    ("lost_to_them", "Lost to Them"),
    ("lost_to_other", "Lost to Another"),
]


class CrmCompetitorReport(models.Model):
    """Competitive analysis (竞争分析): one row per competitor on a closed deal."""

    _name = "crm.competitor.report"
    _inherit = ["crm.manufacturing.xlsx.export.mixin"]
    _description = "Competitive Analysis"
    _auto = False
    _order = "date_closed desc, id desc"
    _rec_name = "competitor_id"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    competitor_id = fields.Many2one("crm.competitor", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    outcome = fields.Selection(REPORT_OUTCOMES, readonly=True)
    expected_revenue = fields.Monetary(currency_field="currency_id", readonly=True)
    quoted_price = fields.Monetary(
        string="Their Price", currency_field="currency_id", readonly=True
    )
    price_gap_percent = fields.Float(
        string="Price Gap (%)",
        **AVERAGE,
        help="(Their price − our price) / our price × 100: negative when they were cheaper.",
    )
    price_gap_known = fields.Boolean(readonly=True)
    price_gap_band = fields.Selection(PRICE_GAP_BANDS, readonly=True)
    lead_time_gap_days = fields.Float(
        string="Delivery Gap (Days)",
        digits=(16, 1),
        **AVERAGE,
        help="Their delivery time − ours: negative when they delivered faster.",
    )
    lead_time_gap_known = fields.Boolean(readonly=True)
    loss_factor = fields.Selection(LOSS_FACTORS, string="Main Loss Factor", readonly=True)
    threat = fields.Selection(THREATS, readonly=True)
    win_rate = fields.Float(
        string="Win Rate (%)",
        digits=(16, 1),
        **AVERAGE,
        help="Our win rate against the competitors of the rows: deals lost to another "
        "competitor do not count.",
    )

    _depends = {
        "crm.lead.competitor": [
            "lead_id",
            "competitor_id",
            "outcome",
            "quoted_price",
            "price_gap_percent",
            "price_gap_known",
            "lead_time_gap_days",
            "lead_time_gap_known",
            "threat",
        ],
        "crm.lead": [
            "date_closed",
            "team_id",
            "user_id",
            "partner_id",
            "country_id",
            "company_id",
            "expected_revenue",
            "loss_factor",
        ],
        "res.company": ["currency_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT lc.id, lc.lead_id, lc.competitor_id, l.date_closed, l.team_id, l.user_id,
                   l.partner_id, l.country_id, l.company_id, company.currency_id,
                   lc.outcome, l.expected_revenue, lc.quoted_price,
                   CASE WHEN lc.price_gap_known THEN lc.price_gap_percent END
                       AS price_gap_percent,
                   lc.price_gap_known, %(band)s AS price_gap_band,
                   CASE WHEN lc.lead_time_gap_known THEN lc.lead_time_gap_days END
                       AS lead_time_gap_days, lc.lead_time_gap_known,
                   l.loss_factor, lc.threat,
                   CASE lc.outcome WHEN 'won' THEN 100.0 WHEN 'lost_to_them' THEN 0.0 END
                       AS win_rate
              FROM crm_lead_competitor lc
              JOIN crm_lead l ON l.id = lc.lead_id
              LEFT JOIN res_company company ON company.id = l.company_id
             WHERE lc.outcome IN ('won', 'lost_to_them', 'lost_to_other')
            """,
            band=price_gap_band_sql("lc"),
        )

    # ------------------------------------------------------------------
    # Excel
    # ------------------------------------------------------------------
    @api.model
    def _xlsx_columns(self):
        return [
            xlsx_column(_("Competitor"), "competitor", width=26),
            xlsx_column(_("Opportunity"), "lead", width=30),
            xlsx_column(_("Customer"), "customer", width=26),
            xlsx_column(_("Closed On"), "date_closed", "date", 12),
            xlsx_column(_("Sales Team"), "team", width=16),
            xlsx_column(_("Salesperson"), "user", width=16),
            xlsx_column(_("Country"), "country", width=14),
            xlsx_column(_("Outcome"), "outcome", width=14),
            xlsx_money_column(_("Expected Revenue"), "expected_revenue", width=14),
            # float, not monetary: the shared helper cannot write an empty monetary cell
            xlsx_column(_("Their Price"), "quoted_price", "float"),
            xlsx_column(_("Price Gap (%)"), "price_gap_percent", "percent"),
            xlsx_column(_("Price Gap Band"), "price_gap_band", width=24),
            xlsx_column(_("Delivery Gap (Days)"), "lead_time_gap_days", "integer"),
            xlsx_column(_("Main Loss Factor"), "loss_factor", width=16),
        ]

    @api.model
    def _xlsx_rows(self, domain=None):
        rows = self.search_fetch(
            domain or [],
            [
                "competitor_id",
                "lead_id",
                "partner_id",
                "date_closed",
                "team_id",
                "user_id",
                "country_id",
                "outcome",
                "expected_revenue",
                "quoted_price",
                "price_gap_percent",
                "price_gap_band",
                "lead_time_gap_days",
                "price_gap_known",
                "lead_time_gap_known",
                "loss_factor",
            ],
        )
        labels = {
            name: dict(self._fields[name]._description_selection(self.env))
            for name in ("outcome", "price_gap_band", "loss_factor")
        }
        return [
            {
                "competitor": row.competitor_id.name,
                "lead": row.lead_id.name,
                "customer": row.partner_id.display_name or "",
                "date_closed": row.date_closed,
                "team": row.team_id.name or "",
                "user": row.user_id.name or "",
                "country": row.country_id.name or "",
                "outcome": labels["outcome"].get(row.outcome, ""),
                "expected_revenue": row.expected_revenue,
                "quoted_price": row.quoted_price or None,
                "price_gap_percent": (row.price_gap_percent if row.price_gap_known else None),
                "price_gap_band": labels["price_gap_band"].get(row.price_gap_band, ""),
                "lead_time_gap_days": (row.lead_time_gap_days if row.lead_time_gap_known else None),
                "loss_factor": labels["loss_factor"].get(row.loss_factor, ""),
            }
            for row in rows
        ]

    def _xlsx_title(self):
        return _("Competitive Analysis")

    def _xlsx_filename(self):
        return "competitive_analysis"
