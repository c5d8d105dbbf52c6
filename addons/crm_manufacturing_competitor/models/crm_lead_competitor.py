from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .crm_competitor import PRICE_GAP_BANDS, price_gap_band

# the price and delivery gaps: computed together, stored (averaged in the analysis)
GAP = {"compute": "_compute_gaps", "store": True}
THREATS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
OUTCOMES = [
    ("open", "Open"),
    ("won", "Beaten"),
    ("lost_to_them", "Took the Deal"),
    ("lost_to_other", "Also Lost"),
]


class CrmLeadCompetitor(models.Model):
    """A competitor on a deal (竞争订单): its offer, price, delivery time and strategy."""

    _name = "crm.lead.competitor"
    _description = "Competitor on a Deal"
    _order = "lead_id, is_winner desc, threat_sequence desc, id"
    _rec_name = "competitor_id"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    competitor_id = fields.Many2one(
        "crm.competitor",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="lead_id.company_currency")
    offer = fields.Text(help="What they offer: machines, options, services.")
    quoted_price = fields.Monetary(
        currency_field="currency_id", help="Their quoted price, in the currency of the deal."
    )
    lead_time_days = fields.Integer(
        string="Delivery Time (Days)", help="The delivery time they offer, in days."
    )
    warranty_months = fields.Integer(string="Warranty (Months)")
    strategy = fields.Text(help="How they try to win: price, relations, financing …")
    threat = fields.Selection(THREATS, default="medium", required=True)
    threat_sequence = fields.Integer(compute="_compute_threat_sequence", store=True)
    is_winner = fields.Boolean(
        string="Took the Deal", help="The competitor who won the deal we lost."
    )
    price_gap_percent = fields.Float(
        string="Price Gap (%)",
        **GAP,
        aggregator="avg",
        help="(Their price − our price) / our price × 100, our price being the expected "
        "revenue of the deal: negative when they are cheaper. Empty when a price is missing.",
    )
    price_gap_known = fields.Boolean(
        **GAP,
        help="Both prices are known: the price gap means something.",
    )
    price_gap_band = fields.Selection(PRICE_GAP_BANDS, compute="_compute_price_gap_band")
    lead_time_gap_days = fields.Integer(
        string="Delivery Gap (Days)",
        **GAP,
        aggregator="avg",
        help="Their delivery time − ours: negative when they deliver faster. "
        "Empty when a delivery time is missing.",
    )
    lead_time_gap_known = fields.Boolean(
        **GAP,
        help="Both delivery times are known: the delivery gap means something.",
    )
    outcome = fields.Selection(
        OUTCOMES,
        compute="_compute_outcome",
        store=True,
        index=True,
        help="Beaten: we won the deal; Took the Deal: we lost it to them; "
        "Also Lost: we lost it to someone else.",
    )
    lead_stage_id = fields.Many2one(related="lead_id.stage_id", string="Stage")
    lead_user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson")
    lead_partner_id = fields.Many2one(related="lead_id.partner_id", string="Customer")
    lead_expected_revenue = fields.Monetary(
        related="lead_id.expected_revenue", string="Our Price", currency_field="currency_id"
    )
    lead_date_closed = fields.Datetime(related="lead_id.date_closed", string="Closed On")

    _sql_constraints = [
        (
            "lead_competitor_unique",
            "UNIQUE(lead_id, competitor_id)",
            "A competitor is on a deal only once.",
        ),
        (
            "quoted_price_positive",
            "CHECK(quoted_price IS NULL OR quoted_price >= 0)",
            "A quoted price cannot be negative.",
        ),
        (
            "lead_time_days_positive",
            "CHECK(lead_time_days IS NULL OR lead_time_days >= 0)",
            "A delivery time cannot be negative.",
        ),
        (
            "warranty_months_positive",
            "CHECK(warranty_months IS NULL OR warranty_months >= 0)",
            "A warranty cannot be negative.",
        ),
    ]

    def init(self):
        # at most one winner per deal, even under concurrent saves (the constraint below
        # gives the message)
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS crm_lead_competitor_one_winner_idx "
                "ON crm_lead_competitor (lead_id) WHERE is_winner"
            )
        )

    @api.depends("threat")
    def _compute_threat_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(THREATS)}
        for line in self:
            line.threat_sequence = order.get(line.threat, 0)

    @api.depends(
        "quoted_price",
        "lead_time_days",
        "lead_id.expected_revenue",
        "lead_id.our_lead_time_days",
    )
    def _compute_gaps(self):
        """Empty (0, not known) when a price or a delivery time is missing: a quoted price or
        a delivery time of 0 means "not known" (nobody quotes a line for nothing)."""
        for line in self:
            ours = line.lead_id.expected_revenue
            line.price_gap_known = bool(ours > 0 and line.quoted_price > 0)
            line.price_gap_percent = (
                (line.quoted_price - ours) / ours * 100.0 if line.price_gap_known else 0.0
            )
            our_days = line.lead_id.our_lead_time_days
            line.lead_time_gap_known = bool(line.lead_time_days and our_days)
            line.lead_time_gap_days = (
                line.lead_time_days - our_days if line.lead_time_gap_known else 0
            )

    @api.depends("price_gap_known", "price_gap_percent")
    def _compute_price_gap_band(self):
        for line in self:
            line.price_gap_band = price_gap_band(line.price_gap_known, line.price_gap_percent)

    @api.depends(
        "is_winner",
        "lead_id.active",
        "lead_id.probability",
        "lead_id.stage_id.is_won",
    )
    def _compute_outcome(self):
        for line in self:
            line.outcome = line._outcome_of(line.lead_id, line.is_winner)

    @api.model
    def _outcome_of(self, lead, is_winner):
        """Odoo's semantic: lost = archived with a probability of 0, won = in a won stage."""
        if not lead.active and not lead.probability:
            return "lost_to_them" if is_winner else "lost_to_other"
        if lead.stage_id.is_won:
            return "won"
        return "open"

    @api.constrains("quoted_price", "lead_time_days", "warranty_months")
    def _check_positive(self):
        for line in self:
            if line.quoted_price < 0 or line.lead_time_days < 0 or line.warranty_months < 0:
                raise ValidationError(
                    _(
                        "The price, delivery time and warranty of %(competitor)s on "
                        "%(deal)s cannot be negative.",
                        competitor=line.competitor_id.name,
                        deal=line.lead_id.display_name,
                    )
                )

    @api.constrains("is_winner", "lead_id")
    def _check_winner(self):
        self.lead_id._check_competitor_winner()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # lines follow their deal: adding a competitor needs the right to edit the deal
        lines.lead_id.check_access("write")
        return lines

    def write(self, vals):
        self.lead_id.check_access("write")
        result = super().write(vals)
        if "lead_id" in vals:
            self.lead_id.check_access("write")
        return result

    def unlink(self):
        self.lead_id.check_access("write")
        return super().unlink()
