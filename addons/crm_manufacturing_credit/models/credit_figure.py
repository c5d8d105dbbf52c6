"""Stored credit figures: one row per (company, commercial partner) for the searches.

The live figures (``credit_figures_sql``) stay the truth. This table keeps every figure of
that query (and whether the customer is over its limit), so that a search by grade or
over-limit reads one indexed table, and the Credit Risk report and the figures of
``res.partner`` read the stored rows, instead of aggregating every open journal item of
every customer.

When a row may be out of date
-----------------------------
A row is *clean* when none of these holds, and only clean rows are used:

- its customer is **dirty**: PostgreSQL statement triggers (one INSERT per statement, from
  its transition tables, whatever wrote the rows: the ORM, an import, SQL) put the partner of
  every inserted, deleted or changed journal item, customer invoice, sale order and order
  line into ``crm_credit_figure_dirty``, both commercial partners of a contact that moves
  to another company, a customer whose own credit limit changes, and every customer of a
  company whose default limit (ir.default) changes; the dirty row commits or rolls back
  with the change itself;
- it was computed for another day than today (``computed_for``): the aging, the overdue
  days and thus the score move with the date.

A search, the report and the fields take the stored rows of the clean customers and compute
the live figures of the others (few: what changed since the last refresh) in the same
request (``_figures_sql``); they never write, so they also run on a read replica. The cron ``ir_cron_credit_figure_refresh`` refreshes the
dirty and stale rows in batches (replace the rows from the figures query, then drop the
dirty marks it saw: a mark committed by a concurrent transaction after its snapshot stays
for the next run).
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL

from .credit_figures import FIGURES, credit_figures_sql
from .credit_privilege import CREDIT_READERS, is_server_write
from .res_partner import GRADES, neutral_figures

# customers refreshed per call of the cron (ir.cron commits after each call)
REFRESH_BATCH_SIZE = 20000
# the figures stored per row: every column of the figures query
STORED_COLUMNS = FIGURES
DIRTY_TABLE = "crm_credit_figure_dirty"

# (table, trigger events, SQL of the (company_id, partner_id) rows to mark, per transition
# table; UPDATE statements only mark the rows whose figure columns changed)
_TRIGGERS = {
    "account_move_line": (
        "SELECT r.company_id, r.partner_id FROM {rows} r WHERE r.partner_id IS NOT NULL",
        "(o.partner_id, o.company_id, o.account_id, o.parent_state, o.reconciled, "
        "o.amount_residual, o.date, o.date_maturity, o.move_id) IS DISTINCT FROM "
        "(n.partner_id, n.company_id, n.account_id, n.parent_state, n.reconciled, "
        "n.amount_residual, n.date, n.date_maturity, n.move_id)",
    ),
    "account_move": (
        "SELECT r.company_id, r.partner_id FROM {rows} r WHERE r.partner_id IS NOT NULL",
        "(o.partner_id, o.company_id, o.state, o.move_type, o.payment_state, "
        "o.amount_total_signed, o.invoice_date) IS DISTINCT FROM "
        "(n.partner_id, n.company_id, n.state, n.move_type, n.payment_state, "
        "n.amount_total_signed, n.invoice_date)",
    ),
    "account_partial_reconcile": (
        # two equi-joins (hash or primary key), not one OR join, which scans every journal
        # item for each new row when the planner under-estimates the rows
        "SELECT l.company_id, l.partner_id FROM {rows} r "
        "JOIN account_move_line l ON l.id = r.debit_move_id WHERE l.partner_id IS NOT NULL "
        "UNION ALL SELECT l.company_id, l.partner_id FROM {rows} r "
        "JOIN account_move_line l ON l.id = r.credit_move_id WHERE l.partner_id IS NOT NULL",
        "(o.debit_move_id, o.credit_move_id, o.max_date) IS DISTINCT FROM "
        "(n.debit_move_id, n.credit_move_id, n.max_date)",
    ),
    "sale_order": (
        "SELECT r.company_id, r.partner_id FROM {rows} r WHERE r.partner_id IS NOT NULL",
        "(o.partner_id, o.company_id, o.state, o.amount_total, o.amount_untaxed, "
        "o.currency_rate) IS DISTINCT FROM "
        "(n.partner_id, n.company_id, n.state, n.amount_total, n.amount_untaxed, n.currency_rate)",
    ),
    "sale_order_line": (
        "SELECT so.company_id, so.partner_id FROM {rows} r JOIN sale_order so ON so.id = r.order_id",
        "(o.order_id, o.display_type, o.product_uom_qty, o.qty_delivered, o.qty_invoiced, "
        "o.price_total, o.price_unit, o.discount) IS DISTINCT FROM "
        "(n.order_id, n.display_type, n.product_uom_qty, n.qty_delivered, n.qty_invoiced, "
        "n.price_total, n.price_unit, n.discount)",
    ),
    "ir_default": (
        # the company's default credit limit: every customer with a row in that company
        "SELECT f.company_id, f.partner_id FROM crm_credit_figure f WHERE EXISTS ("
        "SELECT FROM {rows} d JOIN ir_model_fields imf ON imf.id = d.field_id "
        "WHERE imf.model = 'res.partner' AND imf.name = 'credit_limit' "
        "AND (d.company_id IS NULL OR d.company_id = f.company_id))",
        "(o.field_id, o.company_id, o.user_id, o.condition, o.json_value) IS DISTINCT FROM "
        "(n.field_id, n.company_id, n.user_id, n.condition, n.json_value)",
    ),
    "res_company": (
        # the company's credit policy (score weights, provision rates) or currency: every
        # customer with a row in that company
        "SELECT f.company_id, f.partner_id FROM crm_credit_figure f "
        "JOIN {rows} r ON r.id = f.company_id",
        "(o.currency_id, o.credit_provision_current, o.credit_provision_1_30, "
        "o.credit_provision_31_60, o.credit_provision_61_90, o.credit_provision_over_90, "
        "o.credit_score_weight_utilization, o.credit_score_weight_overdue_share, "
        "o.credit_score_weight_overdue_days, o.credit_score_weight_payment) IS DISTINCT FROM "
        "(n.currency_id, n.credit_provision_current, n.credit_provision_1_30, "
        "n.credit_provision_31_60, n.credit_provision_61_90, n.credit_provision_over_90, "
        "n.credit_score_weight_utilization, n.credit_score_weight_overdue_share, "
        "n.credit_score_weight_overdue_days, n.credit_score_weight_payment)",
    ),
    "account_account": (
        # an account that becomes (or stops being) receivable: every partner with items on it
        "SELECT l.company_id, l.partner_id FROM {rows} r "
        "JOIN account_move_line l ON l.account_id = r.id WHERE l.partner_id IS NOT NULL",
        "o.account_type IS DISTINCT FROM n.account_type",
    ),
}


def _trigger_sql(table, marks, changed):
    """The trigger function and the three statement triggers of ``table``."""
    function = f"crm_credit_figure_mark_{table}"

    def insert(rows, where=""):
        source = marks.format(rows=rows)
        return (
            f"INSERT INTO {DIRTY_TABLE} (company_id, partner_id) "
            f"SELECT DISTINCT m.company_id, m.partner_id FROM ({source}) m {where};"
        )

    changed_rows = f"(SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {changed})"
    changed_old = f"(SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed})"
    return f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {insert("new_rows")}
            ELSIF TG_OP = 'DELETE' THEN
                {insert("old_rows")}
            ELSE
                {insert(changed_rows)}
                {insert(changed_old)}
            END IF;
            RETURN NULL;
        END
        $body$;
        DROP TRIGGER IF EXISTS {function}_ins ON {table};
        DROP TRIGGER IF EXISTS {function}_upd ON {table};
        DROP TRIGGER IF EXISTS {function}_del ON {table};
        CREATE TRIGGER {function}_ins AFTER INSERT ON {table}
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
        CREATE TRIGGER {function}_upd AFTER UPDATE ON {table}
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {function}();
        CREATE TRIGGER {function}_del AFTER DELETE ON {table}
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();
    """


# a contact moving to another commercial partner: its items now count for the new one; a
# credit limit changing (own limit, in any company)
_PARTNER_TRIGGER = f"""
    CREATE OR REPLACE FUNCTION crm_credit_figure_mark_res_partner() RETURNS trigger
    LANGUAGE plpgsql AS $body$
    BEGIN
        INSERT INTO {DIRTY_TABLE} (company_id, partner_id)
        SELECT DISTINCT c.id, m.partner_id
          FROM (SELECT unnest(ARRAY[o.commercial_partner_id, n.commercial_partner_id, n.id])
                       AS partner_id
                  FROM old_rows o JOIN new_rows n ON n.id = o.id
                 WHERE (o.commercial_partner_id, o.credit_limit)
                       IS DISTINCT FROM (n.commercial_partner_id, n.credit_limit)) m
          CROSS JOIN res_company c
         WHERE m.partner_id IS NOT NULL;
        RETURN NULL;
    END
    $body$;
    DROP TRIGGER IF EXISTS crm_credit_figure_mark_res_partner_upd ON res_partner;
    CREATE TRIGGER crm_credit_figure_mark_res_partner_upd AFTER UPDATE ON res_partner
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION crm_credit_figure_mark_res_partner();
"""


_DDL = SQL(
    f"""
            CREATE TABLE IF NOT EXISTS {DIRTY_TABLE} (
                id bigserial PRIMARY KEY, company_id integer, partner_id integer
            );
            CREATE INDEX IF NOT EXISTS {DIRTY_TABLE}_company_partner_idx
                ON {DIRTY_TABLE} (company_id, partner_id);
            CREATE INDEX IF NOT EXISTS crm_credit_figure_grade_idx
                ON crm_credit_figure (company_id, credit_grade);
            CREATE INDEX IF NOT EXISTS crm_credit_figure_day_idx
                ON crm_credit_figure (company_id, computed_for);
            """
)


def drop_triggers(cr):
    """Uninstall: the triggers and the dirty table go with the module."""
    for table in (*_TRIGGERS, "res_partner"):
        function = f"crm_credit_figure_mark_{table}"
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(function)))
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(DIRTY_TABLE)))


class CrmCreditFigure(models.Model):
    """Credit figures of a customer in a company, stored for the searches (see the module
    docstring). Written by the server in SQL only: no user creates, changes or deletes a
    row; readable by those who read credit figures."""

    _name = "crm.credit.figure"
    _description = "Stored Credit Figures"
    _log_access = False
    _order = "company_id, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    open_amount = fields.Monetary(string="Open Receivables", readonly=True)
    aging_current = fields.Monetary(string="Not Due", readonly=True)
    aging_1_30 = fields.Monetary(string="1-30 Days", readonly=True)
    aging_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    aging_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    aging_over_90 = fields.Monetary(string="Over 90 Days", readonly=True)
    overdue_amount = fields.Monetary(readonly=True)
    max_overdue_days = fields.Integer(string="Longest Overdue (days)", readonly=True)
    to_invoice = fields.Monetary(string="Orders to Invoice", readonly=True)
    draft_amount = fields.Monetary(string="Draft Invoices", readonly=True)
    avg_days_to_pay = fields.Float(string="Average Days to Pay", readonly=True)
    avg_days_late = fields.Float(string="Average Days Late", readonly=True)
    credit_limit = fields.Monetary(readonly=True)
    credit_exposure = fields.Monetary(readonly=True)
    credit_available = fields.Monetary(readonly=True)
    credit_utilization = fields.Float(string="Utilization (%)", readonly=True)
    score_utilization = fields.Float(string="Utilization Part", readonly=True)
    score_overdue_share = fields.Float(string="Overdue Share Part", readonly=True)
    score_overdue_days = fields.Float(string="Overdue Days Part", readonly=True)
    score_payment_behaviour = fields.Float(string="Payment Behaviour Part", readonly=True)
    credit_score = fields.Integer(readonly=True)
    credit_grade = fields.Selection(GRADES, readonly=True)
    bad_debt_provision = fields.Monetary(string="Bad-Debt Provision", readonly=True)
    credit_over_limit = fields.Boolean(string="Over the Credit Limit", readonly=True)
    computed_for = fields.Date(
        string="Figures of", readonly=True, help="The day whose aging these figures show."
    )
    computed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "company_partner_unique",
            "UNIQUE (company_id, partner_id)",
            "One row of credit figures per customer and company.",
        ),
    ]

    def init(self):
        cr = self.env.cr
        # constant DDL (table names of this module, no input)
        cr.execute(_DDL)
        for table, (marks, changed) in _TRIGGERS.items():
            cr.execute(SQL(_trigger_sql(table, marks, changed)))
        cr.execute(SQL(_PARTNER_TRIGGER))

    # ------------------------------------------------------------------ no user writes
    # the server writes the rows in SQL (_refresh); the ORM writes are refused to everyone,
    # sudo included, but for the server's own code (credit_privilege.server_write)
    def _check_server_write(self):
        if not is_server_write(self.env):
            raise AccessError(_("Stored credit figures are computed by the server only."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_server_write()
        return super().create(vals_list)

    def write(self, vals):
        self._check_server_write()
        return super().write(vals)

    def unlink(self):
        self._check_server_write()
        return super().unlink()

    # ------------------------------------------------------------------ freshness
    @api.model
    def _today(self):
        """The day of the figures: the user's today, as the fields of res.partner take it."""
        return fields.Date.context_today(self)

    @api.model
    def _get_redo_partner_ids(self, company, today, partner_ids=None):
        """The commercial partners whose stored row cannot be used in ``company`` on
        ``today``: dirty (a limit change marks them too) or computed for another day; among
        ``partner_ids`` (commercial partners) when given. Flushes first (the triggers see the
        database, not the ORM's pending writes)."""
        self.env["res.partner"]._flush_credit_figures()
        self.env["res.partner"].flush_model(["credit_limit", "commercial_partner_id"])
        self.env["ir.default"].flush_model()
        among_dirty = among_rows = SQL()
        if partner_ids is not None:
            among_dirty = SQL("AND p.commercial_partner_id = ANY(%s)", list(partner_ids))
            among_rows = SQL("AND f.partner_id = ANY(%s)", list(partner_ids))
        rows = self.env.execute_query(
            SQL(
                f"""
                SELECT p.commercial_partner_id
                  FROM {DIRTY_TABLE} d JOIN res_partner p ON p.id = d.partner_id
                 WHERE d.company_id = %(company)s AND p.commercial_partner_id IS NOT NULL
                       %(among_dirty)s
                 UNION
                SELECT f.partner_id
                  FROM crm_credit_figure f
                 WHERE f.company_id = %(company)s
                   AND (f.computed_for < %(today)s OR f.computed_for > %(today)s
                        OR f.computed_for IS NULL)
                       %(among_rows)s
              ORDER BY 1
                """,
                company=company.id,
                today=today,
                among_dirty=among_dirty,
                among_rows=among_rows,
            )
        )
        return [row[0] for row in rows]

    # ------------------------------------------------------------------ reading
    @api.model
    def _figures_sql(self, company, today, redo, partner_ids=None):
        """SQL of the figures (the columns of credit_figures_sql: company_id, partner_id and
        FIGURES) of the customers with activity in ``company``: the stored rows of the clean
        ones, the live figures of ``redo`` (the dirty or stale ones, see
        _get_redo_partner_ids); those of ``partner_ids`` (commercial partners) only when
        given. Only the figures of ``redo`` are aggregated from the journal items."""
        columns = SQL(", ").join(SQL.identifier(name) for name in FIGURES)
        among = SQL()
        if partner_ids is not None:
            among = SQL("AND partner_id = ANY(%s)", list(partner_ids))
        query = SQL(
            """SELECT company_id, partner_id, %s FROM crm_credit_figure
                WHERE company_id = %s AND NOT (partner_id = ANY(%s)) %s""",
            columns,
            company.id,
            list(redo),
            among,
        )
        if redo:
            live = credit_figures_sql(
                today,
                [company.id],
                redo,
                default_limits={
                    company.id: self.env["res.partner"]._get_credit_default_limit(company)
                },
            )
            query = SQL(
                "%s UNION ALL SELECT company_id, partner_id, %s FROM (%s) live",
                query,
                columns,
                live,
            )
        return query

    @api.model
    def _read_figures(self, company, partner_ids=None, today=None):
        """{commercial partner id: {figure: value}} of the customers with activity in
        ``company`` (among ``partner_ids`` when given), as res.partner._get_credit_figures
        gives them: from the stored rows of the clean customers and the live figures of the
        others, in two queries. Reads only."""
        today = today or self._today()
        redo = self._get_redo_partner_ids(company, today, partner_ids)
        query = self._figures_sql(company, today, redo, partner_ids)
        return {row["partner_id"]: row for row in self.env.execute_query_dict(query)}

    # ------------------------------------------------------------------ refresh
    @api.model
    def _refresh(self, company=None, batch_size=None):
        """Replace the rows of the dirty or stale customers of ``company`` (at most
        ``batch_size``) from the live figures, in three statements; returns
        (refreshed, left)."""
        company = company or self.env.company
        today = self._today()
        redo = self._get_redo_partner_ids(company, today)
        batch = redo[:batch_size] if batch_size else redo
        if not batch:
            return 0, 0
        Partner = self.env["res.partner"]
        figures = credit_figures_sql(
            today,
            [company.id],
            batch,
            default_limits={company.id: Partner._get_credit_default_limit(company)},
        )
        columns = SQL(", ").join(SQL.identifier(name) for name in STORED_COLUMNS)
        self.env.cr.execute(
            SQL(
                f"""
                DELETE FROM crm_credit_figure WHERE company_id = %(company)s AND partner_id = ANY(%(batch)s);
                INSERT INTO crm_credit_figure (company_id, partner_id, %(columns)s, credit_over_limit,
                                               computed_for, computed_at)
                SELECT f.company_id, f.partner_id, %(columns)s,
                       f.credit_limit > 0 AND f.credit_exposure > f.credit_limit,
                       %(today)s, now() AT TIME ZONE 'UTC'
                  FROM (%(figures)s) f;
                DELETE FROM {DIRTY_TABLE} d
                 USING res_partner p
                 WHERE p.id = d.partner_id AND d.company_id = %(company)s
                   AND p.commercial_partner_id = ANY(%(batch)s);
                DELETE FROM {DIRTY_TABLE} d
                 WHERE NOT EXISTS (SELECT FROM res_partner p WHERE p.id = d.partner_id)
                    OR NOT EXISTS (SELECT FROM res_company c WHERE c.id = d.company_id);
                """,
                company=company.id,
                batch=batch,
                columns=columns,
                today=today,
                figures=figures,
            )
        )
        self.invalidate_model()
        return len(batch), len(redo) - len(batch)

    @api.model
    def _cron_refresh(self, batch_size=REFRESH_BATCH_SIZE):
        """Refresh the rows of the dirty or stale customers, ``batch_size`` customers per
        call; ir.cron commits after each call and calls again while some are left. Each call
        picks what is still to do, so a run after an interrupted one finishes the rest."""
        done = left = 0
        for company in self.env["res.company"].sudo().search([], order="id"):
            figures = self.sudo().with_company(company)
            if done < batch_size:
                count, rest = figures._refresh(company, batch_size=batch_size - done)
            else:
                # counted here, refreshed in the next call
                count, rest = 0, len(figures._get_redo_partner_ids(company, figures._today()))
            done, left = done + count, left + rest
        self.env["ir.cron"]._notify_progress(done=done, remaining=left)
        return done, left

    # ------------------------------------------------------------------ search
    @api.model
    def _search_partner_domain(self, predicate, stored, columns, company=None):
        """Domain of res.partner: the partners whose commercial partner's figures in
        ``company`` satisfy ``predicate`` (a Python function of the figures) = ``stored``
        (the same condition in SQL on the stored row ``f``): the stored rows of the clean
        customers, the live figures of the dirty or stale ones, and the customers without
        any activity by their limit. Reads only, in a few queries."""
        if not (self.env.su or self.env.user.has_groups(CREDIT_READERS)):
            raise AccessError(_("Only salespeople and accounting users search credit figures."))
        if not isinstance(stored, SQL):
            raise UserError(_("A search of stored credit figures needs an SQL condition."))
        company = company or self.env.company
        Partner = self.env["res.partner"].with_company(company)
        today = self._today()
        redo = self._get_redo_partner_ids(company, today)
        # a customer without any activity has exposure 0, nothing overdue, score 100 and
        # grade A, never over its limit, whatever the limit: the stored conditions (none
        # reads the limit itself) give the same answer for all of them
        neutral = bool(predicate(neutral_figures(0.0)))
        matching = []
        if redo:
            live = Partner._get_credit_figures(
                redo,
                company=company,
                columns=tuple(dict.fromkeys(("credit_limit", "credit_exposure", *columns))),
            )
            matching = [pid for pid, data in live.items() if predicate(data)]
            if neutral:
                matching += [pid for pid in redo if pid not in live]
        # one condition per source, OR-ed rather than one UNION: the planner knows that
        # partner_id is unique per company in crm_credit_figure and estimates the matches of
        # the stored rows (a hash join on the partners, not an index lookup per match)
        domains = [
            [
                (
                    "commercial_partner_id",
                    "in",
                    SQL(
                        """(SELECT f.partner_id FROM crm_credit_figure f
                             WHERE f.company_id = %s AND NOT (f.partner_id = ANY(%s)) AND (%s))""",
                        company.id,
                        redo,
                        stored,
                    ),
                )
            ]
        ]
        if matching:
            domains.append([("commercial_partner_id", "in", matching)])
        if neutral:
            domains.append(
                [
                    (
                        "commercial_partner_id",
                        "in",
                        SQL(
                            """(SELECT p.id FROM res_partner p
                                 WHERE p.id = p.commercial_partner_id AND NOT (p.id = ANY(%s))
                                   AND NOT EXISTS (
                                       SELECT FROM crm_credit_figure f
                                        WHERE f.company_id = %s AND f.partner_id = p.id))""",
                            redo,
                            company.id,
                        ),
                    )
                ]
            )
        return expression.OR(domains)
