import operator as py_operator

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import PREFETCH_MAX
from odoo.tools import SQL, float_compare

from odoo.addons.crm_manufacturing.tools import check_number

from .credit_figures import CREDIT_DEPENDS, FIGURES, credit_figures_sql
from .credit_privilege import CREDIT_READERS, is_server_write, server_write

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D"), ("E", "E")]
GRADE_VALUES = frozenset(grade for grade, _label in GRADES)
# figures of a customer without any receivable, order or invoice (and without a limit)
NEUTRAL = dict.fromkeys(FIGURES, 0.0) | {"credit_score": 100, "credit_grade": "A"}
# holds set or lifted per call of the daily cron (committed by ir.cron after each call)
CRON_BATCH_SIZE = 500


def neutral_figures(limit):
    """Figures of a customer without any activity whose credit limit is ``limit``."""
    limit = float(limit or 0.0)
    return NEUTRAL | {"credit_limit": limit, "credit_available": max(limit, 0.0)}


# the fields filled by _compute_credit_figures: {field: (column of the figures query, type)}
FIGURE_FIELDS = {
    "credit_limit_effective": ("credit_limit", float),
    "credit_exposure": ("credit_exposure", float),
    "credit_available": ("credit_available", float),
    "credit_utilization": ("credit_utilization", float),
    "aging_current": ("aging_current", float),
    "aging_1_30": ("aging_1_30", float),
    "aging_31_60": ("aging_31_60", float),
    "aging_61_90": ("aging_61_90", float),
    "aging_over_90": ("aging_over_90", float),
    "overdue_amount": ("overdue_amount", float),
    "max_overdue_days": ("max_overdue_days", int),
    "avg_days_to_pay": ("avg_days_to_pay", float),
    "avg_days_late": ("avg_days_late", float),
    "credit_score": ("credit_score", int),
    "credit_grade": ("credit_grade", str),
    "bad_debt_provision": ("bad_debt_provision", float),
    "credit_score_utilization": ("score_utilization", float),
    "credit_score_overdue_share": ("score_overdue_share", float),
    "credit_score_overdue_days": ("score_overdue_days", float),
    "credit_score_payment_behaviour": ("score_payment_behaviour", float),
}
CREDIT_FIGURE_FIELDS = frozenset(FIGURE_FIELDS) | {"credit_over_limit"}
# the figures searched on the rows of crm.credit.figure rather than live: all it stores but
# those of the limit (the stored search takes the customers without any activity as one
# set, whose available credit is their limit)
STORED_FIGURES = frozenset(FIGURES) - {"credit_limit", "credit_available"}
# the credit control of a customer: changed by credit managers only
CREDIT_CONTROL_FIELDS = ("credit_hold", "credit_hold_reason", "credit_limit")
CREDIT_CONTROL_KEYS = frozenset(
    {*CREDIT_CONTROL_FIELDS, "credit_hold_origin", "use_partner_credit_limit"}
)
NUMBER_OPERATORS = {
    "=": py_operator.eq,
    "!=": py_operator.ne,
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
}


def _figure_search(name):
    """The search method of the numeric figure ``name`` (one SQL query, like the grade)."""

    def search(self, operator, value):
        return self._search_credit_number(name, operator, value)

    search.__name__ = f"_search_{name}"
    return search


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_limit_effective = fields.Monetary(
        string="Credit Limit in Force",
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
        help="The customer's own credit limit in this company, or the company's default "
        "(0: no limit). Credit managers change it on the Credit Risk tab.",
    )
    credit_exposure = fields.Monetary(
        compute="_compute_credit_figures",
        search="_search_credit_exposure",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
        help="Open receivables + draft customer invoices + per confirmed order, what is ordered "
        "or delivered (the larger) and not yet on an invoice, tax included.",
    )
    credit_available = fields.Monetary(
        compute="_compute_credit_figures",
        search="_search_credit_available",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
        help="Credit limit minus exposure (0 without a limit).",
    )
    credit_utilization = fields.Float(
        string="Credit Utilization (%)",
        compute="_compute_credit_figures",
        search="_search_credit_utilization",
        groups=CREDIT_READERS,
    )
    credit_over_limit = fields.Boolean(
        string="Over the Credit Limit",
        compute="_compute_credit_figures",
        search="_search_credit_over_limit",
        groups=CREDIT_READERS,
    )
    aging_current = fields.Monetary(
        string="Not Due",
        compute="_compute_credit_figures",
        search="_search_aging_current",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
    )
    aging_1_30 = fields.Monetary(
        string="1-30 Days",
        compute="_compute_credit_figures",
        search="_search_aging_1_30",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
    )
    aging_31_60 = fields.Monetary(
        string="31-60 Days",
        compute="_compute_credit_figures",
        search="_search_aging_31_60",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
    )
    aging_61_90 = fields.Monetary(
        string="61-90 Days",
        compute="_compute_credit_figures",
        search="_search_aging_61_90",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
    )
    aging_over_90 = fields.Monetary(
        string="Over 90 Days",
        compute="_compute_credit_figures",
        search="_search_aging_over_90",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
    )
    overdue_amount = fields.Monetary(
        compute="_compute_credit_figures",
        search="_search_overdue_amount",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
    )
    max_overdue_days = fields.Integer(
        string="Longest Overdue (days)",
        compute="_compute_credit_figures",
        search="_search_max_overdue_days",
        groups=CREDIT_READERS,
    )
    avg_days_to_pay = fields.Float(
        string="Average Days to Pay",
        compute="_compute_credit_figures",
        search="_search_avg_days_to_pay",
        groups=CREDIT_READERS,
        help="Invoices fully paid in the last 365 days: mean days from invoice date to the last reconciliation.",
    )
    avg_days_late = fields.Float(
        string="Average Days Late",
        compute="_compute_credit_figures",
        groups=CREDIT_READERS,
        help="Invoices fully paid in the last 365 days: mean days from the due date (the "
        "payment term) to the payment, 0 for an invoice paid on time.",
    )
    credit_score = fields.Integer(
        compute="_compute_credit_figures",
        search="_search_credit_score",
        groups=CREDIT_READERS,
        help="100 minus each part (0 to 1) times its weight of the Credit Policy (by default "
        "35 × utilization, 35 × overdue share, 30 × overdue days / 180, 20 × days late / 90), "
        "kept between 0 and 100.",
    )
    credit_grade = fields.Selection(
        GRADES,
        compute="_compute_credit_figures",
        search="_search_credit_grade",
        groups=CREDIT_READERS,
    )
    credit_score_utilization = fields.Float(
        string="Utilization Part",
        compute="_compute_credit_figures",
        digits=(4, 3),
        groups=CREDIT_READERS,
    )
    credit_score_overdue_share = fields.Float(
        string="Overdue Share Part",
        compute="_compute_credit_figures",
        digits=(4, 3),
        groups=CREDIT_READERS,
    )
    credit_score_overdue_days = fields.Float(
        string="Overdue Days Part",
        compute="_compute_credit_figures",
        digits=(4, 3),
        groups=CREDIT_READERS,
    )
    credit_score_payment_behaviour = fields.Float(
        string="Payment Behaviour Part",
        compute="_compute_credit_figures",
        digits=(4, 3),
        groups=CREDIT_READERS,
        help="Average days late over 90, capped at 1: 0 for a customer who pays on time.",
    )
    bad_debt_provision = fields.Monetary(
        compute="_compute_credit_figures",
        search="_search_bad_debt_provision",
        currency_field="credit_currency_id",
        groups=CREDIT_READERS,
    )
    # not _compute_credit_currency: that name is OCA account_financial_risk's (its
    # risk_currency_id), and overriding it would leave that field unassigned
    credit_currency_id = fields.Many2one("res.currency", compute="_compute_credit_figures_currency")
    credit_hold = fields.Boolean(tracking=True, copy=False, groups=CREDIT_READERS)
    credit_hold_reason = fields.Char(tracking=True, copy=False, groups=CREDIT_READERS)
    credit_hold_origin = fields.Selection(
        [("manual", "Set by hand"), ("auto", "Set by the daily check")],
        copy=False,
        readonly=True,
        tracking=True,
        groups=CREDIT_READERS,
    )

    @api.depends_context("company")
    def _compute_credit_figures_currency(self):
        self.credit_currency_id = self.env.company.currency_id

    @api.model
    def _get_credit_default_limit(self, company):
        """The company's default credit limit (Odoo's ir.default of ``credit_limit``, the
        limit of partners without their own, as in Odoo's credit banner)."""
        field = self._fields["credit_limit"]
        # sudo: any user's figures use the company's default, like Odoo's banner
        fallback = field.get_company_dependent_fallback(self.sudo().with_company(company))
        return float(fallback or 0.0)

    @api.model
    def _get_credit_figures(
        self, commercial_partner_ids=None, company=None, today=None, columns=None
    ):
        """{commercial partner id: {figure: value}} for one company, in one query, for the
        partners with receivables, orders, draft or paid invoices (see neutral_figures for
        the others).

        :param columns: only these figures (and partner_id): less to transfer and convert
        """
        company = company or self.env.company
        today = today or fields.Date.context_today(self)
        self._flush_credit_figures()
        query = credit_figures_sql(
            today,
            [company.id],
            commercial_partner_ids,
            default_limits={company.id: self._get_credit_default_limit(company)},
        )
        if columns:
            query = SQL(
                "SELECT %s FROM (%s) f",
                SQL(", ").join(SQL.identifier("f", name) for name in ("partner_id", *columns)),
                query,
            )
        return {row["partner_id"]: row for row in self.env.execute_query_dict(query)}

    @api.model
    def _flush_credit_figures(self):
        """Write what the ORM still holds of the columns the figures query reads."""
        for model, field_names in CREDIT_DEPENDS.items():
            self.env[model].flush_model(field_names)

    def _get_credit_figures_of(self, company=None, stored=False):
        """{commercial partner id: figures} of the commercial partners of ``self``, those
        without any activity included (their limit and available credit).

        :param stored: read the stored rows of the clean customers (crm.credit.figure) and
            compute the others only, rather than computing all of them (the credit check
            computes them; the context key ``credit_figures_live`` forces it)"""
        company = company or self.env.company
        commercial = self.sudo().commercial_partner_id
        if stored and not self.env.context.get("credit_figures_live"):
            figures = self.env["crm.credit.figure"]._read_figures(company, commercial.ids)
        else:
            figures = self._get_credit_figures(commercial.ids, company=company)
        missing = commercial.filtered(lambda p: p.id not in figures)
        # sudo: the limit is read to compute the figures the caller may read
        for partner in missing.sudo().with_company(company):
            figures[partner.id] = neutral_figures(partner.credit_limit)
        return figures

    @api.depends_context("company")
    def _compute_credit_figures(self):
        self._set_credit_figures()

    def _set_credit_figures(self):
        """Fill the cache of the figures of ``self`` from one query."""
        if all(isinstance(pid, int) for pid in self._ids):
            # that column alone, not every column of res.partner
            self.fetch(["commercial_partner_id"])
        commercial_ids = [partner.commercial_partner_id.id for partner in self]
        figures = self.browse(
            [pid for pid in dict.fromkeys(commercial_ids) if isinstance(pid, int)]
        )._get_credit_figures_of(stored=True)
        values = {name: [] for name in FIGURE_FIELDS}
        over_limit = []
        for commercial_id in commercial_ids:
            data = figures.get(commercial_id, NEUTRAL)
            for name, (column, convert) in FIGURE_FIELDS.items():
                values[name].append(convert(data[column]))
            over_limit.append(
                bool(data["credit_limit"]) and data["credit_exposure"] > data["credit_limit"]
            )
        # one cache update per field rather than one assignment per partner and field: the
        # figures of 10,000 customers are filled in a fraction of the time
        for name, field_values in values.items():
            self.env.cache.update(self, self._fields[name], field_values)
        self.env.cache.update(self, self._fields["credit_over_limit"], over_limit)

    def _read_format(self, fnames, load="_classic_read"):
        # Odoo computes non-stored fields PREFETCH_MAX records at a time: reading the figures
        # of 10,000 customers would run the figures query ten times. Compute them for every
        # record read in one query instead.
        if len(self) > PREFETCH_MAX and not CREDIT_FIGURE_FIELDS.isdisjoint(fnames):
            field = self._fields["credit_exposure"]
            missing = self.browse(self.env.cache.get_missing_ids(self, field)).exists()
            if missing:
                missing._set_credit_figures()
        return super()._read_format(fnames, load=load)

    # ------------------------------------------------------------------ searches
    def _search_from_figures(self, predicate, columns=("credit_grade",), stored=None):
        """Domain of the partners whose commercial partner's figures satisfy predicate,
        from one SQL query over the whole customer base (no per-partner compute). The
        customers without any activity are matched on the figures their limit gives.

        :param stored: the same condition in SQL on a row ``f`` of crm.credit.figure, for
            the figures stored there (see res_partner_credit_figure.py), or None"""
        if not (self.env.su or self.env.user.has_groups(CREDIT_READERS)):
            raise AccessError(_("Only salespeople and accounting users search credit figures."))
        company = self.env.company
        figures = self._get_credit_figures(
            columns=tuple(dict.fromkeys(("credit_limit", "credit_exposure", *columns)))
        )
        matching = [pid for pid, data in figures.items() if predicate(data)]
        domain = [("commercial_partner_id", "in", matching)]
        # the other customers: their figures depend on their limit only (a few values)
        limit_sql = SQL(
            "COALESCE((credit_limit ->> %s)::numeric, %s::numeric, 0)",
            str(company.id),
            self._get_credit_default_limit(company),
        )
        limits = [
            float(limit)
            for (limit,) in self.env.execute_query(
                SQL(
                    "SELECT DISTINCT %s FROM res_partner WHERE id = commercial_partner_id",
                    limit_sql,
                )
            )
        ]
        accepted = [limit for limit in limits if predicate(neutral_figures(limit))]
        if accepted and len(accepted) == len(limits):
            domain = ["|", *domain, ("commercial_partner_id", "not in", list(figures))]
        elif accepted:
            ids = [
                pid
                for (pid,) in self.env.execute_query(
                    SQL(
                        """SELECT id FROM res_partner
                            WHERE id = commercial_partner_id AND %s = ANY(%s)
                              AND NOT (id = ANY(%s))""",
                        limit_sql,
                        accepted,
                        list(figures),
                    )
                )
            ]
            domain = ["|", *domain, ("commercial_partner_id", "in", ids)]
        return domain

    def _search_credit_grade(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("The credit grade can only be searched for equality."))
        values = value if isinstance(value, list | tuple) else [value]
        grades = set()
        for grade in values:
            if grade is False or grade is None:
                continue  # every customer has a grade
            if not isinstance(grade, str) or grade not in GRADE_VALUES:
                raise UserError(
                    _(
                        "%(value)r is not a credit grade: use A, B, C, D or E.",
                        value=grade,
                    )
                )
            grades.add(grade)
        positive = operator in ("=", "in")
        return self._search_from_figures(
            lambda data: (data["credit_grade"] in grades) == positive,
            stored=SQL("(f.credit_grade IN %s) = %s", tuple(grades) or ("",), positive),
        )

    def _search_credit_over_limit(self, operator, value):
        if operator not in ("=", "!=") or value not in (True, False, 0, 1):
            raise UserError(_("'Over the credit limit' can only be searched as true or false."))
        wanted = (operator == "=") == bool(value)
        return self._search_from_figures(
            lambda data: (
                (bool(data["credit_limit"]) and data["credit_exposure"] > data["credit_limit"])
                == wanted
            ),
            stored=SQL("f.credit_over_limit = %s", wanted),
        )

    def _search_credit_number(self, name, operator, value):
        """Search a numeric figure: comparisons with a number, in / not in a list."""
        label = self._fields[name]._description_string(self.env)

        def number(item):
            if item is False or item is None:
                return 0.0
            return check_number(self.env, item, label)

        if operator in NUMBER_OPERATORS:
            compare, target = NUMBER_OPERATORS[operator], number(value)
            column = FIGURE_FIELDS[name][0]
            stored = SQL("%s %s %s", SQL.identifier("f", column), SQL(operator), target)
            return self._search_from_figures(
                lambda data: compare(float(data[column]), target),
                columns=(column,),
                stored=stored if column in STORED_FIGURES else None,
            )
        if operator in ("in", "not in"):
            if not isinstance(value, list | tuple):
                raise UserError(
                    _(
                        "%(label)s: 'in' takes a list of numbers, not %(value)r.",
                        label=label,
                        value=value,
                    )
                )
            targets = {number(item) for item in value}
            column, positive = FIGURE_FIELDS[name][0], operator == "in"
            stored = SQL(
                "(%s = ANY(%s)) = %s", SQL.identifier("f", column), list(targets), positive
            )
            return self._search_from_figures(
                lambda data: (float(data[column]) in targets) == positive,
                columns=(column,),
                stored=stored if column in STORED_FIGURES else None,
            )
        raise UserError(
            _(
                "%(label)s can only be compared with a number (=, !=, <, <=, >, >=, in, not in).",
                label=label,
            )
        )

    _search_credit_exposure = _figure_search("credit_exposure")
    _search_credit_available = _figure_search("credit_available")
    _search_credit_utilization = _figure_search("credit_utilization")
    _search_aging_current = _figure_search("aging_current")
    _search_aging_1_30 = _figure_search("aging_1_30")
    _search_aging_31_60 = _figure_search("aging_31_60")
    _search_aging_61_90 = _figure_search("aging_61_90")
    _search_aging_over_90 = _figure_search("aging_over_90")
    _search_overdue_amount = _figure_search("overdue_amount")
    _search_max_overdue_days = _figure_search("max_overdue_days")
    _search_avg_days_to_pay = _figure_search("avg_days_to_pay")
    _search_credit_score = _figure_search("credit_score")
    _search_bad_debt_provision = _figure_search("bad_debt_provision")

    # ------------------------------------------------------------------ constraints
    @api.constrains("credit_limit")
    def _check_credit_limit_value(self):
        for partner in self.sudo():
            if partner.credit_limit < 0:
                raise ValidationError(
                    _(
                        "The credit limit of %(name)s cannot be negative (0 means no limit).",
                        name=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    def _prepare_credit_vals(self, vals):
        """Validate the credit values of a create or write; derive the hold's origin."""
        if vals.get("credit_limit") not in (None, False):
            check_number(self.env, vals["credit_limit"], _("The credit limit"), minimum=0)
        if "credit_hold" in vals and "credit_hold_origin" not in vals:
            vals = dict(vals, credit_hold_origin="manual" if vals["credit_hold"] else False)
        return vals

    def _credit_control_snapshot(self):
        """{partner id: (hold, reason, origin, limit in the current company)}."""
        return {
            partner.id: (
                partner.credit_hold,
                partner.credit_hold_reason or False,
                partner.credit_hold_origin or False,
                partner.credit_limit,
            )
            for partner in self.sudo()
        }

    def _check_credit_control(self, before, origin_given):
        """One guard for create and write, on the saved values: only credit managers change
        a limit or a hold; the origin of a hold is the server's (manual when a credit
        manager sets the hold, auto when the daily check does).

        :param before: the snapshot before a write, None for new partners (whose values
            must be those of a partner without limit of its own and without hold)
        :param origin_given: the caller wrote ``credit_hold_origin`` itself
        """
        manager = self.env.su or self._is_credit_manager()
        server = is_server_write(self.env)
        after = self._credit_control_snapshot()
        default = self._get_credit_default_limit(self.env.company) if before is None else 0.0
        for partner in self:
            new = after[partner.id]
            derived = "manual" if new[0] else False
            if before is None:
                old = (False, False, False, default)
                origin_ok = server or new[2] == derived
            else:
                old = before[partner.id]
                origin_ok = (
                    server
                    or not origin_given
                    or old[2] == new[2]
                    or (manager and old[0] != new[0] and new[2] == derived)
                )
            changed = old[:2] != new[:2] or float_compare(old[3], new[3], precision_digits=6)
            if changed and not manager:
                raise AccessError(_("Only credit managers change credit limits and credit holds."))
            if not origin_ok:
                raise AccessError(
                    _(
                        "The origin of a credit hold is set by the server: manual when a credit "
                        "manager sets the hold, automatic when the daily check does."
                    )
                )

    def _get_credit_blocked_commercial_ids(self):
        """The commercial partners of ``self`` that are on hold or owe money (a positive
        exposure in any company): those that stay where they are."""
        commercial = self.sudo().commercial_partner_id
        if not commercial:
            return set()
        self._flush_credit_figures()
        owing = {
            pid
            for (pid,) in self.env.execute_query(
                SQL(
                    "SELECT DISTINCT partner_id FROM (%s) f WHERE f.credit_exposure > 0",
                    credit_figures_sql(fields.Date.context_today(self), None, commercial.ids),
                )
            )
        }
        return owing | set(commercial.filtered("credit_hold").ids)

    def _check_credit_commercial_move(self, before, blocked):
        """A customer on hold or owing money (or one of its contacts) does not leave its
        commercial entity, except by a credit manager: its orders and invoices would follow
        it out of the hold and of the exposure.

        :param before: {partner id: commercial partner id} before the change
        :param blocked: the ids of _get_credit_blocked_commercial_ids before the change
        """
        for partner in self.sudo():
            old = before[partner.id]
            if partner.commercial_partner_id.id != old and old in blocked:
                raise AccessError(
                    _(
                        "%(name)s is on credit hold or owes money: only a credit manager may move "
                        "it or its contacts to another company.",
                        name=self.sudo().browse(old).display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_credit_vals(vals) for vals in vals_list]
        partners = super().create(vals_list)
        # always, on the saved values: defaults from the context are not in vals_list
        partners._check_credit_control(None, True)
        return partners

    def write(self, vals):
        origin_given = "credit_hold_origin" in vals
        vals = self._prepare_credit_vals(vals)
        before = self._credit_control_snapshot() if CREDIT_CONTROL_KEYS & set(vals) else None
        moving = {"is_company", "parent_id", "commercial_partner_id"} & set(vals) and not (
            self.env.su or self._is_credit_manager()
        )
        if moving:
            commercial_before = {p.id: p.commercial_partner_id.id for p in self.sudo()}
            blocked = self._get_credit_blocked_commercial_ids()
        res = super().write(vals)
        if before is not None:
            self._check_credit_control(before, origin_given)
        if moving and blocked:
            self._check_credit_commercial_move(commercial_before, blocked)
        return res

    @api.model
    def _is_credit_manager(self):
        user = self.env.user
        return user.has_group("crm_manufacturing_credit.group_credit_manager") or user.has_group(
            "account.group_account_manager"
        )

    @api.model
    def _cron_credit_hold(self, batch_size=CRON_BATCH_SIZE):
        """Daily: hold customers overdue beyond their company's limit; lift the holds this
        check set once nothing is overdue beyond it. Manual holds are never touched.

        At most ``batch_size`` holds set or lifted per call, reported to ir.cron, which
        commits and calls again while some are left; each call recomputes the figures and
        picks only the customers whose hold is still to change."""
        reasons = {}
        for company in self.env["res.company"].search([]):
            days = company.credit_overdue_hold_days
            figures = self._get_credit_figures(company=company, columns=("max_overdue_days",))
            for pid, data in figures.items():
                if data["max_overdue_days"] > days and pid not in reasons:
                    reasons[pid] = _(
                        "%(company)s: invoice overdue by %(days)s days (hold after %(limit)s days)",
                        company=company.name,
                        days=int(data["max_overdue_days"]),
                        limit=days,
                    )
        # sudo: the daily check acts for the credit managers
        partners = server_write(self.sudo())
        to_hold = partners.with_context(active_test=False).search(
            [("id", "in", list(reasons)), ("credit_hold", "=", False)], order="id"
        )
        to_lift = partners.search(
            [
                ("credit_hold", "=", True),
                ("credit_hold_origin", "=", "auto"),
                ("id", "not in", list(reasons)),
            ],
            order="id",
        )
        held = to_hold[:batch_size]
        for partner in held:
            partner.write(
                {
                    "credit_hold": True,
                    "credit_hold_origin": "auto",
                    "credit_hold_reason": reasons[partner.id],
                }
            )
        lifted = to_lift[: batch_size - len(held)]
        lifted.write(
            {"credit_hold": False, "credit_hold_origin": False, "credit_hold_reason": False}
        )
        done = len(held) + len(lifted)
        self.env["ir.cron"]._notify_progress(
            done=done, remaining=len(to_hold) + len(to_lift) - done
        )
