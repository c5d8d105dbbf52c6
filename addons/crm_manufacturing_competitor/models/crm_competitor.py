from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

PRICE_LEVELS = [("low", "Lower"), ("similar", "Similar"), ("high", "Higher")]
PRICE_GAP_BANDS = [
    ("them_cheaper_10", "They Were Over 10 % Cheaper"),
    ("them_cheaper_0_10", "They Were 0-10 % Cheaper"),
    ("we_cheaper", "We Were Cheaper or Equal"),
    ("unknown", "Price Gap Unknown"),
]
# price gap in percent of our price under which the competitor was "over 10 % cheaper"
CHEAPER_THRESHOLD = -10.0
# the figures of a competitor: computed together, stored (sorted and grouped on)
STATISTIC = {"compute": "_compute_statistics", "store": True}


def price_gap_band_sql(alias):
    """SQL expression of the price-gap band of the ``crm_lead_competitor`` row ``alias``."""
    return SQL(
        """CASE WHEN NOT COALESCE(%(known)s, FALSE) THEN 'unknown'
                WHEN %(gap)s < %(threshold)s THEN 'them_cheaper_10'
                WHEN %(gap)s < 0 THEN 'them_cheaper_0_10'
                ELSE 'we_cheaper' END""",
        known=SQL.identifier(alias, "price_gap_known"),
        gap=SQL.identifier(alias, "price_gap_percent"),
        threshold=CHEAPER_THRESHOLD,
    )


def price_gap_band(known, gap):
    """Python twin of :func:`price_gap_band_sql`."""
    if not known:
        return "unknown"
    if gap < CHEAPER_THRESHOLD:
        return "them_cheaper_10"
    if gap < 0:
        return "them_cheaper_0_10"
    return "we_cheaper"


class CrmCompetitor(models.Model):
    """A competitor (竞争对手) met in tenders, with what it sells and how it wins."""

    _name = "crm.competitor"
    _inherit = ["mail.thread"]
    _description = "Competitor"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Company Contact",
        check_company=True,
        help="The competitor as a company in the contacts (optional).",
    )
    website = fields.Char()
    country_id = fields.Many2one("res.country")
    strengths = fields.Text()
    weaknesses = fields.Text()
    product_lines = fields.Text(help="The machines and lines it offers.")
    price_level = fields.Selection(
        PRICE_LEVELS,
        help="Its usual prices compared to ours.",
        tracking=True,
    )
    note = fields.Html(string="Notes")
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to share the competitor between the companies.",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()
    lead_line_ids = fields.One2many(
        "crm.lead.competitor", "competitor_id", string="Deal Lines", readonly=True
    )
    recent_line_ids = fields.Many2many(
        "crm.lead.competitor",
        compute="_compute_recent_line_ids",
        string="Last Deals",
        help="The last 20 deals it was on.",
    )
    deal_count = fields.Integer(
        string="Deals",
        **STATISTIC,
        help="Opportunities it was on, open and closed.",
    )
    won_against_count = fields.Integer(
        string="Won Against",
        **STATISTIC,
        help="Deals we won while it was competing.",
    )
    lost_to_count = fields.Integer(
        string="Lost To",
        **STATISTIC,
        help="Deals we lost and it took.",
    )
    win_rate = fields.Float(
        string="Win Rate (%)",
        **STATISTIC,
        digits=(16, 1),
        aggregator="avg",
        help="Won against / (won against + lost to) × 100: deals lost to another "
        "competitor do not count.",
    )
    lost_amount = fields.Monetary(
        **STATISTIC,
        currency_field="currency_id",
        help="Expected revenue of the deals it took from us.",
        groups="sales_team.group_sale_salesman_all_leads",
    )

    _sql_constraints = [
        (
            "color_positive",
            "CHECK(color >= 0)",
            "The colour of a competitor cannot be negative.",
        ),
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for competitor in self:
            competitor.currency_id = (competitor.company_id or self.env.company).currency_id

    def _compute_recent_line_ids(self):
        Line = self.env["crm.lead.competitor"]
        for competitor in self:
            competitor.recent_line_ids = (
                Line.search([("competitor_id", "=", competitor.id)], order="id desc", limit=20)
                if competitor.id
                else Line
            )

    @api.depends(
        "lead_line_ids.outcome",
        "lead_line_ids.lead_id.expected_revenue",
    )
    def _compute_statistics(self):
        """All the figures of all the competitors in two grouped queries."""
        counts, amounts = {}, {}
        ids = [competitor_id for competitor_id in self.ids if competitor_id]
        if ids:
            for competitor, outcome, count in self.env["crm.lead.competitor"]._read_group(
                [("competitor_id", "in", ids)],
                groupby=["competitor_id", "outcome"],
                aggregates=["__count"],
            ):
                counts.setdefault(competitor.id, {})[outcome] = count
            amounts = dict(
                self.env["crm.lead"]._read_group(
                    [
                        (
                            "competitor_ids",
                            "any",
                            [("competitor_id", "in", ids), ("outcome", "=", "lost_to_them")],
                        ),
                        ("active", "in", [True, False]),
                    ],
                    groupby=["lost_to_competitor_id"],
                    aggregates=["expected_revenue:sum"],
                )
            )
        for competitor in self:
            by_outcome = counts.get(competitor.id, {})
            won = by_outcome.get("won", 0)
            lost_to = by_outcome.get("lost_to_them", 0)
            competitor.deal_count = sum(by_outcome.values())
            competitor.won_against_count = won
            competitor.lost_to_count = lost_to
            competitor.win_rate = won * 100.0 / (won + lost_to) if won + lost_to else 0.0
            competitor.lost_amount = amounts.get(competitor._origin, 0.0)

    @api.constrains("name", "company_id")
    def _check_unique_name(self):
        """Unique per company, case and surrounding spaces ignored (archived ones included)."""
        names = {competitor.name.strip().lower() for competitor in self if competitor.name}
        if not names:
            return
        self.flush_model(["name", "company_id"])
        self.env.cr.execute(
            SQL(
                """SELECT lower(trim(name)), company_id, count(*)
                     FROM crm_competitor
                    WHERE lower(trim(name)) IN %s
                 GROUP BY lower(trim(name)), company_id
                   HAVING count(*) > 1""",
                tuple(names),
            )
        )
        duplicates = self.env.cr.fetchall()
        if duplicates:
            name = next(c.name for c in self if c.name.strip().lower() == duplicates[0][0])
            raise ValidationError(
                _(
                    "A competitor named %(name)s already exists in this company "
                    "(archived ones count too): use it instead of a new one.",
                    name=name,
                )
            )

    @api.constrains("website")
    def _check_website(self):
        for competitor in self:
            if competitor.website and " " in competitor.website.strip():
                raise ValidationError(
                    _(
                        "The website %(website)s of %(name)s is not an address.",
                        website=competitor.website,
                        name=competitor.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_deals(self):
        # sudo: the deals of other salespeople count as well, only their number is used
        used = self.sudo().with_context(active_test=False).filtered("lead_line_ids")
        if used:
            raise UserError(
                _(
                    "The competitor %(name)s is on deals: archive it instead of deleting it.",
                    name=used[0].name,
                )
            )

    def action_view_deals(self):
        """Smart button: the opportunities the competitor was on, lost ones included."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_action_pipeline")
        action.update(
            {
                "name": _("Deals against %(name)s", name=self.name),
                "domain": [("competitor_ids.competitor_id", "=", self.id)],
                "context": {"active_test": False, "default_type": "opportunity"},
                "view_mode": "list,kanban,form",
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
            }
        )
        return action

    def action_view_lost_deals(self):
        action = self.action_view_deals()
        action["name"] = _("Deals lost to %(name)s", name=self.name)
        action["domain"] = [("lost_to_competitor_id", "=", self.id)]
        return action

    def action_view_won_deals(self):
        action = self.action_view_deals()
        action["name"] = _("Deals won against %(name)s", name=self.name)
        action["domain"] = [
            ("competitor_ids", "any", [("competitor_id", "=", self.id), ("outcome", "=", "won")])
        ]
        return action

    # ------------------------------------------------------------------
    # Win rates (XML-RPC)
    # ------------------------------------------------------------------
    @api.model
    def _check_win_rate_arguments(self, date_from, date_to, domain):
        try:
            start = fields.Date.to_date(date_from) if date_from else None
            end = fields.Date.to_date(date_to) if date_to else None
        except (TypeError, ValueError) as error:
            raise UserError(
                _("The win rates need dates as YYYY-MM-DD: %(error)s", error=error)
            ) from error
        if start and end and start > end:
            raise UserError(
                _(
                    "The win rates need a period whose start %(start)s is not after its "
                    "end %(end)s.",
                    start=start,
                    end=end,
                )
            )
        if domain is None or domain is False:
            domain = []
        if not isinstance(domain, list | tuple):
            raise UserError(
                _(
                    "The filter of the win rates must be a domain (a list), not %(value)r.",
                    value=domain,
                )
            )
        return start, end, list(domain)

    @api.readonly
    @api.model
    def get_win_rates(self, date_from=None, date_to=None, domain=None):
        """Win rates against each competitor over the deals closed in the period.

        ``date_from``/``date_to``: dates (YYYY-MM-DD, inclusive, either may be empty) that
        the deals' closing date falls in; ``domain``: filters the opportunities
        (``crm.lead``), e.g. ``[("team_id", "=", 3)]``. Only the deals the caller may read
        count. Returns one dict per competitor, by competitor name:
        ``competitor_id``, ``competitor_name``, ``deal_count`` (closed deals it was on),
        ``won_against_count``, ``lost_to_count``, ``lost_to_other_count``, ``win_rate``,
        ``lost_amount`` and ``bands``: for each price-gap band (``them_cheaper_10``,
        ``them_cheaper_0_10``, ``we_cheaper``, ``unknown``) a dict with
        ``won_against_count``, ``lost_to_count`` and ``win_rate``. A win rate is in percent,
        ``False`` when no deal was won or lost against the competitor. One query.
        """
        start, end, domain = self._check_win_rate_arguments(date_from, date_to, domain)
        self.check_access("read")
        Lead = self.env["crm.lead"].with_context(active_test=False)
        Lead.check_access("read")
        query = self._win_rate_query(Lead, domain)
        line = query.table
        lead = query.join(line, "lead_id", "crm_lead", "id", "lead_id")
        competitor = query.join(line, "competitor_id", "crm_competitor", "id", "competitor_id")
        if start:
            query.add_where(
                SQL(
                    "%s >= %s",
                    SQL.identifier(lead, "date_closed"),
                    fields.Datetime.to_datetime(start),
                )
            )
        if end:
            query.add_where(
                SQL(
                    "%s < %s",
                    SQL.identifier(lead, "date_closed"),
                    fields.Datetime.to_datetime(fields.Date.add(end, days=1)),
                )
            )
        # one row per (competitor, outcome, price-gap band): the band is computed once per line
        band = price_gap_band_sql(line)
        query.groupby = SQL(
            "%s, %s, %s, %s",
            SQL.identifier(line, "competitor_id"),
            SQL.identifier(competitor, "name"),
            SQL.identifier(line, "outcome"),
            band,
        )
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(line, "competitor_id"),
                SQL.identifier(competitor, "name"),
                SQL.identifier(line, "outcome"),
                band,
                SQL("count(*)"),
                SQL("sum(%s)", SQL.identifier(lead, "expected_revenue")),
            )
        )
        figures = {}
        for competitor_id, name, outcome, band_key, count, revenue in rows:
            item = figures.setdefault(
                competitor_id,
                {
                    "competitor_id": competitor_id,
                    "competitor_name": name,
                    "deal_count": 0,
                    "won_against_count": 0,
                    "lost_to_count": 0,
                    "lost_to_other_count": 0,
                    "lost_amount": 0.0,
                    "bands": {
                        key: {"won_against_count": 0, "lost_to_count": 0}
                        for key, _label in PRICE_GAP_BANDS
                    },
                },
            )
            item["deal_count"] += count
            if outcome == "won":
                item["won_against_count"] += count
                item["bands"][band_key]["won_against_count"] += count
            elif outcome == "lost_to_them":
                item["lost_to_count"] += count
                item["lost_amount"] += float(revenue or 0.0)
                item["bands"][band_key]["lost_to_count"] += count
            else:
                item["lost_to_other_count"] += count
        result = sorted(
            figures.values(),
            key=lambda item: (item["competitor_name"].lower(), item["competitor_id"]),
        )
        for item in result:
            item["win_rate"] = self._win_rate(item["won_against_count"], item["lost_to_count"])
            for figures_of_band in item["bands"].values():
                figures_of_band["win_rate"] = self._win_rate(
                    figures_of_band["won_against_count"], figures_of_band["lost_to_count"]
                )
        return result

    @api.model
    def _win_rate_query(self, Lead, domain):
        """The query of the decided lines (record rules of the lines applied) whose deal
        matches ``domain`` and the deal's record rules, and whose competitor the user may
        read: the conditions are added to the joined tables (no sub-select)."""
        Line = self.env["crm.lead.competitor"]
        query = Line._search([("outcome", "!=", "open")])
        lead = query.join(query.table, "lead_id", "crm_lead", "id", "lead_id")
        competitor = query.join(
            query.table, "competitor_id", "crm_competitor", "id", "competitor_id"
        )
        try:
            if domain:
                expression.expression(domain, Lead, lead, query)
        except (ValueError, TypeError, KeyError, AssertionError) as error:
            raise UserError(
                _("The filter of the win rates is not valid: %(error)s", error=error)
            ) from error
        if not self.env.su:
            Rule = self.env["ir.rule"]
            for model, alias in ((Lead, lead), (self, competitor)):
                rule_domain = Rule._compute_domain(model._name, "read")
                if rule_domain:
                    expression.expression(rule_domain, model.sudo(), alias, query)
        return query

    @api.model
    def _win_rate(self, won, lost):
        return round(won * 100.0 / (won + lost), 1) if won + lost else False
