from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .crm_customer_stage_history import CUSTOMER_STAGES
from .customer_sql import (
    BATCH_SETTINGS_FROM,
    VALUE_COLUMNS,
    apply_customer_stage_sql,
    apply_customer_value_sql,
    customer_stage_sql,
    customer_value_sql,
    with_batch_settings,
)

RFM_SEGMENTS = [
    ("champion", "Champion"),
    ("loyal", "Loyal"),
    ("potential", "Potential"),
    ("new", "New"),
    ("at_risk", "At Risk"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
SALESMAN = "sales_team.group_sale_salesman"
# set by the refresh methods only, never by a user
CUSTOMER_FIGURES = frozenset(VALUE_COLUMNS) | {
    "rfm_recency_days",
    "customer_stage",
    "customer_stage_date",
    "profile_completeness",
    "profile_missing",
}
# figures that change with the company: jsonb {company id: value} columns (company_dependent)
# (no index: the btree index of a company_dependent jsonb column serves no per-company
# condition, and every refresh would update eleven of them)
FIGURE = {
    "company_dependent": True,
    "readonly": True,
    "copy": False,
    "groups": SALESMAN,
    "index": False,
}
STAGE_BATCH = 20000
# per call of the scheduled actions (ir.cron commits after each call and calls again while
# some are left): stage changes (a partner row, a history row and a chatter message each),
# customers whose figures are written (one jsonb row each; every call ranks the whole company
# again, so the batch is large), responsibles whose activity is written (one ORM write each)
LIFECYCLE_BATCH = 5000
VALUE_BATCH = 10000
PROFILE_BATCH = 500


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------ lifecycle
    customer_stage = fields.Selection(
        CUSTOMER_STAGES,
        string="Lifecycle Stage",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        groups=SALESMAN,
        help="Set by events (lead created, won or lost, order confirmed) and by the daily "
        "check for dormant customers.",
    )
    customer_stage_date = fields.Datetime(
        string="Stage Since", readonly=True, copy=False, groups=SALESMAN
    )
    customer_stage_history_ids = fields.One2many(
        "crm.customer.stage.history", "partner_id", string="Lifecycle History", groups=SALESMAN
    )

    # ------------------------------------------------------------ value (per company)
    rfm_last_order_date = fields.Date(string="Last Order", **FIGURE)
    rfm_recency_days = fields.Integer(
        string="Recency (Days)",
        compute="_compute_rfm_recency_days",
        search="_search_rfm_recency_days",
        groups=SALESMAN,
        help="Days since the last confirmed order.",
    )
    rfm_frequency = fields.Integer(
        string="Frequency", help="Confirmed orders in the RFM window (company setting).", **FIGURE
    )
    rfm_monetary = fields.Float(
        string="Monetary",
        digits="Product Price",
        help="Untaxed amount of the confirmed orders in the RFM window, in company currency.",
        **FIGURE,
    )
    rfm_r = fields.Integer(string="R Score", help="1 (oldest) to 5 (most recent).", **FIGURE)
    rfm_f = fields.Integer(string="F Score", help="1 (least) to 5 (most frequent).", **FIGURE)
    rfm_m = fields.Integer(string="M Score", help="1 (smallest) to 5 (biggest).", **FIGURE)
    rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        string="RFM Segment",
        help="First rule that matches, with fm = (F + M) / 2: New (R ≥ 4 and F = 1), "
        "Champion (R ≥ 4 and fm ≥ 4), Loyal (R ≥ 3 and fm ≥ 3), Potential (R ≥ 3), "
        "At Risk (fm ≥ 3), Hibernating (R = 2), Lost (R = 1).",
        **FIGURE,
    )
    value_growth_percent = fields.Float(
        string="Value Growth (%)",
        digits=(16, 2),
        help="Orders of the last 12 months against the 12 months before (0 without orders "
        "in the 12 months before).",
        **FIGURE,
    )
    avg_order_amount = fields.Float(
        string="Average Order",
        digits="Product Price",
        help="Monetary / frequency of the RFM window.",
        **FIGURE,
    )
    amount_last_12_months = fields.Float(
        string="Ordered in the Last 12 Months", digits="Product Price", **FIGURE
    )
    wallet_share_percent = fields.Float(
        string="Wallet Share (%)",
        digits=(16, 2),
        help="Ordered in the last 12 months / estimated annual spend.",
        **FIGURE,
    )
    estimated_annual_spend = fields.Float(
        company_dependent=True,
        digits="Product Price",
        copy=False,
        groups=SALESMAN,
        tracking=True,
        help="What the customer buys in our product category per year, from anyone "
        "(typed by the salesperson), in company currency.",
    )
    customer_currency_id = fields.Many2one(
        "res.currency", compute="_compute_customer_currency", string="Company Currency"
    )

    # ------------------------------------------------------------ profile completeness
    profile_completeness = fields.Integer(
        string="Profile Completeness (%)",
        compute="_compute_profile_completeness",
        store=True,
        aggregator="avg",
        help="Weighted share of the customer profile rules of the customer's categories "
        "(tags) that are filled in; 100 without rules.",
    )
    profile_missing = fields.Char(
        string="Missing Information", compute="_compute_profile_completeness", store=True
    )
    profile_user_id = fields.Many2one(
        "res.users",
        string="Profile Responsible",
        compute="_compute_profile_user_id",
        store=True,
        readonly=False,
        tracking=True,
        domain="[('share', '=', False)]",
        help="The person responsible for the customer's information; the salesperson by default.",
    )
    profile_incomplete = fields.Boolean(
        string="Incomplete Profile",
        compute="_compute_profile_incomplete",
        search="_search_profile_incomplete",
    )

    @api.depends("category_id", "parent_id")
    def _compute_profile_completeness(self):
        rules = self.env["crm.customer.profile.rule"].sudo().search([])
        for partner in self:
            if partner.parent_id or not rules:
                partner.profile_completeness = 100
                partner.profile_missing = False
                continue
            completeness, missing = rules._evaluate(partner)
            partner.profile_completeness = completeness
            partner.profile_missing = ", ".join(missing) or False

    @api.depends("user_id")
    def _compute_profile_user_id(self):
        for partner in self:
            if not partner.profile_user_id:
                partner.profile_user_id = partner.user_id

    @api.depends("profile_completeness")
    @api.depends_context("company")
    def _compute_profile_incomplete(self):
        minimum = self.env.company.crm_profile_min_completeness
        for partner in self:
            partner.profile_incomplete = (
                not partner.parent_id and partner.profile_completeness < minimum
            )

    def _search_profile_incomplete(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("The incomplete profile filter only supports = and !=."))
        domain = [
            ("parent_id", "=", False),
            ("profile_completeness", "<", self.env.company.crm_profile_min_completeness),
        ]
        if (operator == "=") != value:
            return ["!", "&", *domain]
        return domain

    def _recompute_profile_completeness(self):
        """Recompute the completeness of ``self`` now (after rules or rule fields changed)."""
        for name in ("profile_completeness", "profile_missing"):
            self.env.add_to_compute(self._fields[name], self)
        self.flush_recordset(["profile_completeness", "profile_missing"])

    @api.depends("rfm_last_order_date")
    @api.depends_context("company")
    def _compute_rfm_recency_days(self):
        today = fields.Date.context_today(self)
        for partner in self:
            last = partner.rfm_last_order_date
            partner.rfm_recency_days = (today - last).days if last else 0

    def _search_rfm_recency_days(self, operator, value):
        """Days since the last order → a condition on the last order date."""
        if operator not in ("<", "<=", ">", ">=", "=") or not isinstance(value, int):
            raise UserError(_("Search the recency with a number of days and <, <=, >, >= or =."))
        day = fields.Date.context_today(self) - relativedelta(days=value)
        # more days since the last order = an older last order
        reverse = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}[operator]
        return [("rfm_last_order_date", reverse, day)]

    @api.depends_context("company")
    def _compute_customer_currency(self):
        self.customer_currency_id = self.env.company.currency_id

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_customer_figures_not_written(vals)
        partners = super().create(vals_list)
        commercial = partners.filtered(lambda p: not p.parent_id)
        if commercial:
            commercial._refresh_customer_stage()
        return partners

    def write(self, vals):
        self._check_customer_figures_not_written(vals)
        old_parents = {}
        if "parent_id" in vals:
            old_parents = self.parent_id
        result = super().write(vals)
        if "estimated_annual_spend" in vals:
            self._refresh_wallet_share()
        if "parent_id" in vals:
            (self | old_parents).commercial_partner_id._refresh_customer_stage()
        rule_fields = self.env["crm.customer.profile.rule"].sudo()._get_rule_field_names()
        if rule_fields.intersection(vals):
            self._recompute_profile_completeness()
        return result

    @api.model
    def _check_customer_figures_not_written(self, vals):
        written = CUSTOMER_FIGURES.intersection(vals)
        if written:
            labels = ", ".join(sorted(self._fields[name].string for name in written))
            raise UserError(
                _(
                    "%(fields)s are computed from the orders, leads and profile of the customer "
                    "and cannot be changed by hand.",
                    fields=labels,
                )
            )

    # ------------------------------------------------------------ lifecycle refresh
    def _refresh_customer_stage(self):
        """Recompute the lifecycle stage of the commercial partners of ``self`` (all of them
        when ``self`` is empty and called on the model), write the changes in one statement
        per batch, keep them in the stage history and the chatter.

        :return: {partner id: (old stage, new stage)} of the changes
        """
        if self:
            ids = list(set(self.commercial_partner_id.ids))
            batches = [ids[i : i + STAGE_BATCH] for i in range(0, len(ids), STAGE_BATCH)]
        else:
            batches = [None]
        changes = {}
        for batch in batches:
            query = self._customer_stage_statement(batch)
            if batch is None or len(batch) >= BATCH_SETTINGS_FROM:
                query = with_batch_settings(query)
            self.env.cr.execute(query)
            changes.update({pid: (old, new) for pid, old, new in self.env.cr.fetchall()})
        self._customer_stage_changed(changes)
        return changes

    @api.model
    def _refresh_customer_stage_batch(self, limit):
        """The stage refresh of every customer, writing at most ``limit`` changes (lowest
        partner ids first): one statement that computes every stage, so each call finds
        the changes still to write (none twice).

        :return: ({partner id: (old stage, new stage)} of the changes written, changes left)
        """
        self.env.cr.execute(with_batch_settings(self._customer_stage_statement(None, limit)))
        rows = self.env.cr.fetchall()
        changes = {pid: (old, new) for pid, old, new, __ in rows}
        self._customer_stage_changed(changes)
        return changes, (rows[0][3] - len(rows) if rows else 0)

    @api.model
    def _customer_stage_statement(self, partner_ids, limit=None):
        """The statement writing the stages of ``partner_ids`` (None: every customer) that
        changed (``apply_customer_stage_sql``), the sources flushed first."""
        for model in ("res.partner", "sale.order", "crm.lead", "res.company"):
            self.env[model].flush_model()
        query = customer_stage_sql(
            fields.Date.context_today(self), self.env.company.crm_dormant_months or 24, partner_ids
        )
        return apply_customer_stage_sql(query, fields.Datetime.now(), self.env.uid, limit)

    @api.model
    def _customer_stage_changed(self, changes):
        """After stages were written in SQL: the cache, and the chatter of the changes."""
        if changes:
            self.invalidate_model(["customer_stage", "customer_stage_date"])
            self.env["crm.customer.stage.history"].invalidate_model()
            self._log_customer_stage_changes(
                {pid: change for pid, change in changes.items() if change[0]}
            )

    @api.model
    def _log_customer_stage_changes(self, changes):
        """One tracking message per stage change, all inserted in one statement (the ORM
        creates messages one by one). A first stage, set at creation, is not logged: the
        chatter already says the partner was created."""
        if not changes:
            return
        field = self.env["ir.model.fields"]._get("res.partner", "customer_stage")
        labels = dict(self._fields["customer_stage"]._description_selection(self.env))
        partner_ids = list(changes)
        now = fields.Datetime.now()
        self.env["mail.message"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH changes AS (
                    SELECT * FROM unnest(%(ids)s::int[], %(old)s::varchar[], %(new)s::varchar[])
                                  AS c(partner_id, old_label, new_label)
                ),
                messages AS (
                    INSERT INTO mail_message (model, res_id, message_type, subtype_id, author_id,
                                              date, body, is_internal, create_uid, create_date,
                                              write_uid, write_date)
                    SELECT 'res.partner', c.partner_id, 'notification', %(subtype)s, %(author)s,
                           %(now)s, '', TRUE, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM changes c
                 RETURNING id, res_id
                )
                INSERT INTO mail_tracking_value (field_id, old_value_char, new_value_char,
                                                 mail_message_id, create_uid, create_date,
                                                 write_uid, write_date)
                SELECT %(field)s, c.old_label, c.new_label, m.id, %(uid)s, %(now)s, %(uid)s,
                       %(now)s
                  FROM messages m JOIN changes c ON c.partner_id = m.res_id
                """,
                ids=partner_ids,
                old=[labels.get(changes[pid][0], "") for pid in partner_ids],
                new=[labels.get(changes[pid][1], "") for pid in partner_ids],
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=self.env.user.partner_id.id,
                now=now,
                uid=self.env.uid,
                field=field.id,
            )
        )
        self.env["mail.message"].invalidate_model()
        self.browse(partner_ids).invalidate_recordset(["message_ids"])

    @api.model
    def _cron_refresh_customer_lifecycle(self, batch_size=LIFECYCLE_BATCH):
        """Daily: stages of every customer (dormant ones included). At most ``batch_size``
        stage changes per call, reported to ir.cron, which commits and calls again while
        some are left; each call computes every stage again and writes only those still
        to change, so a run after an interrupted one finishes the rest, none twice."""
        changes, remaining = self._refresh_customer_stage_batch(batch_size)
        self.env["ir.cron"]._notify_progress(done=len(changes), remaining=remaining)

    # ------------------------------------------------------------ value refresh
    @api.model
    def _refresh_customer_value(self, companies=None, partners=None):
        """Recompute the RFM and value figures of the customers of ``companies`` (all
        companies by default), one statement per company; only the rows whose figures
        changed are written.

        :param partners: only these customers (after a confirmation or cancellation): their
            figures from their orders, their scores among the stored figures of the other
            customers (the daily run, without ``partners``, recomputes everyone)
        :return: {company id: (updated, cleared)}
        """
        companies = companies or self.env["res.company"].sudo().search([])
        partner_ids = None
        if partners is not None:
            partner_ids = list(set(partners.commercial_partner_id.ids))
        result = {}
        for company in companies:
            statement = self._customer_value_statement(company, partner_ids)
            if partner_ids is None or len(partner_ids) >= BATCH_SETTINGS_FROM:
                statement = with_batch_settings(statement)
            self.env.cr.execute(statement)
            result[company.id] = self.env.cr.fetchone()
        self.invalidate_model(list(VALUE_COLUMNS))
        return result

    @api.model
    def _customer_value_statement(self, company, partner_ids=None, limit=None):
        """The statement writing the figures of the customers of ``company`` that changed
        (``apply_customer_value_sql``), the sources flushed first."""
        for model in ("res.partner", "sale.order", "res.company"):
            self.env[model].flush_model()
        today = fields.Date.context_today(self)
        query = customer_value_sql(
            company.id,
            today,
            today - relativedelta(years=company.crm_rfm_years or 3),
            today - relativedelta(months=12),
            today - relativedelta(months=24),
            partner_ids,
        )
        return apply_customer_value_sql(query, company.id, partner_ids, limit)

    @api.model
    def _cron_refresh_customer_value(self, batch_size=VALUE_BATCH):
        """Daily: the figures of every customer of every company. At most ``batch_size``
        customers written (or cleared) per call, reported to ir.cron, which commits and
        calls again while some are left. Each call ranks every customer of a company from
        the orders again (scores are quintiles of the whole company) and writes only the
        figures that differ from the stored ones, so a run after an interrupted one
        finishes the rest and rewrites nothing."""
        done = remaining = 0
        for company in self.env["res.company"].sudo().search([], order="id"):
            statement = self._customer_value_statement(company, limit=max(batch_size - done, 0))
            self.env.cr.execute(with_batch_settings(statement))
            updated, cleared, pending = self.env.cr.fetchone()
            done += updated + cleared
            remaining += pending - updated - cleared
        self.invalidate_model(list(VALUE_COLUMNS))
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    def _refresh_wallet_share(self):
        """Wallet share of ``self`` in the current company after its estimated spend changed."""
        company = self.env.company
        for partner in self.sudo():
            estimate = partner.estimated_annual_spend
            share = round(partner.amount_last_12_months / estimate * 100, 2) if estimate else 0.0
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET wallet_share_percent = "
                    "COALESCE(wallet_share_percent, '{}'::jsonb) || jsonb_build_object(%s, %s) "
                    "WHERE id = %s",
                    str(company.id),
                    share,
                    partner.id,
                )
            )
        self.invalidate_recordset(["wallet_share_percent"])

    # ------------------------------------------------------------ profile activities
    @api.model
    def _cron_profile_activities(self, batch_size=PROFILE_BATCH):
        """Weekly: one activity per responsible listing what is missing on their customers
        under the minimum completeness of the customer's company (of the current company for
        customers shared between companies). An open activity of the same kind is updated,
        never doubled.

        At most ``batch_size`` responsibles per call, reported to ir.cron, which commits and
        calls again while some are left; each call picks the responsibles whose open
        activity is missing or does not say what is missing today, so a run after an
        interrupted one finishes the rest and creates no second activity.

        :return: the activities created by this call
        """
        activity_type = self.env.ref("crm_manufacturing_customer.mail_activity_type_profile")
        partners = self.search(
            [("parent_id", "=", False), ("profile_completeness", "<", 100)],
            order="profile_completeness, name",
        )
        by_user = {}
        for partner in partners:
            company = partner.company_id or self.env.company
            responsible = partner.profile_user_id or partner.user_id
            if responsible and partner.profile_completeness < company.crm_profile_min_completeness:
                by_user.setdefault(responsible, self.browse())
                by_user[responsible] |= partner
        Activity = self.env["mail.activity"]
        open_activities = Activity.search(
            [
                ("activity_type_id", "=", activity_type.id),
                ("user_id", "in", [user.id for user in by_user]),
                ("res_model", "=", "res.partner"),
            ]
        )
        existing = {activity.user_id: activity for activity in open_activities}
        note_field = Activity._fields["note"]
        todo = []
        for user in sorted(by_user, key=lambda user: user.id):
            customers = by_user[user]
            summary = _("Complete the profile of %(count)s customers", count=len(customers))
            # the note as it is stored (sanitized), to compare with the open activity's
            note = note_field.convert_to_cache(self._profile_activity_note(customers), Activity)
            activity = existing.get(user)
            if not activity or (activity.summary, activity.note) != (summary, note):
                todo.append((user, summary, note))
        model_id = self.env["ir.model"]._get_id("res.partner")
        to_create = []
        for user, summary, note in todo[:batch_size]:
            if user in existing:
                existing[user].write({"note": note, "summary": summary})
                continue
            to_create.append(
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": user.partner_id.id,
                    "user_id": user.id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": fields.Date.context_today(self)
                    + relativedelta(days=activity_type.delay_count or 7),
                }
            )
        created = Activity.create(to_create)
        done = min(len(todo), batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(todo) - done)
        return created

    @api.model
    def _profile_activity_note(self, customers):
        items = Markup("").join(
            Markup('<li><a href="/odoo/res.partner/%s">%s</a> (%s%%): %s</li>')
            % (
                customer.id,
                escape(customer.display_name),
                customer.profile_completeness,
                escape(customer.profile_missing or ""),
            )
            for customer in customers
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (
            _("These customers lack information:"),
            items,
        )

    # ------------------------------------------------------------ Customer 360
    customer_order_year_ids = fields.One2many(
        "crm.customer.order.year", "partner_id", string="Orders by Year", groups=SALESMAN
    )
    customer_committee_ids = fields.Many2many(
        "crm.decision.member",
        string="Buying Committee People",
        compute="_compute_customer_360",
        groups=SALESMAN,
    )
    customer_open_lead_ids = fields.Many2many(
        "crm.lead", string="Open Opportunities", compute="_compute_customer_360", groups=SALESMAN
    )

    def _compute_customer_360(self):
        commercial = self.commercial_partner_id
        members = self.env["crm.decision.member"].search(
            [("partner_company_id", "in", commercial.ids)],
            order="last_contact_date desc nulls last, id desc",
        )
        leads = self.env["crm.lead"].search(
            [
                ("partner_id", "child_of", commercial.ids),
                ("type", "=", "opportunity"),
                ("probability", "<", 100),
            ],
            order="date_deadline, id",
        )
        for partner in self:
            customer = partner.commercial_partner_id
            # the latest contact of each person first: one line per person
            seen, lines = set(), self.env["crm.decision.member"]
            for member in members.filtered(lambda m, c=customer: m.partner_company_id == c):
                if member.partner_id not in seen:
                    seen.add(member.partner_id)
                    lines |= member
            partner.customer_committee_ids = lines
            partner.customer_open_lead_ids = leads.filtered(
                lambda lead, c=customer: lead.partner_id.commercial_partner_id == c
            )

    def action_open_customer_stage_history(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Lifecycle History of %(name)s", name=self.display_name),
            "res_model": "crm.customer.stage.history",
            "view_mode": "list",
            "domain": [("partner_id", "=", self.commercial_partner_id.id)],
        }

    def action_open_customer_opportunities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [
            ("partner_id", "child_of", self.commercial_partner_id.id),
            ("type", "=", "opportunity"),
        ]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_open_customer_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
