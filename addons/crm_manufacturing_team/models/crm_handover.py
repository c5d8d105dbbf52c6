import json
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.tools import server_mark, server_marked

from .res_users import FORCE_ARCHIVE_KEY

# scope key -> (model, field moved); the order is the order of the moves
SCOPE_MODELS = {
    "partners": ("res.partner", "user_id"),
    "leads": ("crm.lead", "user_id"),
    "orders": ("sale.order", "user_id"),
    "steps": ("sale.execution.step", "user_id"),
    "team_members": ("crm.lead.team.member", "user_id"),
    "activities": ("mail.activity", "user_id"),
}
# models whose records get a chatter note and whose followers are handed over
THREAD_SCOPES = ("partners", "leads", "orders", "steps")
# fields of a handover that can still be written once it is done (what the log is about
# never changes after the fact)
DONE_WRITABLE = {"reason"}
# the state moves made by action_confirm and action_revert: a server mark in the context
# under this key, which no XML-RPC or JSON-RPC caller can send
STATE_MOVE_KEY = "crm_handover_state_move"


class CrmHandover(models.Model):
    """Handover of a leaving salesperson's customers, deals, quotations and orders, open
    activities, followers and project team memberships to one or several successors
    (项目分配与交接). The record is the log: one crm.handover.line per moved value."""

    _name = "crm.handover"
    _description = "Handover"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=lambda self: _("New")
    )
    from_user_id = fields.Many2one(
        "res.users",
        string="Leaving Salesperson",
        required=True,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        context={"active_test": False},
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="Successor",
        required=True,
        tracking=True,
        index=True,
        domain="[('share', '=', False), ('id', '!=', from_user_id)]",
        help="Takes over everything that has no successor of its own by customer.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done"), ("reverted", "Reverted")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    reason = fields.Text(help="Why the customers change hands: departure, new territory …")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    successor_ids = fields.One2many(
        "crm.handover.successor",
        "handover_id",
        string="Successors by Customer",
        copy=True,
        help="For a territory that is divided: the customers listed here (with their contacts, "
        "deals, orders and activities) go to their own successor.",
    )
    line_ids = fields.One2many("crm.handover.line", "handover_id", string="Log", readonly=True)
    line_count = fields.Integer(compute="_compute_line_count")
    # the scope
    move_partners = fields.Boolean(string="Customers", default=True)
    move_leads = fields.Boolean(string="Open Leads and Opportunities", default=True)
    only_allowed_stages = fields.Boolean(
        string="Only Stages Allowing Handover",
        default=True,
        help="Deals in stages where 'Allow Handover' is off stay with the leaving salesperson.",
    )
    move_orders = fields.Boolean(string="Quotations and Open Orders", default=True)
    move_activities = fields.Boolean(string="Open Activities", default=True)
    move_followers = fields.Boolean(
        string="Followers of Moved Records",
        default=True,
        help="The successor follows the moved records the leaving salesperson followed.",
    )
    move_team_members = fields.Boolean(string="Project Team Memberships", default=True)
    move_execution_steps = fields.Boolean(string="Execution Steps", default=True)
    has_execution_steps = fields.Boolean(compute="_compute_has_execution_steps")
    # what the scope moves (draft) or moved (done)
    partner_count = fields.Integer(string="Customers to Move", compute="_compute_counts")
    lead_count = fields.Integer(string="Deals to Move", compute="_compute_counts")
    order_count = fields.Integer(string="Orders to Move", compute="_compute_counts")
    activity_count = fields.Integer(string="Activities to Move", compute="_compute_counts")
    follower_count = fields.Integer(string="Records to Follow", compute="_compute_counts")
    team_member_count = fields.Integer(string="Memberships to Move", compute="_compute_counts")
    execution_step_count = fields.Integer(string="Steps to Move", compute="_compute_counts")
    # archiving the leaving salesperson
    archive_user = fields.Boolean(
        string="Archive the Leaving Salesperson",
        help="Archive the user once everything is moved (needs the right to manage users). "
        "Archiving is refused while the user still owns customers, open deals or activities.",
    )
    force_archive = fields.Boolean(
        string="Force Archiving",
        groups="base.group_system",
        help="System administrators only: archive the user even if records are left (Odoo then "
        "deletes the user's remaining activities). The reason is required and logged.",
    )
    force_archive_reason = fields.Text(groups="base.group_system")
    date_done = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    done_user_id = fields.Many2one("res.users", string="Confirmed By", readonly=True, copy=False)
    brief_html = fields.Html(string="Handover Brief", compute="_compute_brief_html", sanitize=False)

    def _compute_line_count(self):
        data = dict(
            self.env["crm.handover.line"]._read_group(
                [("handover_id", "in", self.ids)], ["handover_id"], ["__count"]
            )
        )
        for handover in self:
            handover.line_count = data.get(handover, 0)

    def _compute_has_execution_steps(self):
        self.has_execution_steps = "sale.execution.step" in self.env

    @api.depends(
        "state",
        "from_user_id",
        "to_user_id",
        "company_id",
        "successor_ids.partner_id",
        "successor_ids.user_id",
        "move_partners",
        "move_leads",
        "only_allowed_stages",
        "move_orders",
        "move_activities",
        "move_followers",
        "move_team_members",
        "move_execution_steps",
    )
    def _compute_counts(self):
        for handover in self:
            if handover.state == "draft" and handover.from_user_id:
                scope = handover._get_scope()
                counts = {key: len(records) for key, records in scope.items()}
                counts["followers"] = len(handover._get_follower_scope(scope))
            else:
                counts = handover._get_done_counts()
            handover.partner_count = counts.get("partners", 0)
            handover.lead_count = counts.get("leads", 0)
            handover.order_count = counts.get("orders", 0)
            handover.activity_count = counts.get("activities", 0)
            handover.follower_count = counts.get("followers", 0)
            handover.team_member_count = counts.get("team_members", 0)
            handover.execution_step_count = counts.get("steps", 0)

    def _get_done_counts(self):
        if not self.id:
            return {}
        keys = {model: key for key, (model, _field) in SCOPE_MODELS.items()}
        counts = defaultdict(int)
        for model, field, count in self.env["crm.handover.line"]._read_group(
            [("handover_id", "=", self.id), ("kind", "=", "move")],
            ["res_model", "field"],
            ["__count"],
        ):
            if field == "message_partner_ids":
                counts["followers"] += count
            elif model in keys:
                counts[keys[model]] += count
        return counts

    @api.depends("state", "from_user_id", "to_user_id", "successor_ids", "line_ids")
    def _compute_brief_html(self):
        for handover in self:
            if not handover.from_user_id:
                handover.brief_html = False
                continue
            handover.brief_html = self.env["ir.qweb"]._render(
                "crm_manufacturing_team.handover_brief_content",
                {"doc": handover, "brief": handover._get_brief_data()},
            )

    @api.constrains("from_user_id", "to_user_id", "successor_ids")
    def _check_users(self):
        for handover in self:
            if handover.from_user_id == handover.to_user_id:
                raise ValidationError(
                    _(
                        "%(user)s cannot hand over to themself: choose another successor.",
                        user=handover.from_user_id.name,
                    )
                )
            if handover.state == "draft":
                for user in handover.to_user_id | handover.successor_ids.user_id:
                    if not user.active:
                        raise ValidationError(
                            _(
                                "%(user)s is archived and cannot take over customers: choose "
                                "an active successor.",
                                user=user.name,
                            )
                        )
            if handover.from_user_id in handover.successor_ids.user_id:
                raise ValidationError(
                    _(
                        "%(user)s is the leaving salesperson and cannot be the successor of a "
                        "customer.",
                        user=handover.from_user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        for vals in vals_list:
            # a handover starts as a draft; its state and confirmation are the actions'
            if vals.get("state", "draft") != "draft" or any(
                vals.get(name) for name in ("date_done", "done_user_id")
            ):
                raise UserError(
                    _("The state of a handover only changes by confirming or reverting it.")
                )
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.handover") or _("New")
        return super().create(vals_list)

    def write(self, vals):
        state_move = server_mark(self.env, STATE_MOVE_KEY)
        if not state_move and {"state", "date_done", "done_user_id"} & set(vals):
            raise UserError(
                _("The state of a handover only changes by confirming or reverting it.")
            )
        if not state_move:
            locked = set(vals) - DONE_WRITABLE
            locked = {f for f in locked if not f.startswith(("message_", "activity_"))}
            if locked and any(handover.state != "draft" for handover in self):
                raise UserError(
                    _(
                        "A confirmed or reverted handover is a log: only its reason can change. "
                        "Create a new handover instead."
                    )
                )
        return super().write(vals)

    def unlink(self):
        if any(handover.state != "draft" for handover in self):
            raise UserError(_("Only draft handovers can be deleted; a confirmed one is a log."))
        return super().unlink()

    # ------------------------------------------------------------------ actions

    def action_confirm(self):
        """Move everything in scope, in this transaction, with a constant number of queries
        per model whatever the number of records."""
        self._check_manager()
        for handover in self:
            handover._check_confirmable()
            handover._do_handover()
        return True

    def action_revert(self):
        """Put back, for each logged move, what still holds the new value (logged too)."""
        self._check_manager()
        for handover in self:
            if handover.state != "done":
                raise UserError(
                    _("Only a confirmed handover can be reverted (%(name)s).", name=handover.name)
                )
            handover._do_revert()
        return True

    def action_view_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Handover Log"),
            "res_model": "crm.handover.line",
            "view_mode": "list",
            "domain": [("handover_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_print_brief(self):
        return self.env.ref("crm_manufacturing_team.action_report_handover_brief").report_action(
            self
        )

    # ---------------------------------------------------------------- business

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                _("Only sales managers (Sales: Administrator) create and confirm handovers.")
            )

    def _check_confirmable(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Handover %(name)s is already confirmed.", name=self.name))
        self._check_users()
        if self.company_id not in self.env.user.company_ids:
            raise UserError(
                _(
                    "You do not work in %(company)s: you cannot confirm its handover.",
                    company=self.company_id.name,
                )
            )
        scope = self._get_scope()
        if not any(scope.values()):
            raise UserError(
                _(
                    "%(user)s has nothing to hand over in the chosen scope: no customers, open "
                    "deals, open orders, activities nor team memberships.",
                    user=self.from_user_id.name,
                )
            )
        if self.archive_user:
            if not self.env.user.has_group("base.group_erp_manager"):
                raise UserError(
                    _(
                        "Archiving %(user)s needs the right to manage users: untick 'Archive the "
                        "Leaving Salesperson' or ask an administrator.",
                        user=self.from_user_id.name,
                    )
                )
            force = self.sudo().force_archive
            if force and not self.env.user.has_group("base.group_system"):
                raise UserError(_("Only a system administrator can force archiving."))
            if force and not (self.sudo().force_archive_reason or "").strip():
                raise UserError(_("Say why archiving is forced: the reason is kept in the log."))

    def _scope_companies(self):
        """The companies whose records move: those the confirming manager works in."""
        return self.env.user.company_ids

    def _scope_env(self):
        return self.with_context(
            allowed_company_ids=self._scope_companies().ids, active_test=True
        ).env

    def _get_scope(self):
        """What the handover moves: {scope key: recordset}, searched as the current user in the
        companies they work in, one search per model."""
        self.ensure_one()
        env = self._scope_env()
        user = self.from_user_id
        companies = [False, *self._scope_companies().ids]
        empty = {key: env[model] for key, (model, _f) in SCOPE_MODELS.items() if model in env}
        scope = dict(empty)
        if not user:
            return scope
        if self.move_partners:
            scope["partners"] = env["res.partner"].search(
                [("user_id", "=", user.id), ("company_id", "in", companies)]
            )
        lead_domain = [
            ("user_id", "=", user.id),
            ("company_id", "in", companies),
            "|",
            ("stage_id", "=", False),
            ("stage_id.is_won", "=", False),
        ]
        if self.only_allowed_stages:
            lead_domain += ["|", ("stage_id", "=", False), ("stage_id.allow_handover", "=", True)]
        if self.move_leads:
            scope["leads"] = env["crm.lead"].search(lead_domain)
        if self.move_orders:
            scope["orders"] = env["sale.order"].search(
                [
                    ("user_id", "=", user.id),
                    ("company_id", "in", companies),
                    "|",
                    ("state", "in", ("draft", "sent")),
                    "&",
                    ("state", "=", "sale"),
                    ("invoice_status", "!=", "invoiced"),
                ]
            )
        if self.move_execution_steps and "sale.execution.step" in env:
            scope["steps"] = env["sale.execution.step"].search(
                [
                    ("user_id", "=", user.id),
                    ("company_id", "in", companies),
                    ("state", "in", ("planned", "in_progress")),
                ]
            )
        if self.move_team_members:
            member_domain = [
                ("user_id", "=", user.id),
                ("is_current", "=", True),
                ("lead_id.active", "=", True),
                ("lead_id.company_id", "in", companies),
                "|",
                ("lead_id.stage_id", "=", False),
                ("lead_id.stage_id.is_won", "=", False),
            ]
            if self.only_allowed_stages:
                member_domain += [
                    "|",
                    ("lead_id.stage_id", "=", False),
                    ("lead_id.stage_id.allow_handover", "=", True),
                ]
            scope["team_members"] = env["crm.lead.team.member"].search(member_domain)
        if self.move_activities:
            scope["activities"] = env["mail.activity"].search([("user_id", "=", user.id)])
        return scope

    def _get_follower_scope(self, scope):
        """mail.followers of the leaving salesperson on the records that move: one search per
        model."""
        if not self.move_followers or not self.from_user_id:
            return self.env["mail.followers"]
        followers = self.env["mail.followers"]
        partner = self.from_user_id.partner_id
        for key in THREAD_SCOPES:
            records = scope.get(key)
            if records:
                followers |= (
                    self.env["mail.followers"]
                    .sudo()
                    .search(
                        [
                            ("res_model", "=", records._name),
                            ("res_id", "in", records.ids),
                            ("partner_id", "=", partner.id),
                        ]
                    )
                )
        return followers

    def _successor_map(self):
        """{commercial partner id: successor user} of the per-customer successor lines."""
        return {
            line.partner_id.commercial_partner_id.id: line.user_id for line in self.successor_ids
        }

    def _customer_ids_of(self, key, records):
        """{record id: commercial partner id} for the records of one scope key (one query per
        model thanks to prefetching)."""
        if key == "partners":
            return {rec.id: rec.commercial_partner_id.id for rec in records}
        if key in ("leads", "orders"):
            return {rec.id: rec.partner_id.commercial_partner_id.id for rec in records}
        if key == "steps":
            return {rec.id: rec.partner_id.id for rec in records}
        if key == "team_members":
            return {rec.id: rec.lead_id.partner_id.commercial_partner_id.id for rec in records}
        if key == "activities":
            result = {}
            by_model = defaultdict(list)
            for activity in records:
                by_model[activity.res_model].append(activity)
            keys = {model: k for k, (model, _f) in SCOPE_MODELS.items()}
            for model, activities in by_model.items():
                if model not in keys or keys[model] == "activities":
                    continue
                targets = self.env[model].sudo().browse([a.res_id for a in activities]).exists()
                customers = self._customer_ids_of(keys[model], targets)
                for activity in activities:
                    result[activity.id] = customers.get(activity.res_id)
            return result
        return {}

    def _split_by_successor(self, key, records):
        """{successor user: records} for one scope key."""
        mapping = self._successor_map()
        groups = defaultdict(list)
        if mapping:
            customers = self._customer_ids_of(key, records)
            for rec in records:
                groups[mapping.get(customers.get(rec.id), self.to_user_id)].append(rec.id)
        else:
            groups[self.to_user_id] = records.ids
        return {user: records.browse(ids) for user, ids in groups.items()}

    def _line_vals(self, records, field, old_user, new_user, kind="move", names=None):
        return [
            {
                "handover_id": self.id,
                "kind": kind,
                "res_model": records._name,
                "res_id": rec.id,
                "res_name": (names or {}).get(rec.id) or rec.display_name,
                "field": field,
                "old_value_id": old_user.id,
                "old_value": old_user.name,
                "new_value_id": new_user.id,
                "new_value": new_user.name,
            }
            for rec in records
        ]

    def _do_handover(self):
        self.ensure_one()
        leaver = self.from_user_id
        scope = self._get_scope()
        followers = self._get_follower_scope(scope)
        lines = []
        moved_threads = defaultdict(dict)  # model -> {res_id: successor}
        skipped_members = self.env["crm.lead.team.member"]
        quiet = {
            "tracking_disable": True,
            "mail_notrack": True,
            "mail_auto_subscribe_no_notify": True,
        }
        for key, (model, field) in SCOPE_MODELS.items():
            records = scope.get(key)
            if not records:
                continue
            if key == "team_members":
                records, skipped_members = self._drop_team_conflicts(records)
            for successor, recs in self._split_by_successor(key, records).items():
                if key == "activities":
                    names = {
                        act.id: act.summary or act.activity_type_id.name or act.res_name
                        for act in recs
                    }
                    lines += self._line_vals(recs, field, leaver, successor, names=names)
                    self._sql_set_user(recs, successor)
                    continue
                if key == "team_members":
                    names = {
                        m.id: f"{m.lead_id.display_name} ({dict(m._fields['role']._description_selection(self.env))[m.role]})"
                        for m in recs
                    }
                    lines += self._line_vals(recs, field, leaver, successor, names=names)
                else:
                    lines += self._line_vals(recs, field, leaver, successor)
                vals = {field: successor.id}
                if "previous_user_id" in recs._fields:
                    vals["previous_user_id"] = leaver.id
                self._write_user(recs, vals, successor, quiet)
                if key in THREAD_SCOPES:
                    moved_threads[model].update(dict.fromkeys(recs.ids, successor))
        lines += self._add_successor_followers(followers, moved_threads)
        self._create_log_lines(lines)
        self._post_notes(moved_threads)
        server_marked(self, STATE_MOVE_KEY).write(
            {"state": "done", "date_done": fields.Datetime.now(), "done_user_id": self.env.uid}
        )
        body = _(
            "Handed over from %(from)s: %(count)s values moved.",
            **{"from": leaver.name, "count": len(lines)},
        )
        if skipped_members:
            body += " " + _(
                "%(count)s team memberships stay: the successor already holds that role on the deal.",
                count=len(skipped_members),
            )
        self.message_post(body=body)
        if self.archive_user:
            self._archive_leaver()

    def _write_user(self, records, vals, user, context):
        """Write the new salesperson on ``records``. For opportunities, the sales team Odoo
        would recompute (crm.lead._compute_team_id: kept when the new salesperson is in it,
        else the salesperson's default team, two searches per opportunity) is worked out
        once per lead type and written with the salesperson, one write per team: the ORM
        does not recompute a field written in the same write."""
        records = records.with_context(**context)
        if records._name != "crm.lead" or vals.get("user_id") != user.id or not user:
            records.write(vals)
            return
        defaults = {}
        by_team = defaultdict(list)
        for lead in records:
            team = lead.team_id
            if not (team and user in (team.member_ids | team.user_id)):
                if lead.type not in defaults:
                    use = "use_leads" if lead.type == "lead" else "use_opportunities"
                    defaults[lead.type] = self.env["crm.team"]._get_default_team_id(
                        user_id=user.id, domain=[(use, "=", True)]
                    )
                team = defaults[lead.type]  # as Odoo's compute: none when none is found
            by_team[team].append(lead.id)
        for team, ids in by_team.items():
            records.browse(ids).write({**vals, "team_id": team.id})

    def _create_log_lines(self, vals_list):
        """Write the log lines in ONE statement, whatever their number (the ORM inserts 100
        rows per statement: a handover of 2,000 deals writes some 8,000 lines). The log is
        written by the system only (no access right needed: the caller is a manager checked
        by action_confirm / action_revert), and crm.handover.line has no computed stored
        field, default or override that an ORM create would run: only these columns."""
        if not vals_list:
            return
        columns = {
            "handover_id": "integer",
            "kind": "varchar",
            "res_model": "varchar",
            "res_id": "integer",
            "res_name": "varchar",
            "field": "varchar",
            "old_value_id": "integer",
            "old_value": "varchar",
            "new_value_id": "integer",
            "new_value": "varchar",
        }
        rows = [
            {
                name: (vals.get(name) or None) if name != "kind" else vals.get(name, "move")
                for name in columns
            }
            for vals in vals_list
        ]
        self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_handover_line (%(names)s, create_uid, create_date,
                                               write_uid, write_date)
                SELECT %(names)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM jsonb_to_recordset(%(rows)s::jsonb) AS x(%(types)s)
                """,
                names=SQL(", ").join(SQL.identifier(name) for name in columns),
                types=SQL(", ").join(
                    SQL("%s %s", SQL.identifier(name), SQL(kind)) for name, kind in columns.items()
                ),
                uid=self.env.uid,
                now=self.env.cr.now(),
                rows=json.dumps(rows),
            )
        )
        self.invalidate_recordset()  # the lines, their count, the done counts, the brief
        self.env["crm.handover.line"].invalidate_model()

    def _drop_team_conflicts(self, members):
        """Memberships whose successor already holds the same role on the deal cannot move
        (unique lead, user, role): they stay, and are reported."""
        existing = self.env["crm.lead.team.member"].search_read(
            [
                ("lead_id", "in", members.lead_id.ids),
                ("user_id", "in", (self.to_user_id | self.successor_ids.user_id).ids),
            ],
            ["lead_id", "user_id", "role"],
        )
        taken = {(r["lead_id"][0], r["user_id"][0], r["role"]) for r in existing}
        keep, skip = [], []
        for successor, recs in self._split_by_successor("team_members", members).items():
            for member in recs:
                target = skip if (member.lead_id.id, successor.id, member.role) in taken else keep
                target.append(member.id)
        return members.browse(keep), members.browse(skip)

    def _sql_set_user(self, activities, user):
        """Activities are reassigned in SQL: mail.activity.write() would subscribe and notify
        per activity (one query set per record). Followers and notes are handled in batch
        by the handover itself."""
        if not activities:
            return
        activities.flush_recordset(["user_id"])
        self.env.execute_query(
            SQL(
                "UPDATE mail_activity SET user_id = %s, write_uid = %s, write_date = NOW() AT TIME ZONE 'UTC' WHERE id = ANY(%s)",
                user.id,
                self.env.uid,
                activities.ids,
            )
        )
        activities.invalidate_recordset(["user_id", "write_uid", "write_date"])

    def _add_successor_followers(self, followers, moved_threads):
        """The successor follows the moved records the leaver followed, with the leaver's
        subtypes: one search, then one INSERT for all the records of all the models (the
        ORM inserts 100 followers per statement)."""
        if not followers:
            return []
        wanted = {}
        for follower in followers:
            successor = moved_threads.get(follower.res_model, {}).get(follower.res_id)
            if successor:
                key = (follower.res_model, follower.res_id, successor.partner_id.id)
                wanted[key] = (successor, follower.id)
        if not wanted:
            return []
        Followers = self.env[
            "mail.followers"
        ].sudo()  # the moved records were written by the manager
        existing = Followers.search(
            [
                ("res_model", "in", list({k[0] for k in wanted})),
                ("res_id", "in", list({k[1] for k in wanted})),
                ("partner_id", "in", list({k[2] for k in wanted})),
            ]
        )
        for follower in existing:
            wanted.pop((follower.res_model, follower.res_id, follower.partner_id.id), None)
        self._insert_followers(
            [
                {"res_model": m, "res_id": r, "partner_id": p, "source_id": source_id}
                for (m, r, p), (_successor, source_id) in wanted.items()
            ]
        )
        wanted = {key: successor for key, (successor, _source_id) in wanted.items()}
        names = {}
        for model in {k[0] for k in wanted}:
            ids = [k[1] for k in wanted if k[0] == model]
            names[model] = {rec.id: rec.display_name for rec in self.env[model].browse(ids)}
        return [
            {
                "handover_id": self.id,
                "kind": "move",
                "res_model": model,
                "res_id": res_id,
                "res_name": names[model].get(res_id),
                "field": "message_partner_ids",
                "old_value_id": False,
                "old_value": False,
                "new_value_id": successor.id,
                "new_value": successor.name,
            }
            for (model, res_id, _partner), successor in wanted.items()
        ]

    def _insert_followers(self, rows):
        """Insert followers ``{res_model, res_id, partner_id, source_id}`` in one statement,
        each with the subtypes of the follower ``source_id`` (the leaver's). mail.followers has
        no computed stored field; its create() only invalidates the followed documents, which
        is done here too. Rows already following (a concurrent subscription) are skipped."""
        if not rows:
            return
        self.env.execute_query(
            SQL(
                """
                WITH src AS (
                    SELECT * FROM jsonb_to_recordset(%(rows)s::jsonb)
                        AS x(res_model varchar, res_id integer, partner_id integer,
                             source_id integer)
                ), inserted AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT res_model, res_id, partner_id FROM src
                    ON CONFLICT DO NOTHING
                    RETURNING id, res_model, res_id, partner_id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel
                       (mail_followers_id, mail_message_subtype_id)
                SELECT i.id, rel.mail_message_subtype_id
                  FROM inserted i
                  JOIN src ON src.res_model = i.res_model AND src.res_id = i.res_id
                          AND src.partner_id = i.partner_id
                  JOIN mail_followers_mail_message_subtype_rel rel
                    ON rel.mail_followers_id = src.source_id
                """,
                rows=json.dumps(rows),
            )
        )
        self.env["mail.followers"].invalidate_model()
        models_ids = defaultdict(list)
        for row in rows:
            models_ids[row["res_model"]].append(row["res_id"])
        for model, ids in models_ids.items():
            self.env[model].browse(ids).invalidate_recordset(
                ["message_follower_ids", "message_partner_ids"]
            )

    def _post_notes(self, moved_threads, revert=False):
        """One chatter note per moved record, one batch insert per model."""
        for model, successors in moved_threads.items():
            if not successors:
                continue
            bodies = {}
            for res_id, successor in successors.items():
                if revert:
                    text = _(
                        "Handover %(ref)s reverted: back to %(user)s.",
                        ref=self.name,
                        user=successor.name,
                    )
                else:
                    text = _(
                        "Handed over from %(from)s to %(to)s (%(ref)s).",
                        **{"from": self.from_user_id.name, "to": successor.name, "ref": self.name},
                    )
                bodies[res_id] = Markup("<p>%s</p>") % escape(text)
            self.env[model].browse(list(successors)).with_context(
                tracking_disable=True
            )._message_log_batch(bodies=bodies)

    def _do_revert(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.kind == "move")
        groups = defaultdict(lambda: self.env["crm.handover.line"])
        for line in lines:
            groups[(line.res_model, line.field)] |= line
        revert_lines = []
        reverted_threads = defaultdict(dict)
        thread_models = {SCOPE_MODELS[key][0] for key in THREAD_SCOPES}
        quiet = {"tracking_disable": True, "mail_notrack": True}
        for (model, field), group in groups.items():
            if model not in self.env:
                continue
            if field == "message_partner_ids":
                revert_lines += self._revert_followers(group)
                continue
            records = self.env[model].browse(group.mapped("res_id")).exists()
            current = {rec.id: rec[field].id for rec in records}
            by_old = defaultdict(list)
            for line in group:
                if line.res_id in current and current[line.res_id] == line.new_value_id:
                    by_old[line.old_value_id].append(line)
            for old_id, old_lines in by_old.items():
                old_user = self.env["res.users"].browse(old_id)
                recs = self.env[model].browse([line.res_id for line in old_lines])
                if model == "mail.activity":
                    self._sql_set_user(recs, old_user)
                else:
                    self._write_user(recs, {field: old_id}, old_user, quiet)
                for line in old_lines:
                    revert_lines.append(
                        {
                            "handover_id": self.id,
                            "kind": "revert",
                            "res_model": model,
                            "res_id": line.res_id,
                            "res_name": line.res_name,
                            "field": field,
                            "old_value_id": line.new_value_id,
                            "old_value": line.new_value,
                            "new_value_id": old_id,
                            "new_value": old_user.name,
                        }
                    )
                    if model in thread_models:
                        reverted_threads[model][line.res_id] = old_user
        self._create_log_lines(revert_lines)
        self._post_notes(reverted_threads, revert=True)
        server_marked(self, STATE_MOVE_KEY).write({"state": "reverted"})
        self.message_post(
            body=_("Handover reverted: %(count)s values put back.", count=len(revert_lines))
        )

    def _revert_followers(self, lines):
        Followers = self.env["mail.followers"].sudo()  # removes only what this handover added
        wanted = {
            (
                line.res_model,
                line.res_id,
                self.env["res.users"].browse(line.new_value_id).partner_id.id,
            ): line
            for line in lines
        }
        found = Followers.search(
            [
                ("res_model", "in", list({k[0] for k in wanted})),
                ("res_id", "in", list({k[1] for k in wanted})),
                ("partner_id", "in", list({k[2] for k in wanted})),
            ]
        )
        to_remove = found.filtered(lambda f: (f.res_model, f.res_id, f.partner_id.id) in wanted)
        result = []
        for follower in to_remove:
            line = wanted[(follower.res_model, follower.res_id, follower.partner_id.id)]
            result.append(
                {
                    "handover_id": self.id,
                    "kind": "revert",
                    "res_model": line.res_model,
                    "res_id": line.res_id,
                    "res_name": line.res_name,
                    "field": line.field,
                    "old_value_id": line.new_value_id,
                    "old_value": line.new_value,
                    "new_value_id": False,
                    "new_value": False,
                }
            )
        to_remove.unlink()
        return result

    def _archive_leaver(self):
        force = self.sudo().force_archive
        user = self.from_user_id
        left = self.env["mail.activity"].sudo().search_count([("user_id", "=", user.id)])
        server_marked(user, FORCE_ARCHIVE_KEY, force).action_archive()
        if force:
            self.message_post(
                body=_(
                    "%(user)s archived by force by %(admin)s: %(reason)s. %(count)s remaining "
                    "activities were deleted by the archiving.",
                    user=user.name,
                    admin=self.env.user.name,
                    reason=self.sudo().force_archive_reason,
                    count=left,
                )
            )
        else:
            self.message_post(body=_("%(user)s archived.", user=user.name))

    def _check_draft_for_successors(self):
        if any(handover.state != "draft" for handover in self):
            raise UserError(_("The successors of a confirmed handover cannot change: it is a log."))
        self._check_users()

    # ------------------------------------------------------------------- brief

    def _brief_records(self):
        """(customers, deals, orders) the brief is about: what moves (draft) or moved."""
        self.ensure_one()
        if self.state == "draft":
            scope = self._get_scope()
            leads = scope.get("leads", self.env["crm.lead"])
            orders = scope.get("orders", self.env["sale.order"])
            partners = scope.get("partners", self.env["res.partner"])
        else:
            ids = defaultdict(set)
            for line in self.line_ids:
                if line.kind == "move" and line.field == "user_id":
                    ids[line.res_model].add(line.res_id)
            leads = self.env["crm.lead"].browse(list(ids["crm.lead"])).exists()
            orders = self.env["sale.order"].browse(list(ids["sale.order"])).exists()
            partners = self.env["res.partner"].browse(list(ids["res.partner"])).exists()
        customers = (
            partners.commercial_partner_id
            | leads.partner_id.commercial_partner_id
            | orders.partner_id.commercial_partner_id
        )
        return customers, leads.filtered("active"), orders

    def _get_brief_data(self):
        """Per customer, what the successor reads first: open deals with stage, amount and
        next activity; the committee's key people with attitude and last contact; open
        quotations; overdue installments and credit hold, open service requests when those
        modules are installed. One search per model for all customers."""
        self.ensure_one()
        customers, leads, _orders = self._brief_records()
        customers = customers.sorted("name")
        successors = self._successor_map()
        committee = self.env["crm.decision.member"]
        if leads and committee.has_access("read"):
            committee = committee.search(
                [("lead_id", "in", leads.ids), ("role", "in", ("decider", "influencer"))]
            )
        quotations = self.env["sale.order"].search(
            [
                ("partner_id.commercial_partner_id", "in", customers.ids),
                ("state", "in", ("draft", "sent")),
            ]
        )
        steps = None
        if "sale.execution.step" in self.env and self.env["sale.execution.step"].has_access("read"):
            steps = self.env["sale.execution.step"].search(
                [
                    ("partner_id", "in", customers.ids),
                    ("is_money_step", "=", True),
                    ("is_overdue", "=", True),
                ]
            )
        requests = None
        if "service.request" in self.env and self.env["service.request"].has_access("read"):
            requests = self.env["service.request"].search(
                [
                    ("commercial_partner_id", "in", customers.ids),
                    ("state", "not in", ("done", "closed", "cancelled")),
                ]
            )
        has_credit = "credit_hold" in self.env["res.partner"]._fields
        result = []
        for customer in customers:
            deals = leads.filtered(
                lambda lead, c=customer: lead.partner_id.commercial_partner_id == c
            )
            result.append(
                {
                    "customer": customer,
                    "successor": successors.get(customer.id, self.to_user_id),
                    "deals": deals,
                    "committee": committee.filtered(lambda m, d=deals: m.lead_id in d),
                    "quotations": quotations.filtered(
                        lambda o, c=customer: o.partner_id.commercial_partner_id == c
                    ),
                    "installments": steps.filtered(lambda s, c=customer: s.partner_id == c)
                    if steps is not None
                    else None,
                    "credit_hold": customer.credit_hold if has_credit else None,
                    "credit_hold_reason": customer.credit_hold_reason if has_credit else None,
                    "service_requests": requests.filtered(
                        lambda r, c=customer: r.commercial_partner_id == c
                    )
                    if requests is not None
                    else None,
                }
            )
        return result


class CrmHandoverSuccessor(models.Model):
    """For a divided territory: this customer goes to this successor."""

    _name = "crm.handover.successor"
    _description = "Handover Successor by Customer"
    _order = "handover_id, id"

    handover_id = fields.Many2one("crm.handover", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Successor", required=True, domain="[('share', '=', False)]"
    )
    company_id = fields.Many2one(related="handover_id.company_id")

    _sql_constraints = [
        (
            "handover_partner_unique",
            "unique(handover_id, partner_id)",
            "A customer has one successor in a handover.",
        ),
    ]

    @api.constrains("partner_id")
    def _check_commercial(self):
        for line in self:
            if line.partner_id != line.partner_id.commercial_partner_id:
                raise ValidationError(
                    _(
                        "%(name)s is a contact of %(company)s: give the company as the customer.",
                        name=line.partner_id.name,
                        company=line.partner_id.commercial_partner_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.handover_id._check_draft_for_successors()
        return lines

    def write(self, vals):
        self.handover_id._check_draft_for_successors()
        return super().write(vals)

    def unlink(self):
        self.handover_id._check_draft_for_successors()
        return super().unlink()


class CrmHandoverLine(models.Model):
    """One value moved (or put back) by a handover. Written by the system only."""

    _name = "crm.handover.line"
    _description = "Handover Log Line"
    _order = "handover_id, id"

    handover_id = fields.Many2one(
        "crm.handover", required=True, ondelete="cascade", index=True, readonly=True
    )
    kind = fields.Selection(
        [("move", "Moved"), ("revert", "Put Back")], required=True, default="move", readonly=True
    )
    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Record ID", model_field="res_model", required=True, readonly=True, index=True
    )
    res_name = fields.Char(string="Record", readonly=True)
    field = fields.Char(required=True, readonly=True)
    old_value_id = fields.Integer(string="Old Value ID", readonly=True)
    old_value = fields.Char(readonly=True)
    new_value_id = fields.Integer(string="New Value ID", readonly=True)
    new_value = fields.Char(readonly=True)
    company_id = fields.Many2one(related="handover_id.company_id")

    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
