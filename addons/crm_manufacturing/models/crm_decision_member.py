from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import check_field_values

ROLES = [
    ("user", "User"),
    ("influencer", "Influencer"),
    ("buyer", "Buyer"),
    ("decider", "Decider"),
    ("gatekeeper", "Gatekeeper"),
]
# members raised per call of the daily cron (one short UPDATE, committed by ir.cron)
CRON_BATCH_SIZE = 5000
ROLE_WEIGHTS = {"decider": 40, "buyer": 20, "influencer": 15, "user": 15, "gatekeeper": 10}
ATTITUDES = [
    ("champion", "Champion"),
    ("supporter", "Supporter"),
    ("neutral", "Neutral"),
    ("skeptic", "Skeptic"),
    ("opponent", "Opponent"),
]


class CrmDecisionMember(models.Model):
    """One person of the customer's buying committee on one opportunity (决策树)."""

    _name = "crm.decision.member"
    _inherit = ["crm.manufacturing.search.guard", "crm.manufacturing.selection.guard"]
    _description = "Buying Committee Member"
    _order = "lead_id, is_primary desc, influence desc, id"
    _rec_name = "partner_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        ondelete="restrict",
        index=True,
        domain="[('is_company', '=', False)]",
    )
    role = fields.Selection(ROLES, required=True, default="user")
    influence = fields.Integer(default=3, help="Influence on the project, 1 (low) to 5 (decisive).")
    attitude = fields.Selection(ATTITUDES, required=True, default="neutral")
    is_primary = fields.Boolean(string="Primary Contact")
    last_contact_date = fields.Date(
        string="Last Contact",
        help="Kept current from the meetings of the opportunity the person attends and from "
        "the messages they send on it; can be set by hand.",
    )
    note = fields.Text()
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    lead_user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson", store=True)
    partner_company_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer", store=True
    )
    function = fields.Char(related="partner_id.function", string="Job Position")
    email = fields.Char(related="partner_id.email")
    phone = fields.Char(related="partner_id.phone")
    reports_to_id = fields.Many2one(related="partner_id.reports_to_id")

    @api.constrains("influence")
    def _check_influence(self):
        for member in self:
            if not 1 <= member.influence <= 5:
                raise ValidationError(
                    _(
                        "The influence of %(name)s must be between 1 and 5 (5 = decisive), not %(value)s.",
                        name=member.partner_id.name,
                        value=member.influence,
                    )
                )

    @api.constrains("last_contact_date")
    def _check_last_contact_date(self):
        check_field_values(self, {"last_contact_date": (None, None)})

    @api.constrains("partner_id")
    def _check_person(self):
        for member in self:
            if member.partner_id.is_company:
                raise ValidationError(
                    _(
                        "%(name)s is a company: a buying committee is made of people.",
                        name=member.partner_id.name,
                    )
                )

    @api.constrains("is_primary", "lead_id", "partner_id", "role")
    def _check_unique(self):
        leads = self.lead_id
        data = self._read_group(
            [("lead_id", "in", leads.ids)],
            ["lead_id", "partner_id", "role"],
            ["__count"],
        )
        for lead, partner, role, count in data:
            if count > 1:
                labels = dict(self._fields["role"]._description_selection(self.env))
                raise ValidationError(
                    _(
                        "%(name)s is already a %(role)s in the committee of %(lead)s.",
                        name=partner.name,
                        role=labels[role],
                        lead=lead.name,
                    )
                )
        primaries = self._read_group(
            [("lead_id", "in", leads.ids), ("is_primary", "=", True)], ["lead_id"], ["__count"]
        )
        for lead, count in primaries:
            if count > 1:
                raise ValidationError(
                    _(
                        "The committee of %(lead)s can have only one primary contact.",
                        lead=lead.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        res = super().write(vals)
        if "lead_id" in vals:
            # the ORM checks the record rules before a write only: a member moved onto an
            # opportunity the user may not edit (another rep's) is refused on the result
            self.check_access("write")
        return res

    @api.model
    def _refresh_last_contact_dates(self, leads=None):
        """Raise the last contact date of committee members from what the database knows:
        meetings of their opportunity they attend (past ones) and messages they posted on it.
        Two queries for any number of members; a date typed by hand is never lowered."""
        return self._refresh_last_contact_dates_batch(leads)[0]

    @api.model
    def _refresh_last_contact_dates_batch(self, leads=None, limit=None):
        """Like _refresh_last_contact_dates, on at most ``limit`` stale members (lowest ids
        first); returns (updated member ids, stale members left)."""
        where = SQL("TRUE")
        if leads is not None:
            if not leads:
                return [], 0
            where = SQL("m.lead_id IN %s", tuple(leads.ids))
        self.flush_model()
        self.env["mail.message"].flush_model(
            ["model", "res_id", "author_id", "date", "message_type"]
        )
        # crm depends on calendar: meetings carry their opportunity (opportunity_id)
        self.env["calendar.event"].flush_model(["opportunity_id", "start", "partner_ids", "active"])
        calendar = SQL(
            """
            UNION ALL
            SELECT m.id, e.start::date
              FROM crm_decision_member m
              JOIN calendar_event e ON e.opportunity_id = m.lead_id AND e.active
              JOIN calendar_event_res_partner_rel r
                   ON r.calendar_event_id = e.id AND r.res_partner_id = m.partner_id
             WHERE e.start <= now() AT TIME ZONE 'UTC' AND %s
            """,
            where,
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH contacts AS (
                    SELECT m.id, msg.date::date AS day
                      FROM crm_decision_member m
                      JOIN mail_message msg
                           ON msg.model = 'crm.lead' AND msg.res_id = m.lead_id
                          AND msg.author_id = m.partner_id
                          AND msg.message_type IN ('comment', 'email')
                     WHERE %s
                    %s
                ),
                stale AS (
                    SELECT c.id, c.day
                      FROM (SELECT id, max(day) AS day FROM contacts GROUP BY id) c
                      JOIN crm_decision_member m ON m.id = c.id
                     WHERE m.last_contact_date IS NULL OR m.last_contact_date < c.day
                ),
                updated AS (
                    UPDATE crm_decision_member m
                       SET last_contact_date = b.day
                      FROM (SELECT id, day FROM stale ORDER BY id LIMIT %s) b
                     WHERE m.id = b.id
                 RETURNING m.id
                )
                SELECT ARRAY(SELECT id FROM updated), (SELECT count(*) FROM stale)
                """,
                where,
                calendar,
                limit,
            )
        )
        [(updated, stale)] = rows
        if updated:
            self.browse(updated).invalidate_recordset(["last_contact_date"])
            self.env["crm.lead"].invalidate_model(["decision_warning"])
        return updated, stale - len(updated)

    @api.model
    def _cron_refresh_last_contact_dates(self, batch_size=CRON_BATCH_SIZE):
        """One batch of ``batch_size`` stale members per call; ir.cron commits and calls
        again while some are left. Stateless: each call picks the members still stale."""
        updated, remaining = self._refresh_last_contact_dates_batch(limit=batch_size)
        self.env["ir.cron"]._notify_progress(done=len(updated), remaining=remaining)
