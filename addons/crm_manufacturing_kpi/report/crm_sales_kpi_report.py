"""Sales KPIs per salesperson x month (x team x customer region).

Every figure has ONE definition, in SQL, in a *source* below. A source is a query returning
rows of the same shape::

    kpi_date (timestamp), user_id, team_id, state_id, company_id,
    measure (text), cnt (integer), amount (numeric), days (numeric)

The report (``_table_query``) unions the sources and sums them per month; ``get_kpis`` runs
the same query with the period pushed into every source. Extension points:

- ``_kpi_won_query(period)``, ``_kpi_won_amount()`` and ``_kpi_won_condition()``: the won
  deals. The team-selling glue (``crm_manufacturing_kpi_team``) sets the deal's amount to 0 when
  it has a project team (``_kpi_won_amount``) and adds one row per member with ``amount`` = the
  member's share of the expected revenue, ``cnt`` and ``days`` = 0 (``_kpi_won_query``); its
  model ``_inherit = "crm.sales.kpi.report"`` and declares its tables in ``_depends``.
- ``_kpi_sources(period)`` and ``_kpi_measure_columns()``: another figure (see
  ``crm_manufacturing_kpi_service``, which adds ``complaint_count``).
"""

import datetime
from contextlib import contextmanager

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# the figures a target can be set on (crm.sales.target.metric) and get_kpis returns
KPI_METRICS = [
    ("visit_count", "Visits"),
    ("decider_meeting_count", "Decision-Maker Meetings"),
    ("committee_meeting_count", "Committee Meetings"),
    ("quote_count", "Quotes"),
    ("quote_amount", "Quoted Amount"),
    ("new_opportunity_count", "New Opportunities"),
    ("won_count", "Won Deals"),
    ("won_amount", "Won Amount"),
    ("lost_count", "Lost Deals"),
    ("win_rate", "Win Rate (%)"),
    ("avg_days_to_win", "Average Days to Win"),
]
# figures that are not sums: recomputed from the sums of their parts in every group
RATIO_FIELDS = ("win_rate", "avg_days_to_win", "achievement_percent")
KPI_GROUP_BY = (
    "user_id",
    "team_id",
    "state_id",
    "company_id",
    "date:month",
    "date:quarter",
    "date:year",
)


class CrmSalesKpiReport(models.Model):
    _name = "crm.sales.kpi.report"
    _inherit = ["crm.manufacturing.xlsx.export.mixin"]
    _description = "Sales KPIs"
    _auto = False
    _order = "date desc, achievement_percent desc, user_id"
    _rec_name = "user_id"

    date = fields.Date(string="Month", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Region", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    visit_count = fields.Integer(string="Visits", readonly=True)
    decider_meeting_count = fields.Integer(string="Decision-Maker Meetings", readonly=True)
    committee_meeting_count = fields.Integer(string="Committee Meetings", readonly=True)
    quote_count = fields.Integer(string="Quotes", readonly=True)
    quote_amount = fields.Monetary(string="Quoted Amount", readonly=True)
    new_opportunity_count = fields.Integer(string="New Opportunities", readonly=True)
    won_count = fields.Integer(string="Won Deals", readonly=True)
    won_amount = fields.Monetary(readonly=True)
    lost_count = fields.Integer(string="Lost Deals", readonly=True)
    win_rate = fields.Float(
        string="Win Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Won / (won + lost) x 100, over the deals closed in the period.",
    )
    won_days = fields.Float(string="Days to Win (total)", readonly=True)
    avg_days_to_win = fields.Float(
        string="Average Days to Win",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="From the opening of the opportunity to its win, on average over the deals won.",
    )
    target_value = fields.Monetary(
        string="Won Amount Target",
        readonly=True,
        help="The won-amount targets of the salesperson, spread over the months of their "
        "period in proportion to the days.",
    )
    achievement_percent = fields.Float(
        string="Achievement (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Won amount / won-amount target x 100.",
    )

    # ------------------------------------------------------------------ table query
    _depends = {
        "mail.message": ["date", "author_id", "model", "res_id", "mail_activity_type_id"],
        "res.users": ["partner_id", "sale_team_id", "company_id"],
        "res.partner": ["commercial_partner_id", "state_id"],
        "crm.lead": [
            "user_id",
            "team_id",
            "partner_id",
            "state_id",
            "company_id",
            "type",
            "active",
            "probability",
            "expected_revenue",
            "date_closed",
            "date_conversion",
            "create_date",
        ],
        "calendar.event": [
            "start",
            "user_id",
            "opportunity_id",
            "active",
            "categ_ids",
            "partner_ids",
        ],
        "crm.decision.member": ["lead_id", "partner_id", "role"],
        "sale.order": [
            "quote_date",
            "user_id",
            "team_id",
            "partner_id",
            "company_id",
            "amount_untaxed",
            "currency_rate",
        ],
        "crm.sales.target": [
            "active",
            "user_id",
            "team_id",
            "state_id",
            "company_id",
            "metric",
            "target_value",
            "date_from",
            "date_to",
        ],
    }

    @property
    def _table_query(self):
        period = self._kpi_period_from_context()
        return self._kpi_query(period)

    def _kpi_period_from_context(self):
        """``(start, stop)`` datetimes (stop excluded) set by get_kpis, or None (all time)."""
        date_from = self.env.context.get("kpi_date_from")
        date_to = self.env.context.get("kpi_date_to")
        if not (date_from and date_to):
            return None
        start = datetime.datetime.combine(fields.Date.to_date(date_from), datetime.time.min)
        stop = datetime.datetime.combine(
            fields.Date.to_date(date_to) + datetime.timedelta(days=1), datetime.time.min
        )
        return start, stop

    @api.model
    def _kpi_in_period(self, column, period):
        """SQL condition: ``column`` (a timestamp) falls in the period (always true without)."""
        if not period:
            return SQL("TRUE")
        return SQL("(%s >= %s AND %s < %s)", column, period[0], column, period[1])

    @api.model
    def _kpi_measure_columns(self):
        """Field name -> SQL aggregate over the union of the sources (alias ``s``)."""

        def total(measure, column="cnt"):
            return SQL(
                "COALESCE(SUM(s.%s) FILTER (WHERE s.measure = %s), 0)",
                SQL.identifier(column),
                measure,
            )

        return {
            "visit_count": total("visit"),
            "decider_meeting_count": total("member_meeting", "amount"),
            "committee_meeting_count": total("member_meeting"),
            "quote_count": total("quote"),
            "quote_amount": total("quote", "amount"),
            "new_opportunity_count": total("new_opportunity"),
            "won_count": total("won"),
            "won_amount": total("won", "amount"),
            "won_days": total("won", "days"),
            "lost_count": total("lost"),
            "target_value": total("target", "amount"),
        }

    @api.model
    def _kpi_query(self, period=None):
        sources = self._kpi_sources(period)
        columns = self._kpi_measure_columns()
        figures = SQL(", ").join(
            SQL("%s AS %s", expression, SQL.identifier(name))
            for name, expression in columns.items()
        )
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY k.date, k.user_id, k.team_id, k.state_id,
                                      k.company_id) AS id,
                   k.*,
                   CASE WHEN k.won_count + k.lost_count > 0
                        THEN ROUND(100.0 * k.won_count / (k.won_count + k.lost_count), 2)
                   END AS win_rate,
                   CASE WHEN k.won_count > 0 THEN ROUND(k.won_days / k.won_count, 1)
                   END AS avg_days_to_win,
                   -- 0 without a target (not NULL: the leaderboard sorts by it, descending)
                   COALESCE(CASE WHEN k.target_value > 0
                                 THEN ROUND(100.0 * k.won_amount / k.target_value, 1)
                            END, 0) AS achievement_percent
              FROM (
                    SELECT DATE_TRUNC('month', s.kpi_date)::date AS date,
                           s.user_id, s.team_id, s.state_id, s.company_id,
                           %(figures)s
                      FROM (%(sources)s) s
                     GROUP BY 1, 2, 3, 4, 5
                   ) k
            """,
            figures=figures,
            sources=SQL(" UNION ALL ").join(self._kpi_monthly(source) for source in sources),
        )

    @api.model
    def _kpi_monthly(self, source):
        """A source summed per month, user, team, region, company and measure: a hash aggregate
        reduces each source to a few thousand rows before the union is grouped, instead of
        sorting the hundreds of thousands of rows of all the sources together (on disk, beyond
        the sort memory: half of the CPU time of a year of 50 salespeople)."""
        return SQL(
            """
            (SELECT DATE_TRUNC('month', x.kpi_date) AS kpi_date, x.user_id, x.team_id,
                    x.state_id, x.company_id, x.measure, SUM(x.cnt) AS cnt,
                    SUM(x.amount) AS amount, SUM(x.days) AS days
               FROM (%s) x
              GROUP BY 1, 2, 3, 4, 5, 6)
            """,
            source,
        )

    @api.model
    def _kpi_sources(self, period=None):
        """The queries of the figures, each of the shape described in the module docstring."""
        return [
            self._kpi_visit_activity_query(period),
            self._kpi_visit_meeting_query(period),
            self._kpi_committee_meeting_query(period),
            self._kpi_quote_query(period),
            self._kpi_new_opportunity_query(period),
            self._kpi_won_query(period),
            self._kpi_lost_query(period),
            self._kpi_target_query(period),
        ]

    @api.model
    def _kpi_ref_id(self, xmlid):
        # cached lookup (no query per report read); 0 when the record was deleted
        return self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False) or 0

    @api.model
    def _kpi_visit_activity_query(self, period):
        """Done activities of type Customer Visit on leads, opportunities or customers, counted
        for the user who marked them done (the author of the activity's done message)."""
        return SQL(
            """
            SELECT m.date AS kpi_date, up.user_id,
                   %(dimensions)s,
                   COALESCE(l.company_id, p.company_id, u.company_id) AS company_id,
                   'visit' AS measure, 1 AS cnt, 0::numeric AS amount, 0::numeric AS days
              FROM mail_message m
              JOIN (SELECT partner_id, MIN(id) AS user_id FROM res_users GROUP BY partner_id) up
                ON up.partner_id = m.author_id
              JOIN res_users u ON u.id = up.user_id
              LEFT JOIN crm_lead l ON m.model = 'crm.lead' AND l.id = m.res_id
              LEFT JOIN res_partner p
                ON p.id = CASE WHEN m.model = 'res.partner' THEN m.res_id ELSE l.partner_id END
              LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
             WHERE m.mail_activity_type_id = %(visit_type)s
               AND m.model IN ('crm.lead', 'res.partner')
               AND %(in_period)s
            """,
            dimensions=self._kpi_dimensions(),
            visit_type=self._kpi_ref_id("crm_manufacturing_kpi.mail_activity_type_customer_visit"),
            in_period=self._kpi_in_period(SQL("m.date"), period),
        )

    @api.model
    def _kpi_dimensions(self):
        """The team and region columns of a row about the opportunity ``l`` of the
        salesperson ``u`` (joined by ``_kpi_from``): the opportunity's team, else the
        salesperson's; the region of the customer's company, else the opportunity's."""
        return SQL(
            "COALESCE(l.team_id, u.sale_team_id) AS team_id, "
            "COALESCE(cp.state_id, l.state_id) AS state_id"
        )

    @api.model
    def _kpi_from(self, source, user_id):
        """FROM ``source`` (tables with the opportunity ``l``), with the salesperson ``u``
        (``user_id``) and the customer ``p`` of the opportunity and its company ``cp``."""
        return SQL(
            """
              FROM %s
              JOIN res_users u ON u.id = %s
              LEFT JOIN res_partner p ON p.id = l.partner_id
              LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
            """,
            source,
            user_id,
        )

    @api.model
    def _kpi_meeting_from(self):
        """Meetings of an opportunity, with its team, region and company (joins only)."""
        return self._kpi_from(
            SQL("calendar_event e JOIN crm_lead l ON l.id = e.opportunity_id"), SQL("e.user_id")
        )

    @api.model
    def _kpi_meeting_is_past(self):
        """Active meetings that have started (now: the server's clock, frozen in tests)."""
        return SQL("e.active AND e.start <= %s", fields.Datetime.now())

    @api.model
    def _kpi_opportunity_rows(
        self, measure, kpi_date, period, conditions, amount=None, days=None, meetings=False
    ):
        """A source of one row per opportunity ``l`` (per meeting ``e`` of an opportunity with
        ``meetings``) that meets ``conditions`` with its ``kpi_date`` in the period: ``measure``
        counted once (``cnt`` = 1) for the salesperson of the opportunity (the organizer of
        the meeting), with ``amount`` and ``days`` (SQL; 0 by default)."""
        if meetings:
            source, user_id = self._kpi_meeting_from(), SQL("e.user_id")
        else:
            source, user_id = self._kpi_lead_from(), SQL("l.user_id")
            conditions = SQL("l.type = 'opportunity' AND %s", conditions)
        return SQL(
            """
            SELECT %(kpi_date)s AS kpi_date, %(user_id)s AS user_id, %(dimensions)s,
                   l.company_id, %(measure)s AS measure, 1 AS cnt, %(amount)s AS amount,
                   %(days)s AS days
              %(source)s
             WHERE %(conditions)s
               AND %(in_period)s
            """,
            kpi_date=kpi_date,
            user_id=user_id,
            dimensions=self._kpi_dimensions(),
            measure=measure,
            amount=amount or SQL("0::numeric"),
            days=days or SQL("0::numeric"),
            source=source,
            conditions=conditions,
            in_period=self._kpi_in_period(kpi_date, period),
        )

    @api.model
    def _kpi_visit_meeting_query(self, period):
        """Past meetings of an opportunity tagged Customer Visit, for the meeting's organizer."""
        return self._kpi_opportunity_rows(
            "visit",
            SQL("e.start"),
            period,
            SQL(
                """%s AND EXISTS (SELECT 1 FROM meeting_category_rel r
                                   WHERE r.event_id = e.id AND r.type_id = %s)""",
                self._kpi_meeting_is_past(),
                self._kpi_ref_id("crm_manufacturing_kpi.calendar_event_type_customer_visit"),
            ),
            meetings=True,
        )

    @api.model
    def _kpi_committee_meeting_query(self, period):
        """Past meetings of an opportunity attended by a member of its buying committee, once per
        meeting however many members attend: one row per meeting, ``measure`` =
        ``member_meeting``, ``cnt`` = 1 (a committee meeting) and ``amount`` = 1 when a
        decider of the opportunity attended (a decision-maker meeting), else 0."""
        # The meetings with their salesperson, team, region and company first (a materialized
        # CTE: hash joins over all the meetings, its row count known to the planner), then
        # the committee members among their attendees, grouped per meeting. Joined the other
        # way round, the planner under-estimates the matches of the two-column join
        # (opportunity, attendee) = (lead, member) a hundredfold and looks up the
        # opportunity and the customer of each match in nested loops (2 s for 50,000
        # meetings); a subquery per meeting ends in nested loops too.
        return SQL(
            """
            WITH ev AS MATERIALIZED (
                SELECT e.id, e.start, e.user_id, e.opportunity_id,
                       %(dimensions)s, l.company_id
                  %(from)s
                 WHERE %(is_past)s AND %(in_period)s
            )
            SELECT ev.start AS kpi_date, ev.user_id, ev.team_id, ev.state_id, ev.company_id,
                   'member_meeting' AS measure, 1 AS cnt,
                   MAX(CASE WHEN dm.role = 'decider' THEN 1 ELSE 0 END)::numeric AS amount,
                   0::numeric AS days
              FROM ev
              JOIN calendar_event_res_partner_rel a ON a.calendar_event_id = ev.id
              JOIN crm_decision_member dm
                ON dm.partner_id = a.res_partner_id AND dm.lead_id = ev.opportunity_id
             GROUP BY ev.id, ev.start, ev.user_id, ev.team_id, ev.state_id, ev.company_id
            """,
            dimensions=self._kpi_dimensions(),
            in_period=self._kpi_in_period(SQL("e.start"), period),
            is_past=self._kpi_meeting_is_past(),
            **{"from": self._kpi_meeting_from()},
        )

    @api.model
    def _kpi_quote_query(self, period):
        """Quotations first sent or confirmed in the period, for the order's salesperson, in the
        company's currency, untaxed."""
        return SQL(
            """
            SELECT so.quote_date AS kpi_date, so.user_id,
                   COALESCE(so.team_id, u.sale_team_id) AS team_id,
                   cp.state_id, so.company_id,
                   'quote' AS measure, 1 AS cnt,
                   so.amount_untaxed / CASE COALESCE(so.currency_rate, 0)
                                       WHEN 0 THEN 1.0 ELSE so.currency_rate END AS amount,
                   0::numeric AS days
              FROM sale_order so
              JOIN res_users u ON u.id = so.user_id
              JOIN res_partner p ON p.id = so.partner_id
              LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
             WHERE so.quote_date IS NOT NULL AND %(in_period)s
            """,
            in_period=self._kpi_in_period(SQL("so.quote_date"), period),
        )

    @api.model
    def _kpi_lead_from(self):
        """Opportunities with a salesperson, with their team, region and opening date (joins
        only: ``_kpi_opportunity_rows`` keeps the opportunities, not the leads)."""
        return self._kpi_from(SQL("crm_lead l"), SQL("l.user_id"))

    @api.model
    def _kpi_new_opportunity_query(self, period):
        """Opportunities opened in the period (created as such, or converted from a lead)."""
        return self._kpi_opportunity_rows(
            "new_opportunity",
            SQL("COALESCE(l.date_conversion, l.create_date)"),
            period,
            SQL("TRUE"),
        )

    @api.model
    def _kpi_won_condition(self):
        """SQL condition on the opportunity ``l``: it is won (hook)."""
        return SQL("l.active AND l.probability = 100 AND l.date_closed IS NOT NULL")

    @api.model
    def _kpi_won_amount(self):
        """SQL expression on the won opportunity ``l``: the won amount of its salesperson (hook;
        the expected revenue, in the company's currency)."""
        return SQL("COALESCE(l.expected_revenue, 0)")

    @api.model
    def _kpi_won_query(self, period):
        """The won deals (hook): one row per deal and salesperson.

        ``cnt`` is the deal (1), ``amount`` its won amount (``_kpi_won_amount``), ``days`` the
        days from its opening to its win. The team-selling glue adds one row per project member
        with ``amount`` = that member's share (``cnt`` and ``days`` 0); every other figure is
        unchanged. Keep the columns and the period condition on ``l.date_closed``.
        """
        return self._kpi_opportunity_rows(
            "won",
            SQL("l.date_closed"),
            period,
            self._kpi_won_condition(),
            amount=self._kpi_won_amount(),
            days=SQL(
                "EXTRACT(EPOCH FROM l.date_closed - COALESCE(l.date_conversion, l.create_date))"
                " / 86400.0"
            ),
        )

    @api.model
    def _kpi_lost_query(self, period):
        """Opportunities lost in the period (archived with a probability of 0)."""
        return self._kpi_opportunity_rows(
            "lost",
            SQL("l.date_closed"),
            period,
            SQL("NOT l.active AND l.probability = 0 AND l.date_closed IS NOT NULL"),
        )

    @api.model
    def _kpi_target_query(self, period):
        """The won-amount targets of salespeople, spread over the months of their period in
        proportion to the days (and cut to the period asked for)."""
        if period:
            start, stop = period[0].date(), period[1].date()
        else:
            start, stop = datetime.date(1900, 1, 1), datetime.date(9999, 1, 1)
        return SQL(
            """
            SELECT x.first_day::timestamp AS kpi_date, t.user_id,
                   COALESCE(t.team_id, u.sale_team_id) AS team_id,
                   t.state_id, t.company_id,
                   'target' AS measure, 0 AS cnt,
                   t.target_value * ((x.last_day - x.first_day) + 1)
                       / ((t.date_to - t.date_from) + 1)::numeric AS amount,
                   0::numeric AS days
              FROM crm_sales_target t
              JOIN res_users u ON u.id = t.user_id
             CROSS JOIN LATERAL generate_series(DATE_TRUNC('month', t.date_from),
                                                t.date_to, INTERVAL '1 month') m(month)
             CROSS JOIN LATERAL (
                    SELECT GREATEST(m.month::date, t.date_from, %(start)s::date) AS first_day,
                           LEAST((m.month + INTERVAL '1 month')::date - 1, t.date_to,
                                 %(stop)s::date - 1) AS last_day
                   ) x
             WHERE t.active AND t.metric = 'won_amount' AND x.last_day >= x.first_day
            """,
            start=start,
            stop=stop,
        )

    # ------------------------------------------------------------------ reads without JIT
    @contextmanager
    def _kpi_without_jit(self):
        """Run the report's query without PostgreSQL's JIT compilation, then put the setting
        back (both local to the transaction). The query unions a dozen joins: past a year of
        data its estimated cost crosses ``jit_above_cost`` and each execution spends 1-2 s
        compiling code that runs for a fraction of that (measured with bench/bench_kpi.py)."""
        cr = self.env.cr
        cr.execute(SQL("SELECT current_setting('jit'), set_config('jit', 'off', true)"))
        previous = cr.fetchone()[0]
        try:
            yield
        finally:
            if previous != "off":
                cr.execute(SQL("SELECT set_config('jit', %s, true)", previous))

    @api.model
    def _fetch_query(self, query, fields):
        with self._kpi_without_jit():
            return super()._fetch_query(query, fields)

    # ------------------------------------------------------------------ read_group
    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        with self._kpi_without_jit():
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Ratios are recomputed from the sums of their parts in every group (an average of
        monthly win rates is not the win rate of the year)."""
        fname = aggregate_spec.split(":")[0]
        if fname not in RATIO_FIELDS:
            return super()._read_group_select(aggregate_spec, query)

        def total(name):
            return SQL("SUM(%s)", self._field_to_sql(self._table, name, query))

        if fname == "win_rate":
            won, lost = total("won_count"), total("lost_count")
            return SQL(
                "CASE WHEN %s + %s > 0 THEN ROUND(100.0 * %s / (%s + %s), 2) END",
                won,
                lost,
                won,
                won,
                lost,
            )
        if fname == "avg_days_to_win":
            won, days = total("won_count"), total("won_days")
            return SQL("CASE WHEN %s > 0 THEN ROUND(%s / %s, 1) END", won, days, won)
        amount, target = total("won_amount"), total("target_value")
        # 0 without a target, as in the rows
        return SQL(
            "COALESCE(CASE WHEN %s > 0 THEN ROUND(100.0 * %s / %s, 1) END, 0)",
            target,
            amount,
            target,
        )

    # ------------------------------------------------------------------ API
    @api.model
    def _kpi_figure_names(self):
        """The figures get_kpis returns, in order."""
        return [name for name, _label in self.env["crm.sales.target"]._kpi_metric_selection()]

    @api.model
    def _kpi_check_period(self, date_from, date_to):
        try:
            start = fields.Date.to_date(date_from)
            stop = fields.Date.to_date(date_to)
        except (ValueError, TypeError) as error:
            raise UserError(
                _(
                    "The period of the KPIs needs two dates (YYYY-MM-DD), not %(from)s and %(to)s.",
                    **{"from": date_from, "to": date_to},
                )
            ) from error
        if not (start and stop):
            raise UserError(_("The period of the KPIs needs a start date and an end date."))
        if start > stop:
            raise UserError(
                _(
                    "The KPI period starts on %(start)s, after its end on %(stop)s.",
                    start=start,
                    stop=stop,
                )
            )
        return start, stop

    @api.model
    def _kpi_check_group_by(self, group_by):
        if isinstance(group_by, str):
            group_by = [group_by]
        if not isinstance(group_by, (list, tuple)) or any(
            spec not in KPI_GROUP_BY for spec in group_by
        ):
            raise UserError(
                _(
                    "The KPIs can be grouped by %(allowed)s, not by %(asked)s.",
                    allowed=", ".join(KPI_GROUP_BY),
                    asked=group_by,
                )
            )
        return list(group_by)

    @api.model
    def _kpi_check_domain(self, domain):
        domain = domain or []
        if not isinstance(domain, (list, tuple)):
            raise UserError(
                _(
                    "The filter of the KPIs must be a domain (a list), not %(domain)s.",
                    domain=domain,
                )
            )
        try:
            self._where_calc(domain)
        except (ValueError, TypeError, KeyError, AssertionError) as error:
            raise UserError(
                _("The filter of the KPIs is not a valid domain: %(error)s", error=error)
            ) from error
        return list(domain)

    @api.model
    @api.readonly
    def get_kpis(self, date_from, date_to, group_by=None, domain=None):
        """The KPIs of a period, grouped (XML-RPC).

        :param date_from, date_to: the period, dates (``"2025-01-01"``), both included
        :param group_by: list among ``user_id``, ``team_id``, ``state_id`` (region),
            ``company_id``, ``date:month``, ``date:quarter``, ``date:year``; default ``user_id``
        :param domain: a domain on the report's fields, e.g. ``[("team_id", "=", 3)]``
        :return: a list of dicts, one per group: the group keys (``[id, name]`` for a many2one,
            the first day of the month/quarter/year for a date) and every figure; the rows the
            user may not see (record rules) are left out.
        """
        start, stop = self._kpi_check_period(date_from, date_to)
        group_by = self._kpi_check_group_by(["user_id"] if group_by is None else group_by)
        domain = self._kpi_check_domain(domain)
        figures = [*self._kpi_figure_names(), "target_value", "achievement_percent"]
        aggregates = [f"{name}:{'avg' if name in RATIO_FIELDS else 'sum'}" for name in figures]
        report = self.with_context(kpi_date_from=start, kpi_date_to=stop)
        result = []
        for group in report._read_group(domain, group_by, aggregates, order=",".join(group_by)):
            row = {}
            for spec, key in zip(group_by, group[: len(group_by)], strict=False):
                if isinstance(key, models.BaseModel):
                    row[spec.split(":")[0]] = [key.id, key.display_name] if key else False
                else:
                    row[spec] = fields.Date.to_string(key) if key else False
            for name, value in zip(figures, group[len(group_by) :], strict=False):
                field = self._fields[name]
                if value is None:
                    value = False
                elif field.type == "integer":
                    value = int(value)
                else:
                    value = float(value)
                row[name] = value
            result.append(row)
        return result

    def _xlsx_title(self):
        return _("Sales KPIs")

    def _xlsx_figure_names(self):
        return [*self._kpi_figure_names(), "target_value", "achievement_percent"]

    def _xlsx_columns(self):
        columns = [
            {"label": _("Month"), "type": "date", "width": 12},
            {"label": _("Salesperson"), "type": "char", "width": 22},
            {"label": _("Sales Team"), "type": "char", "width": 18},
            {"label": _("Region"), "type": "char", "width": 16},
        ]
        for name in self._xlsx_figure_names():
            field = self._fields[name]
            if field.type == "integer":
                kind = "integer"
            elif field.type == "monetary":
                kind = "monetary"
            elif name in ("win_rate", "achievement_percent"):
                kind = "percent"
            else:
                kind = "float"
            column = {"label": field._description_string(self.env), "type": kind}
            if name not in RATIO_FIELDS:
                column["total"] = True
            columns.append(column)
        return columns

    def _xlsx_rows(self, domain):
        names = self._xlsx_figure_names()
        return [
            (
                row.date,
                row.user_id.display_name or "",
                row.team_id.display_name or "",
                row.state_id.display_name or "",
                *[row[name] or 0 for name in names],
            )
            for row in self.search(domain)
        ]
