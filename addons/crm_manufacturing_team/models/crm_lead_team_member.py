from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ROLES = [
    ("sales", "Sales"),
    ("presales", "Presales Engineer"),
    ("technical", "Technical Support"),
    ("project_manager", "Project Manager"),
    ("service", "Service"),
    ("commercial", "Commercial"),
    ("other", "Other"),
]


class CrmLeadTeamMember(models.Model):
    """One person of our own project team (虚拟团队) on one deal, with the share of the credit
    for the deal. A member reads and edits the deal until ``date_end`` has passed."""

    _name = "crm.lead.team.member"
    _description = "Project Team Member"
    _order = "lead_id, share_percent desc, id"
    _rec_name = "user_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('share', '=', False)]",
    )
    role = fields.Selection(ROLES, required=True, default="sales")
    share_percent = fields.Float(
        string="Share (%)",
        digits=(16, 2),
        default=0.0,
        help="Credit for the deal (0-100). The shares of the members of one deal add up to at "
        "most 100; the won amount of a person is the sum of the expected revenue of won deals "
        "times their share.",
    )
    date_start = fields.Date(string="Member From", default=fields.Date.context_today)
    date_end = fields.Date(
        string="Member Until",
        help="After this date the person is a former member and loses access.",
    )
    note = fields.Char()
    is_current = fields.Boolean(
        string="Current Member", compute="_compute_is_current", search="_search_is_current"
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    lead_user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson")
    stage_id = fields.Many2one(related="lead_id.stage_id")
    expected_revenue = fields.Monetary(
        related="lead_id.expected_revenue", currency_field="company_currency"
    )
    company_currency = fields.Many2one(related="lead_id.company_currency")

    _sql_constraints = [
        (
            "lead_user_role_unique",
            "unique(lead_id, user_id, role)",
            "A person holds each role only once in the team of a deal.",
        ),
    ]

    @api.depends("date_start", "date_end")
    @api.depends_context("date")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.is_current = (not member.date_start or member.date_start <= today) and (
                not member.date_end or member.date_end >= today
            )

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on current team members."))
        today = fields.Date.context_today(self)
        domain = [
            "&",
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *domain]

    @api.constrains("share_percent", "lead_id")
    def _check_share_percent(self):
        for member in self:
            if not 0 <= member.share_percent <= 100:
                raise ValidationError(
                    _(
                        "The share of %(user)s on %(lead)s must be between 0 and 100, not %(value)s.",
                        user=member.user_id.name,
                        lead=member.lead_id.name,
                        value=member.share_percent,
                    )
                )
        # the sum over the whole team, whatever the record rules of the user who edits one share
        totals = self.sudo()._read_group(
            [("lead_id", "in", self.lead_id.ids)], ["lead_id"], ["share_percent:sum"]
        )
        for lead, total in totals:
            if total > 100.0001:
                raise ValidationError(
                    _(
                        "The shares of the team of %(lead)s add up to %(total)s %%: "
                        "they can add up to 100 %% at most. Lower a share first.",
                        lead=lead.name,
                        total=round(total, 2),
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for member in self:
            if member.date_start and member.date_end and member.date_end < member.date_start:
                raise ValidationError(
                    _(
                        "The membership of %(user)s on %(lead)s ends before it starts.",
                        user=member.user_id.name,
                        lead=member.lead_id.name,
                    )
                )

    @api.model
    @api.readonly
    def _won_amount_by_user(self, date_from, date_to, user_ids=None):
        """Won amount per person: Σ expected revenue × share_percent / 100 of the deals won
        (closed in a won stage) between ``date_from`` and ``date_to`` included; a won deal
        without team members counts 100 % for its salesperson. The deals are those the
        current user may read (record rules apply). One query for any number of deals.

        :return: {user_id: amount} in the companies' currency
        """
        date_from = fields.Date.to_date(date_from) if date_from else None
        date_to = fields.Date.to_date(date_to) if date_to else None
        if not date_from or not date_to:
            raise UserError(_("Give a start and an end date for the won amounts."))
        if date_from > date_to:
            raise UserError(
                _(
                    "The start date %(start)s is after the end date %(end)s.",
                    start=date_from,
                    end=date_to,
                )
            )
        if user_ids is not None and not all(isinstance(uid, int) for uid in user_ids):
            raise UserError(_("The users must be given by their ids."))
        leads = self.env["crm.lead"]._search(
            [
                ("stage_id.is_won", "=", True),
                ("date_closed", ">=", fields.Datetime.to_datetime(date_from)),
                ("date_closed", "<", fields.Datetime.to_datetime(date_to + timedelta(days=1))),
            ]
        )
        user_filter = SQL("TRUE")
        if user_ids is not None:
            user_filter = SQL("x.user_id = ANY(%s)", list(user_ids))
        rows = self.env.execute_query(
            SQL(
                """
                WITH won AS (
                    SELECT l.id, l.user_id, COALESCE(l.expected_revenue, 0) AS revenue
                      FROM crm_lead l
                     WHERE l.id IN %(leads)s
                ), credit AS (
                    SELECT m.user_id, w.revenue * m.share_percent / 100.0 AS amount
                      FROM won w
                      JOIN crm_lead_team_member m ON m.lead_id = w.id
                    UNION ALL
                    SELECT w.user_id, w.revenue
                      FROM won w
                     WHERE w.user_id IS NOT NULL
                       AND NOT EXISTS (
                           SELECT 1 FROM crm_lead_team_member m WHERE m.lead_id = w.id
                       )
                )
                SELECT x.user_id, SUM(x.amount)
                  FROM credit x
                 WHERE %(user_filter)s
                 GROUP BY x.user_id
                """,
                leads=leads.subselect(),
                user_filter=user_filter,
            )
        )
        result = defaultdict(float)
        for user_id, amount in rows:
            result[user_id] += float(amount or 0.0)
        return dict(result)
