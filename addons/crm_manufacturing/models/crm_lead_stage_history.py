from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import check_domain, check_period


class CrmLeadStageHistory(models.Model):
    """One stay of an opportunity in a stage. Rows are written by the system only
    (the access rules grant read access only; the code writes them with sudo())."""

    _name = "crm.lead.stage.history"
    _inherit = ["crm.manufacturing.search.guard"]
    _description = "Opportunity Stage History"
    _order = "date_in desc, id desc"
    _rec_name = "stage_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="restrict", index=True)
    previous_stage_id = fields.Many2one("crm.stage", ondelete="set null")
    date_in = fields.Datetime(string="Entered", required=True, index=True)
    date_out = fields.Datetime(string="Left", index=True)
    exit_type = fields.Selection(
        [("forward", "Forward"), ("backward", "Backward"), ("won", "Won"), ("lost", "Lost")],
        string="Exit",
    )
    user_id = fields.Many2one("res.users", string="Moved by")
    salesperson_id = fields.Many2one("res.users", index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    company_id = fields.Many2one("res.company", index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    expected_revenue = fields.Monetary(
        string="Expected Revenue at Entry", currency_field="currency_id"
    )
    is_open = fields.Boolean(string="Current Stage", compute="_compute_duration", store=True)
    duration_days = fields.Float(
        string="Days in Stage",
        compute="_compute_duration",
        store=True,
        aggregator="avg",
        help="Days between entering and leaving the stage (empty while the opportunity is there).",
    )

    @api.depends("date_in", "date_out")
    def _compute_duration(self):
        for row in self:
            row.is_open = not row.date_out
            row.duration_days = (
                round((row.date_out - row.date_in).total_seconds() / 86400.0, 2)
                if row.date_out
                else 0.0
            )

    # ------------------------------------------------------------------ CRUD
    def _check_system_write(self):
        if not self.env.su:
            raise AccessError(_("The stage history is written by the system only."))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_system_write()
        return super().create(vals_list)

    def write(self, vals):
        self._check_system_write()
        return super().write(vals)

    def unlink(self):
        self._check_system_write()
        return super().unlink()

    # ------------------------------------------------------------- business
    @api.model
    def _open_rows(self, leads, previous_stages=None, date=None):
        """Open one row per lead for its current stage (system write)."""
        date = date or fields.Datetime.now()
        previous_stages = previous_stages or {}
        vals_list = [
            {
                "lead_id": lead.id,
                "stage_id": lead.stage_id.id,
                "previous_stage_id": previous_stages.get(lead.id, False),
                "date_in": date,
                "user_id": self.env.uid,
                "salesperson_id": lead.user_id.id,
                "team_id": lead.team_id.id,
                "company_id": lead.company_id.id,
                "expected_revenue": lead.expected_revenue,
            }
            for lead in leads
            if lead.stage_id
        ]
        # sudo: history rows are system records; users never write them directly
        return self.sudo().create(vals_list)

    @api.model
    def _close_rows(self, leads, exit_types, date=None):
        """Close the open rows of ``leads``; ``exit_types`` maps lead id to exit type."""
        date = date or fields.Datetime.now()
        # sudo: see _open_rows
        rows = self.sudo().search([("lead_id", "in", leads.ids), ("date_out", "=", False)])
        by_exit = {}
        for row in rows:
            by_exit.setdefault(exit_types[row.lead_id.id], self.sudo())
            by_exit[exit_types[row.lead_id.id]] |= row
        for exit_type, exit_rows in by_exit.items():
            exit_rows.write({"date_out": date, "exit_type": exit_type})
        return rows

    # --------------------------------------------------------------- funnel
    @api.model
    def _funnel_keys(self):
        return ["opening", "inflow", "outflow", "won", "lost", "remaining"]

    @api.model
    @api.readonly
    def get_funnel(self, date_from, date_to, domain=None):
        """Project funnel (项目漏斗) of the period [date_from, date_to] (dates, inclusive).

        ``domain`` filters the opportunities (e.g. by team or salesperson); only the
        opportunities the caller may read count. Returns one dict per stage, in stage
        order, with opening, inflow, outflow, won, lost, remaining, success_rate and
        conversion_rate; for every stage opening + inflow = outflow + won + lost + remaining.
        """
        date_from, date_to = check_period(self.env, date_from, date_to)
        domain = check_domain(self.env["crm.lead"], domain)
        self.check_access("read")
        Lead = self.env["crm.lead"].with_context(active_test=False)
        Lead.check_access("read")
        start = fields.Datetime.to_datetime(date_from)
        end = fields.Datetime.to_datetime(fields.Date.add(date_to, days=1))
        lead_query = Lead._search(list(domain or []))
        history_query = self._search([])
        # filter only where the domain or the record rules restrict something
        conditions = [SQL("TRUE")]
        if lead_query.where_clause:
            conditions.append(SQL("h.lead_id IN %s", lead_query.subselect()))
        if history_query.where_clause:
            conditions.append(SQL("h.id IN %s", history_query.subselect()))
        # reads see writes: a lead moved earlier in this transaction counts in its new stage
        self.env["crm.lead"].flush_model()
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT h.stage_id,
                       count(*) FILTER (WHERE h.date_in < %(start)s) AS opening,
                       count(*) FILTER (WHERE h.date_in >= %(start)s) AS inflow,
                       count(*) FILTER (WHERE h.date_out < %(end)s
                                          AND h.exit_type IN ('forward', 'backward')) AS outflow,
                       count(*) FILTER (WHERE h.date_out < %(end)s
                                          AND h.exit_type = 'forward') AS forward,
                       count(*) FILTER (WHERE h.date_out < %(end)s AND h.exit_type = 'won') AS won,
                       count(*) FILTER (WHERE h.date_out < %(end)s AND h.exit_type = 'lost') AS lost,
                       count(*) FILTER (WHERE h.date_out IS NULL OR h.date_out >= %(end)s) AS remaining
                  FROM crm_lead_stage_history h
                 WHERE h.date_in < %(end)s
                   AND (h.date_out IS NULL OR h.date_out >= %(start)s)
                   AND %(conditions)s
              GROUP BY h.stage_id
                """,
                start=start,
                end=end,
                conditions=SQL(" AND ").join(conditions),
            )
        )
        counts = {row[0]: row[1:] for row in rows}
        stages = self.env["crm.stage"].search([])
        result = []
        for stage in stages:
            opening, inflow, outflow, forward, won, lost, remaining = counts.get(stage.id, (0,) * 7)
            base = opening + inflow
            result.append(
                {
                    "stage_id": stage.id,
                    "stage_name": stage.name,
                    "opening": opening,
                    "inflow": inflow,
                    "outflow": outflow,
                    "won": won,
                    "lost": lost,
                    "remaining": remaining,
                    "success_rate": round(won * 100.0 / base, 1) if base else 0.0,
                    "conversion_rate": round((forward + won) * 100.0 / base, 1) if base else 0.0,
                }
            )
        return result
