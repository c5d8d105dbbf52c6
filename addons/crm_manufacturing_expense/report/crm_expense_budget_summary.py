from odoo import api, fields, models
from odoo.tools import SQL

from ..models.crm_lead_expense_budget import ACTUAL_STATES, COMMITTED_STATES

# the deals whose summary rows are to be computed again, per transaction (cursor)
PENDING_KEY = "crm_manufacturing_expense.budget_summary_leads"
# deals per statement of a full rebuild, and per call of the weekly scheduled action
REBUILD_BATCH = 5000
# a stored sum further than this from the live one is stale (the float8 sums of the same
# sources may differ in their last bits with the order PostgreSQL adds them in)
SUM_TOLERANCE = 0.0001


def budget_sources_sql(keys, where_budget=None, where_expense=None):
    """The sources of the budget execution as rows: each budget line and each counted
    expense (submitted, approved, posted) with its deal, stage and money as float8 (budget,
    committed, actual, expense count, and 1 as the count of sources). ``keys`` are SQL expressions per source, by name
    (``budget`` and ``expense``: lists of (expression, alias)); ``where_*`` filter each
    side. Shared by the report's view and its stored summary, so both count alike."""
    budget_keys = SQL().join(
        SQL(", %s AS %s", expr, SQL.identifier(name)) for expr, name in keys["budget"]
    )
    expense_keys = SQL().join(SQL(", %s", expr) for expr in keys["expense"])
    return SQL(
        """
        SELECT b.lead_id, b.stage_id%(budget_keys)s,
               b.amount::float8 AS budget, 0.0::float8 AS committed,
               0.0::float8 AS actual, 0 AS expense_count, 1 AS source_count
          FROM crm_lead_expense_budget b
         WHERE %(where_budget)s
     UNION ALL
        SELECT e.lead_id, e.lead_stage_id%(expense_keys)s,
               0.0::float8,
               CASE WHEN e.state IN %(committed)s THEN e.total_amount::float8 ELSE 0.0 END,
               CASE WHEN e.state IN %(actual)s THEN e.total_amount::float8 ELSE 0.0 END,
               1, 1
          FROM hr_expense e
         WHERE e.lead_id IS NOT NULL AND e.state IN %(counted)s AND %(where_expense)s
        """,
        budget_keys=budget_keys,
        expense_keys=expense_keys,
        where_budget=where_budget or SQL("TRUE"),
        where_expense=where_expense or SQL("TRUE"),
        committed=COMMITTED_STATES,
        actual=ACTUAL_STATES,
        counted=COMMITTED_STATES + ACTUAL_STATES,
    )


class CrmExpenseBudgetSummary(models.Model):
    """Budget execution per deal and stage, stored (budget, committed, actual, expense
    count): what the Budget Execution report reads when a question needs nothing finer than
    the deal and the stage (its default pivot, grouped by deal, stage, salesperson, team,
    customer, company or outcome), instead of aggregating every expense.

    Kept exact by the expenses and budget lines: each create, write (including the stored
    computed state, amount and stage, written at flush) and unlink marks its deals; the
    marked deals' rows are computed again in one grouped statement before the summary is
    read and before the transaction commits (``_refresh_pending``). ``_rebuild`` computes
    again the rows of the deals whose stored rows differ from the sources, in batches (a
    weekly job, and on install)."""

    _name = "crm.expense.budget.summary"
    _description = "Budget Execution per Deal and Stage"
    _log_access = False
    _order = "lead_id, stage_id"

    lead_id = fields.Many2one("crm.lead", "Opportunity", required=True, ondelete="cascade")
    stage_id = fields.Many2one("crm.stage", ondelete="cascade", readonly=True)
    budget = fields.Float(readonly=True)
    committed = fields.Float(readonly=True)
    actual = fields.Float(readonly=True)
    expense_count = fields.Integer(readonly=True)
    source_count = fields.Integer(
        readonly=True, help="Budget lines and counted expenses: the report's rows summarised."
    )

    def init(self):
        # one row per deal and stage (the lines without stage as 0): two transactions
        # refreshing the same new deal at once cannot both insert it (the second fails to
        # serialize and Odoo retries its request)
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS crm_expense_budget_summary_lead_stage "
                "ON crm_expense_budget_summary (lead_id, COALESCE(stage_id, 0))"
            )
        )
        # filled once every table of the module has its columns (install and update)
        self.pool.post_init(self._rebuild)
        return super().init()

    @api.model
    def _mark_leads(self, lead_ids):
        """Remember that the summary of these deals is to be computed again in this
        transaction (before it is read, and before commit)."""
        lead_ids = {lead_id for lead_id in lead_ids if lead_id}
        if not lead_ids:
            return
        data = self.env.cr.precommit.data
        pending = data.get(PENDING_KEY)
        if pending is None:
            pending = data[PENDING_KEY] = set()
            self.env.cr.precommit.add(self._refresh_pending)
        pending.update(lead_ids)

    @api.model
    def _refresh_pending(self):
        """Compute the rows of the marked deals again (one statement for all of them). The
        marks stay until the transaction ends: a savepoint rolled back after a refresh
        also rolls the refresh back, and the next read computes those deals again."""
        pending = self.env.cr.precommit.data.get(PENDING_KEY)
        if pending:
            self.env.flush_all()
            self._refresh(sorted(pending))

    @api.model
    def _refresh(self, lead_ids=None):
        """Compute the summary rows of ``lead_ids`` (all deals when None) from the sources."""
        if lead_ids is None:
            where_delete = where_budget = where_expense = SQL("TRUE")
        else:
            where_delete = SQL("lead_id = ANY(%s)", list(lead_ids))
            where_budget = SQL("b.lead_id = ANY(%s)", list(lead_ids))
            where_expense = SQL("e.lead_id = ANY(%s)", list(lead_ids))
        sources = budget_sources_sql({"budget": [], "expense": []}, where_budget, where_expense)
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM crm_expense_budget_summary WHERE %(where_delete)s;
                INSERT INTO crm_expense_budget_summary
                       (lead_id, stage_id, budget, committed, actual, expense_count,
                        source_count)
                SELECT m.lead_id, m.stage_id, SUM(m.budget), SUM(m.committed), SUM(m.actual),
                       SUM(m.expense_count), SUM(m.source_count)
                  FROM (%(sources)s) m
                 GROUP BY m.lead_id, m.stage_id
                    ON CONFLICT (lead_id, COALESCE(stage_id, 0)) DO UPDATE
                   SET budget = EXCLUDED.budget, committed = EXCLUDED.committed,
                       actual = EXCLUDED.actual, expense_count = EXCLUDED.expense_count,
                       source_count = EXCLUDED.source_count
                """,
                where_delete=where_delete,
                sources=sources,
            )
        )

    @api.model
    def _stale_lead_ids(self):
        """The deals (ids, ascending) whose stored rows differ from the live aggregation of
        the sources: a row missing on either side, or another figure. One statement."""
        sources = budget_sources_sql({"budget": [], "expense": []})
        rows = self.env.execute_query(
            SQL(
                """
                WITH live AS (
                    SELECT m.lead_id, m.stage_id, SUM(m.budget) AS budget,
                           SUM(m.committed) AS committed, SUM(m.actual) AS actual,
                           SUM(m.expense_count) AS expense_count,
                           SUM(m.source_count) AS source_count
                      FROM (%(sources)s) m
                  GROUP BY m.lead_id, m.stage_id
                )
                SELECT DISTINCT COALESCE(l.lead_id, s.lead_id)
                  FROM live l
             FULL JOIN crm_expense_budget_summary s
                       ON s.lead_id = l.lead_id
                      AND COALESCE(s.stage_id, 0) = COALESCE(l.stage_id, 0)
                 WHERE l.lead_id IS NULL OR s.lead_id IS NULL
                    OR ABS(l.budget - s.budget) > %(tolerance)s
                    OR ABS(l.committed - s.committed) > %(tolerance)s
                    OR ABS(l.actual - s.actual) > %(tolerance)s
                    OR l.expense_count IS DISTINCT FROM s.expense_count
                    OR l.source_count IS DISTINCT FROM s.source_count
                 ORDER BY 1
                """,
                sources=sources,
                tolerance=SUM_TOLERANCE,
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _rebuild(self, batch_size=REBUILD_BATCH):
        """Compute again the rows of the deals whose stored rows differ from the sources,
        ``batch_size`` deals per statement (the weekly job; also at install and after an
        import done in SQL). Idempotent: a deal already right is not written.

        Run by the scheduled action (ir.cron's progress context), one batch of
        ``batch_size`` deals per call, reported to ir.cron, which commits and calls again
        while some are left: each call finds the deals still to compute, so a run after an
        interrupted one finishes the rest. Elsewhere, every batch in this transaction.

        :return: the number of deals computed again
        """
        self.env.flush_all()
        lead_ids = self._stale_lead_ids()
        todo = lead_ids
        if self.env.context.get("ir_cron_progress_id"):
            todo = lead_ids[:batch_size]
        for start in range(0, len(todo), batch_size):
            self._refresh(todo[start : start + batch_size])
        if todo:
            self.invalidate_model()
        self.env["ir.cron"]._notify_progress(done=len(todo), remaining=len(lead_ids) - len(todo))
        return len(todo)
