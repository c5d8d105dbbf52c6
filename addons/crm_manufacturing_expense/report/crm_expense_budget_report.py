import gc
from contextlib import contextmanager

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.report.crm_manufacturing_xlsx_columns import (
    xlsx_column,
    xlsx_money_column,
)
from odoo.addons.crm_manufacturing.tools import server_mark, server_marked

from .crm_expense_budget_summary import budget_sources_sql

OUTCOMES = [("open", "Open"), ("won", "Won"), ("lost", "Lost")]
# what get_budget_execution() may group by
GROUPBY_FIELDS = {
    "lead_id",
    "stage_id",
    "product_id",
    "date:month",
    "date:year",
    "user_id",
    "team_id",
    "partner_id",
    "company_id",
    "outcome",
}
DEFAULT_GROUPBY = ("lead_id", "stage_id", "product_id", "date:month")
# the fields the stored summary per deal and stage answers for (anything but the category,
# the month and the row ids), and the context key that makes the report read it
SUMMARY_FIELDS = frozenset(
    {
        "lead_id",
        "stage_id",
        "stage_sequence",
        "user_id",
        "team_id",
        "partner_id",
        "company_id",
        "currency_id",
        "outcome",
        "budget",
        "committed",
        "actual",
        "remaining",
        "used_percent",
        "expense_count",
    }
)
# the rows the report reads, decided by the server (a server mark: True the stored summary,
# False the sources; a client cannot send it)
SUMMARY_CONTEXT = "crm_expense_budget_summary"
MONEY_FIELDS = ("budget", "committed", "actual", "remaining")
# memory for the sorts and hashes of one grouped query over the whole report (20,000 deals:
# about 30 MB; PostgreSQL's default of 4 MB spills them to disk)
REPORT_WORK_MEM = "64MB"


@contextmanager
def without_cyclic_gc():
    """Python's cyclic garbage collector paused while the rows of a report (up to hundreds of
    thousands of tuples, records and dicts, none of them garbage) are built: each of its full
    collections walks every object of the server, and building 256,000 rows triggers several
    (they took most of the Python time of the pivot and of get_budget_execution). Reference
    counting still frees everything; the collector resumes right after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def report_statement_settings(cr):
    """Settings of the grouped queries over the whole report, local to the transaction and
    restored after them: enough ``work_mem`` to aggregate in memory, and no JIT compilation
    (the planner's estimate starts it on the largest queries, for expressions that run once
    per row)."""
    cr.execute(SQL("SELECT current_setting('work_mem'), current_setting('jit')"))
    work_mem, jit = cr.fetchone()
    cr.execute(
        SQL(
            "SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true)",
            REPORT_WORK_MEM,
        )
    )
    yield
    # not in a finally: after an error the transaction (or savepoint) is rolled back, and the
    # settings with it
    cr.execute(
        SQL("SELECT set_config('work_mem', %s, true), set_config('jit', %s, true)", work_mem, jit)
    )


class CrmExpenseBudgetReport(models.Model):
    """Budget Execution (预算执行分析): the budget, the committed (submitted) and actual
    (approved, posted) expenses, analysed per deal x stage x expense category x month (the
    pivot, the graph and get_budget_execution() aggregate to that grain or any coarser one).
    A row is one source: a budget line, counted in the month it was set, or a counted
    expense, in the month of its date.

    A row's id is its source's key (budget line id x 2, expense id x 2 + 1): unique and
    stable without a window function over the whole view."""

    _name = "crm.expense.budget.report"
    _inherit = ["crm.manufacturing.xlsx.export.mixin"]
    _description = "Budget Execution Analysis"
    _auto = False
    _rec_name = "lead_id"
    _order = "date desc, lead_id, stage_sequence, product_id"
    _depends = {
        "crm.lead.expense.budget": [
            "lead_id",
            "stage_id",
            "product_id",
            "amount",
            "create_date",
        ],
        "hr.expense": [
            "lead_id",
            "lead_stage_id",
            "product_id",
            "date",
            "state",
            "total_amount",
            "company_id",
        ],
        "crm.lead": [
            "user_id",
            "team_id",
            "company_id",
            "partner_id",
            "active",
            "probability",
            "stage_id",
        ],
        "crm.stage": ["is_won", "sequence"],
        "crm.expense.budget.summary": [
            "lead_id",
            "stage_id",
            "budget",
            "committed",
            "actual",
            "expense_count",
            "source_count",
        ],
    }

    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True, aggregator=False)
    product_id = fields.Many2one("product.product", string="Expense Category", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    budget = fields.Monetary(readonly=True)
    committed = fields.Monetary(readonly=True)
    actual = fields.Monetary(readonly=True)
    remaining = fields.Monetary(readonly=True)
    used_percent = fields.Float(
        string="Used (%)",
        readonly=True,
        aggregator="avg",
        help="Actual over budget, in percent (computed on the sums when grouped).",
    )
    expense_count = fields.Integer(string="# Expenses", readonly=True)

    @property
    def _table_query(self):
        # One row per source: a budget line or a counted expense, never aggregated here: the
        # pivot, the graph and get_budget_execution() aggregate once, to the grain they ask
        # for. The UNION ALL is flattened by PostgreSQL, so a filter on the deal or the date
        # reaches both tables' indexes, and every join is a LEFT JOIN on a primary key: the
        # planner drops the ones whose columns a query does not use (salesperson, team,
        # customer, company, outcome, currency are read only when shown, filtered or needed
        # by a record rule). The money is float8 from the sources on (summed several times
        # faster than numeric, and read without Decimal conversions).
        # With the context key SUMMARY_CONTEXT (set by _read_group and get_budget_execution
        # when the question needs nothing finer than deal and stage), the rows are those of
        # the stored summary per deal and stage instead: same columns, no category, no month.
        if server_mark(self.env, SUMMARY_CONTEXT):
            rows = SQL(
                "SELECT id, lead_id, stage_id, NULL::int AS product_id, NULL::date AS date, "
                "budget, committed, actual, expense_count, source_count "
                "FROM crm_expense_budget_summary"
            )
        else:
            rows = budget_sources_sql(
                {
                    "budget": [
                        (SQL("b.id * 2"), "id"),
                        (SQL("b.product_id"), "product_id"),
                        (SQL("date_trunc('month', b.create_date)::date"), "date"),
                    ],
                    "expense": [
                        SQL("e.id * 2 + 1"),
                        SQL("e.product_id"),
                        SQL("date_trunc('month', e.date)::date"),
                    ],
                }
            )
        return SQL(
            """
            SELECT m.id, m.lead_id, m.stage_id, s.sequence AS stage_sequence, m.product_id,
                   m.date, l.user_id, l.team_id, l.partner_id, l.company_id,
                   COALESCE(c.currency_id,
                            (SELECT currency_id FROM res_company ORDER BY id LIMIT 1))
                       AS currency_id,
                   CASE WHEN ls.is_won THEN 'won'
                        WHEN NOT l.active AND l.probability = 0 THEN 'lost'
                        ELSE 'open' END AS outcome,
                   m.budget, m.committed, m.actual,
                   m.budget - m.committed - m.actual AS remaining,
                   CASE WHEN m.budget <> 0
                        THEN round((m.actual * 100.0 / m.budget)::numeric, 2)::float8
                        ELSE 0.0 END AS used_percent,
                   m.expense_count, m.source_count
              FROM (%s) m
              LEFT JOIN crm_lead l ON l.id = m.lead_id
              LEFT JOIN crm_stage s ON s.id = m.stage_id
              LEFT JOIN crm_stage ls ON ls.id = l.stage_id
              LEFT JOIN res_company c ON c.id = l.company_id
            """,
            rows,
        )

    @api.model
    def _summary_serves(self, domain, fnames):
        """Whether the stored summary per deal and stage answers a grouped question on
        ``fnames`` (groupby and aggregates) filtered by ``domain`` and the record rules."""
        rules = self.env["ir.rule"]._compute_domain(self._name, "read")
        leaves = [
            leaf
            for condition in (domain or [], rules or [])
            for leaf in condition
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3
        ]
        names = set(fnames) | {str(leaf[0]).split(".", 1)[0] for leaf in leaves}
        return names <= SUMMARY_FIELDS | {"__count"}

    @api.model
    def _with_source_for(self, domain, groupby, aggregates=()):
        """The report on the stored summary when it answers the question (its pending deals
        computed again first), else on the sources."""
        fnames = [spec.split(":", 1)[0] for spec in (*groupby, *aggregates)]
        if not self._summary_serves(domain, fnames):
            return self
        self.env["crm.expense.budget.summary"]._refresh_pending()
        return server_marked(self, SUMMARY_CONTEXT)

    def _read_group_select(self, aggregate_spec, query):
        # the count of a group is the count of its sources, also on the summary
        if aggregate_spec == "__count":
            return SQL("COALESCE(SUM(%s), 0)", SQL.identifier(self._table, "source_count"))
        # the used share of a group is the ratio of its sums, not an average of ratios
        if aggregate_spec.startswith("used_percent:"):
            budget = self._field_to_sql(self._table, "budget", query)
            actual = self._field_to_sql(self._table, "actual", query)
            return SQL(
                "CASE WHEN SUM(%s) <> 0 THEN round((SUM(%s) * 100.0 / SUM(%s))::numeric, 2)::float8"
                " ELSE 0.0 END",
                budget,
                actual,
                budget,
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        if server_mark(self.env, SUMMARY_CONTEXT) is None:
            report = self._with_source_for(domain, groupby, aggregates)
            if report is not self:
                return report._read_group(domain, groupby, aggregates, having, offset, limit, order)
        with report_statement_settings(self.env.cr), without_cyclic_gc():
            groups = super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        # the names of the groups shown (the web client formats a many2one group as its
        # display name): one query per model reading only the columns the names need,
        # instead of every column of 1,000 deals at a time on the first name read
        for index, spec in enumerate(groupby):
            field = self._fields.get(spec.partition(":")[0])
            if field and field.type == "many2one":
                # every group's record has the column's ids as its prefetch set
                record = next((group[index] for group in groups if group[index]), None)
                if record is not None:
                    ids = set(record._prefetch_ids)
                    self._fetch_display_names(self.env[field.comodel_name].sudo().browse(ids))
        return groups

    def _read_group_postprocess_groupby(self, groupby_spec, raw_values):
        # one record per id, shared by all its groups (the pivot's 80,000 cells name 20,000
        # deals and 4 stages), where Odoo builds one per group; same prefetch set
        field = self._fields.get(groupby_spec.partition(":")[0])
        if field is None or field.type != "many2one":
            return super()._read_group_postprocess_groupby(groupby_spec, raw_values)
        Model = self.pool[field.comodel_name]
        prefetch_ids = tuple(dict.fromkeys(value for value in raw_values if value))
        records = {value: Model(self.env, (value,), prefetch_ids) for value in prefetch_ids}
        empty = self._read_group_empty_value(groupby_spec)
        return [records[value] if value else empty for value in raw_values]

    @api.model
    def _fetch_display_names(self, records):
        """Put the display names of ``records`` in the cache, in one query.

        A model that keeps Odoo's display name (its ``_rec_name`` column, not translated:
        the deals) gets the names straight into the cache: computing them record by record
        costs about 0.1 ms each, seconds for 20,000 deals. Other models (stages, expense
        products) are few: their display names are computed as usual, from the columns
        read in one query."""
        model = records.browse()
        rec_name = model._fields.get(model._rec_name) if model._rec_name else None
        plain = (
            type(model)._compute_display_name is models.BaseModel._compute_display_name
            and rec_name is not None
            and rec_name.type == "char"
            and rec_name.store
            and not rec_name.translate
        )
        if not plain:
            records.fetch(["display_name"])
            return records
        records.fetch([rec_name.name])
        names = rec_name.convert_to_display_name
        self.env.cache.update(
            records,
            model._fields["display_name"],
            [names(value, records) for value in rec_name.mapped(records)],
        )
        return records

    # ------------------------------------------------------------ analysis
    @api.model
    def _check_domain(self, domain):
        if domain is None:
            return []
        if not isinstance(domain, (list, tuple)):
            raise UserError(_("The domain of the budget execution must be a list of conditions."))
        domain = list(domain)
        try:
            self._search(domain)
        except (ValueError, TypeError, KeyError, AssertionError) as error:
            raise UserError(
                _("The domain of the budget execution is not valid: %(error)s", error=error)
            ) from error
        return domain

    @api.model
    def _check_groupby(self, groupby):
        if groupby is None:
            return list(DEFAULT_GROUPBY)
        if isinstance(groupby, str):
            groupby = [groupby]
        if not isinstance(groupby, (list, tuple)) or not groupby:
            raise UserError(_("Group the budget execution by at least one field."))
        wrong = [spec for spec in groupby if spec not in GROUPBY_FIELDS]
        if wrong:
            raise UserError(
                _(
                    "The budget execution cannot be grouped by %(wrong)s; use: %(allowed)s.",
                    wrong=", ".join(map(str, wrong)),
                    allowed=", ".join(sorted(GROUPBY_FIELDS)),
                )
            )
        return list(groupby)

    @api.model
    @api.readonly
    def get_budget_execution(self, domain=None, groupby=None):
        """Budget execution for XML-RPC: one dict per group (default deal x stage x category x
        month) with the group's ids and names, budget, committed, actual, remaining, used
        percent and expense count, within the caller's access. ``domain`` filters the report
        rows (e.g. ``[("team_id", "=", 3), ("date", ">=", "2026-01-01")]``).

        One grouped query on the rows the caller may read (domain and record rules), then
        one name lookup per related model: no record is built per row."""
        self.check_access("read")
        domain = self._check_domain(domain)
        groupby = self._check_groupby(groupby)
        report = self._with_source_for(domain, groupby)
        return report._budget_execution_rows(domain, groupby)

    @api.model
    def _budget_execution_rows(self, domain, groupby):
        """The grouped query of get_budget_execution() (checked arguments), as dicts."""
        query = self._search(domain)
        keys = []  # what the rows are grouped and ordered by
        selected = []  # what is returned of them
        for spec in groupby:
            name, __, granularity = spec.partition(":")
            column = self._field_to_sql(self._table, name, query)
            if granularity:
                # grouped on the date (the view's dates are months already), returned as the
                # period's text (2026-02, 2026), as XML-RPC callers get it
                if granularity == "year":
                    column = SQL("date_trunc('year', %s)", column)
                keys.append(column)
                selected.append(
                    SQL("to_char(%s, %s)", column, "YYYY-MM" if granularity == "month" else "YYYY")
                )
            else:
                keys.append(column)
                selected.append(column)
        sums = {
            name: SQL("COALESCE(SUM(%s), 0)", self._field_to_sql(self._table, name, query))
            for name in (*MONEY_FIELDS, "expense_count")
        }
        # the figures rounded to cents (summed as floats) and the used share as the ratio of
        # the sums, in SQL: the rows come back ready to be zipped into dicts
        measures = [SQL("round(%s::numeric, 2)::float8", sums[name]) for name in MONEY_FIELDS] + [
            SQL(
                "CASE WHEN %s <> 0 THEN round((%s * 100.0 / %s)::numeric, 2) ELSE 0 END::float8",
                sums["budget"],
                sums["actual"],
                sums["budget"],
            ),
            SQL("%s::int", sums["expense_count"]),
        ]
        statement = SQL(
            "SELECT %s FROM %s WHERE %s GROUP BY %s ORDER BY %s",
            SQL(", ").join(selected + measures),
            query.from_clause,
            query.where_clause or SQL("TRUE"),
            SQL(", ").join(keys),
            SQL(", ").join(SQL("%s NULLS FIRST", key) for key in keys),
        )
        self.env.flush_all()
        with report_statement_settings(self.env.cr), without_cyclic_gc():
            self.env.cr.execute(statement)
            rows = self.env.cr.fetchall()
            return self._budget_execution_dicts(groupby, rows)

    @api.model
    def _budget_execution_dicts(self, groupby, rows):
        """The rows of get_budget_execution() as dicts, with the names of the groups."""
        columns = []
        named = []
        for index, spec in enumerate(groupby):
            name, __, granularity = spec.partition(":")
            columns.append(f"date_{granularity}" if granularity else name)
            field = self._fields[name]
            if field.type == "many2one":
                ids = {row[index] for row in rows if row[index]}
                # sudo: names of the records the readable rows point to, as the web client
                # shows many2one names (the rows themselves are filtered by the rules above)
                records = self._fetch_display_names(self.env[field.comodel_name].sudo().browse(ids))
                names = {record.id: record.display_name for record in records}
                named.append((index, name.replace("_id", "_name"), names))
        columns += [*MONEY_FIELDS, "used_percent", "expense_count"]
        result = []
        for row in rows:
            values = dict(zip(columns, row, strict=True))
            for index, key, names in named:
                values[key] = names.get(row[index], False)
            if None in row:
                # an empty group (no stage, no team ...) is False, as XML-RPC callers get it
                values.update((key, False) for key, value in values.items() if value is None)
            result.append(values)
        return result

    # --------------------------------------------------------------- Excel
    @api.model
    def _xlsx_columns(self):
        return [
            xlsx_column(_("Opportunity"), "lead_name", width=32),
            xlsx_column(_("Stage"), "stage_name", width=18),
            xlsx_column(_("Expense Category"), "product_name", width=24),
            xlsx_column(_("Month"), "date_month", width=9),
            xlsx_column(_("Salesperson"), "user_name", width=18),
            xlsx_column(_("Sales Team"), "team_name", width=18),
            xlsx_column(_("Outcome"), "outcome_label", width=9),
            xlsx_money_column(_("Budget"), "budget"),
            xlsx_money_column(_("Committed"), "committed"),
            xlsx_money_column(_("Actual"), "actual"),
            xlsx_money_column(_("Remaining"), "remaining"),
            xlsx_column(_("Used (%)"), "used_percent", "percent", 9),
            xlsx_column(_("# Expenses"), "expense_count", "integer", total=True),
        ]

    @api.model
    def _xlsx_rows(self, domain=None):
        groupby = [*DEFAULT_GROUPBY, "user_id", "team_id", "outcome"]
        rows = self.get_budget_execution(domain, groupby)
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        for row in rows:
            row["outcome_label"] = labels.get(row["outcome"], "")
        return rows

    def _xlsx_title(self):
        return _("Budget Execution")

    def _xlsx_filename(self):
        return "budget_execution"
