from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.models import PREFETCH_MAX
from odoo.tools import SQL

from .credit_figures import FIGURES, credit_figures_sql

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D"), ("E", "E")]
# figures of a customer without any receivable, order or invoice
NEUTRAL = dict.fromkeys(FIGURES, 0.0) | {"credit_score": 100, "credit_grade": "A"}
# holds set or lifted per call of the daily cron (committed by ir.cron after each call)
CRON_BATCH_SIZE = 500


# the fields filled by _compute_credit_figures: {field: (column of the figures query, type)}
FIGURE_FIELDS = {
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
    "credit_score": ("credit_score", int),
    "credit_grade": ("credit_grade", str),
    "bad_debt_provision": ("bad_debt_provision", float),
    "credit_score_utilization": ("score_utilization", float),
    "credit_score_overdue_share": ("score_overdue_share", float),
    "credit_score_overdue_days": ("score_overdue_days", float),
}
CREDIT_FIGURE_FIELDS = frozenset(FIGURE_FIELDS) | {"credit_over_limit"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_exposure = fields.Monetary(
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
        help="Open receivables + amount to invoice of confirmed orders + draft customer invoices.",
    )
    credit_available = fields.Monetary(
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
        help="Credit limit minus exposure (0 without a limit).",
    )
    credit_utilization = fields.Float(
        string="Credit Utilization (%)", compute="_compute_credit_figures"
    )
    credit_over_limit = fields.Boolean(
        string="Over the Credit Limit",
        compute="_compute_credit_figures",
        search="_search_credit_over_limit",
    )
    aging_current = fields.Monetary(
        string="Not Due", compute="_compute_credit_figures", currency_field="credit_currency_id"
    )
    aging_1_30 = fields.Monetary(
        string="1-30 Days", compute="_compute_credit_figures", currency_field="credit_currency_id"
    )
    aging_31_60 = fields.Monetary(
        string="31-60 Days", compute="_compute_credit_figures", currency_field="credit_currency_id"
    )
    aging_61_90 = fields.Monetary(
        string="61-90 Days", compute="_compute_credit_figures", currency_field="credit_currency_id"
    )
    aging_over_90 = fields.Monetary(
        string="Over 90 Days",
        compute="_compute_credit_figures",
        currency_field="credit_currency_id",
    )
    overdue_amount = fields.Monetary(
        compute="_compute_credit_figures", currency_field="credit_currency_id"
    )
    max_overdue_days = fields.Integer(
        string="Longest Overdue (days)", compute="_compute_credit_figures"
    )
    avg_days_to_pay = fields.Float(
        string="Average Days to Pay",
        compute="_compute_credit_figures",
        help="Invoices fully paid in the last 365 days: mean days from invoice date to the last reconciliation.",
    )
    credit_score = fields.Integer(
        compute="_compute_credit_figures",
        help="round(100 - 35 × utilization - 35 × overdue share - 30 × overdue days / 180), each part capped at 1.",
    )
    credit_grade = fields.Selection(
        GRADES, compute="_compute_credit_figures", search="_search_credit_grade"
    )
    credit_score_utilization = fields.Float(
        string="Utilization Part", compute="_compute_credit_figures", digits=(4, 3)
    )
    credit_score_overdue_share = fields.Float(
        string="Overdue Share Part", compute="_compute_credit_figures", digits=(4, 3)
    )
    credit_score_overdue_days = fields.Float(
        string="Overdue Days Part", compute="_compute_credit_figures", digits=(4, 3)
    )
    bad_debt_provision = fields.Monetary(
        compute="_compute_credit_figures", currency_field="credit_currency_id"
    )
    credit_currency_id = fields.Many2one("res.currency", compute="_compute_credit_currency")
    credit_hold = fields.Boolean(tracking=True, copy=False)
    credit_hold_reason = fields.Char(tracking=True, copy=False)
    credit_hold_origin = fields.Selection(
        [("manual", "Set by hand"), ("auto", "Set by the daily check")], copy=False, tracking=True
    )

    @api.depends_context("company")
    def _compute_credit_currency(self):
        self.credit_currency_id = self.env.company.currency_id

    @api.model
    def _get_credit_figures(
        self, commercial_partner_ids=None, company=None, today=None, columns=None
    ):
        """{commercial partner id: {figure: value}} for one company, in one query.

        :param columns: only these figures (and partner_id): less to transfer and convert
        """
        company = company or self.env.company
        today = today or fields.Date.context_today(self)
        for model in (
            "account.move.line",
            "account.move",
            "sale.order",
            "sale.order.line",
            "res.partner",
        ):
            self.env[model].flush_model()
        query = credit_figures_sql(today, [company.id], commercial_partner_ids)
        if columns:
            query = SQL(
                "SELECT %s FROM (%s) f",
                SQL(", ").join(SQL.identifier("f", name) for name in ("partner_id", *columns)),
                query,
            )
        self.env.cr.execute(query)
        names = [desc[0] for desc in self.env.cr.description]
        return {
            row["partner_id"]: row
            for row in (dict(zip(names, values, strict=True)) for values in self.env.cr.fetchall())
        }

    @api.depends_context("company")
    def _compute_credit_figures(self):
        self._set_credit_figures()

    def _set_credit_figures(self):
        """Fill the cache of the figures of ``self`` from one query."""
        if all(isinstance(pid, int) for pid in self._ids):
            # that column alone, not every column of res.partner
            self.fetch(["commercial_partner_id"])
        commercial_ids = [partner.commercial_partner_id.id for partner in self]
        figures = self._get_credit_figures(list({pid for pid in commercial_ids if pid}))
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

    def _search_from_figures(self, predicate):
        """Domain of the partners whose commercial partner's figures satisfy predicate,
        from one SQL query over the whole customer base (no per-partner compute)."""
        figures = self._get_credit_figures(
            columns=("credit_grade", "credit_limit", "credit_exposure")
        )
        matching = [pid for pid, data in figures.items() if predicate(data)]
        domain = [("commercial_partner_id", "in", matching)]
        if predicate(NEUTRAL):
            domain = ["|", *domain, ("commercial_partner_id", "not in", list(figures))]
        return domain

    def _search_credit_grade(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("The credit grade can only be searched for equality."))
        grades = {value} if isinstance(value, str) else set(value or [])
        positive = operator in ("=", "in")
        return self._search_from_figures(lambda data: (data["credit_grade"] in grades) == positive)

    def _search_credit_over_limit(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("'Over the credit limit' can only be searched as true or false."))
        wanted = (operator == "=") == bool(value)
        return self._search_from_figures(
            lambda data: (
                (bool(data["credit_limit"]) and data["credit_exposure"] > data["credit_limit"])
                == wanted
            )
        )

    def write(self, vals):
        credit_fields = {
            "credit_hold",
            "credit_hold_reason",
            "credit_limit",
            "use_partner_credit_limit",
        }
        if credit_fields & set(vals) and not self.env.su and not self._is_credit_manager():
            raise AccessError(_("Only credit managers change credit limits and credit holds."))
        if "credit_hold" in vals and "credit_hold_origin" not in vals:
            vals = dict(vals, credit_hold_origin="manual" if vals["credit_hold"] else False)
        return super().write(vals)

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
        to_hold = (
            self.sudo()
            .with_context(active_test=False)
            .search([("id", "in", list(reasons)), ("credit_hold", "=", False)], order="id")
        )
        to_lift = self.sudo().search(
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

    @api.model
    def _demo_credit_data(self):
        """Demo: limits and invoices of various ages so that the demo customers span the
        grades (A to E) and one is on hold. Skipped when the company has no sales journal."""
        company = self.env.company
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            return
        today = fields.Date.context_today(self)
        profiles = [
            # customer xml id, credit limit, [(amount, days overdue)], manual hold
            # aimed at the grades A, B, C, D and E (before any confirmed order of other demos)
            (
                "crm_manufacturing_credit.demo_customer_grade_a",
                2000000,
                [(180000, -20), (95000, -5)],
                False,
            ),
            (
                "crm_manufacturing.demo_customer_electronics",
                1500000,
                [(300000, -10), (100000, 10)],
                False,
            ),
            (
                "crm_manufacturing_credit.demo_customer_grade_c",
                800000,
                [(300000, -3), (100000, 20), (40000, 40)],
                False,
            ),
            (
                "crm_manufacturing_credit.demo_customer_grade_d",
                1000000,
                [(200000, -15), (300000, 70)],
                False,
            ),
            (
                "crm_manufacturing_credit.demo_customer_grade_e",
                500000,
                [(300000, 150), (260000, 95)],
                True,
            ),
        ]
        for xmlid, limit, invoices, hold in profiles:
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if not partner:
                continue
            partner.credit_limit = limit
            moves = self.env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "journal_id": journal.id,
                        "invoice_date": today - timedelta(days=max(days, 0) + 30),
                        "invoice_date_due": today - timedelta(days=days),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "Production line equipment",
                                    "quantity": 1,
                                    "price_unit": amount,
                                    "tax_ids": [],
                                }
                            )
                        ],
                    }
                    for amount, days in invoices
                ]
            )
            moves.action_post()
            if hold:
                partner.write(
                    {
                        "credit_hold": True,
                        "credit_hold_reason": "Repeated broken payment promises",
                    }
                )
