import datetime
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..report.crm_sales_kpi_report import KPI_METRICS

# lower is better: the achievement is target / actual
INVERSE_METRICS = ("lost_count", "avg_days_to_win")
# not additive: a split line keeps the yearly value
RATE_METRICS = ("win_rate", "avg_days_to_win")


class CrmSalesTarget(models.Model):
    """A sales target (销售目标) of a salesperson or a team for a period, optionally in one
    region, on one KPI figure; its actual value comes from the KPI report."""

    _name = "crm.sales.target"
    _description = "Sales Target"
    _order = "date_from desc, user_id, team_id, metric, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, check_company=True)
    state_id = fields.Many2one(
        "res.country.state",
        string="Region",
        help="Only the customers of this state/province count (empty: every region).",
    )
    metric = fields.Selection(KPI_METRICS, required=True, default="won_amount")
    target_value = fields.Float(string="Target", required=True, digits=(16, 2))
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    parent_id = fields.Many2one(
        "crm.sales.target",
        string="Split From",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    child_ids = fields.One2many("crm.sales.target", "parent_id", string="Split Into")
    actual_value = fields.Float(
        string="Actual",
        compute="_compute_actual_value",
        digits=(16, 2),
        help="The figure of the KPI report for the period, salesperson or team and region.",
    )
    achievement_percent = fields.Float(
        string="Achievement (%)",
        compute="_compute_actual_value",
        digits=(16, 1),
        help="Actual / target x 100 (target / actual x 100 for the figures where less is "
        "better: lost deals, days to win).",
    )

    @api.model
    def _kpi_metric_selection(self):
        return self._fields["metric"]._description_selection(self.env)

    @api.depends("date_from", "date_to", "user_id", "team_id", "state_id", "metric", "company_id")
    @api.depends_context("uid")
    def _compute_actual_value(self):
        """One grouped read of the KPI report per distinct period of the targets."""
        # sudo: the figure of a target the user may read (e.g. their team's) sums report rows
        # of other salespeople, which the report's record rules would hide; only this sum is
        # given, restricted to the target's company below.
        report = self.env["crm.sales.kpi.report"].sudo()
        sums = [name for name, _label in self._kpi_metric_selection() if name not in RATE_METRICS]
        sums += ["won_days"]
        periods = defaultdict(lambda: self.browse())
        for target in self:
            target.actual_value = 0.0
            target.achievement_percent = 0.0
            if (
                target.date_from
                and target.date_to
                and target.metric
                and target.date_from <= target.date_to
            ):
                periods[(target.date_from, target.date_to)] |= target
        for (date_from, date_to), targets in periods.items():
            groups = report.with_context(kpi_date_from=date_from, kpi_date_to=date_to)._read_group(
                [("company_id", "in", targets.company_id.ids)],
                ["company_id", "user_id", "team_id", "state_id"],
                [f"{name}:sum" for name in sums],
            )
            for target in targets:
                totals = dict.fromkeys(sums, 0.0)
                for company, user, team, state, *values in groups:
                    if company != target.company_id or (
                        target.state_id and state != target.state_id
                    ):
                        continue
                    if target.user_id and user != target.user_id:
                        continue
                    if not target.user_id and (not target.team_id or team != target.team_id):
                        continue
                    for name, value in zip(sums, values, strict=False):
                        totals[name] += value or 0.0
                target.actual_value = target._kpi_actual(totals)
                target.achievement_percent = target._kpi_achievement()

    def _kpi_actual(self, totals):
        """The value of the target's metric from the sums of the report's figures."""
        self.ensure_one()
        if self.metric == "win_rate":
            closed = totals["won_count"] + totals["lost_count"]
            return round(100.0 * totals["won_count"] / closed, 2) if closed else 0.0
        if self.metric == "avg_days_to_win":
            won = totals["won_count"]
            return round(totals["won_days"] / won, 1) if won else 0.0
        return totals.get(self.metric, 0.0)

    @api.model
    def _kpi_lower_is_better(self):
        """The metrics where less is better (their achievement is target / actual)."""
        return list(INVERSE_METRICS)

    def _kpi_achievement(self):
        self.ensure_one()
        if self.metric in self._kpi_lower_is_better():
            if not self.actual_value:
                return 0.0
            return round(100.0 * self.target_value / self.actual_value, 1)
        if not self.target_value:
            return 0.0
        return round(100.0 * self.actual_value / self.target_value, 1)

    @api.constrains("user_id", "team_id", "date_from")  # date_from: required, so on every create
    def _check_owner(self):
        for target in self:
            if bool(target.user_id) == bool(target.team_id):
                raise ValidationError(
                    _(
                        "The sales target %(name)s is set either for a salesperson or for a "
                        "sales team: choose one of them.",
                        name=target.name,
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for target in self:
            if target.date_from > target.date_to:
                raise ValidationError(
                    _(
                        "The sales target %(name)s ends on %(to)s, before it starts on %(from)s.",
                        name=target.name,
                        **{"to": target.date_to, "from": target.date_from},
                    )
                )

    @api.constrains("target_value", "metric")
    def _check_target_value(self):
        for target in self:
            if target.target_value <= 0:
                raise ValidationError(
                    _(
                        "The target value of %(name)s must be greater than zero.",
                        name=target.name,
                    )
                )
            if target.metric == "win_rate" and target.target_value > 100:
                raise ValidationError(
                    _(
                        "The win rate target of %(name)s is a percentage: at most 100.",
                        name=target.name,
                    )
                )

    @api.constrains("user_id", "company_id")
    def _check_user_company(self):
        for target in self:
            if target.user_id and target.company_id not in target.user_id.company_ids:
                raise ValidationError(
                    _(
                        "%(user)s does not work for %(company)s: the target %(name)s cannot be "
                        "set for them there.",
                        user=target.user_id.name,
                        company=target.company_id.name,
                        name=target.name,
                    )
                )

    def action_split_months(self):
        return self._split(1)

    def action_split_quarters(self):
        return self._split(3)

    def _split(self, months):
        """Split each target into calendar months or quarters; the parts share the value in
        proportion to their days (rates are kept as they are) and the split line is archived,
        so that nothing is counted twice."""
        created = self.browse()
        for target in self:
            if target.child_ids or not target.active:
                raise UserError(
                    _("The sales target %(name)s has already been split.", name=target.name)
                )
            starts = []
            start = target.date_from.replace(day=1)
            if months == 3:
                start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
            while start <= target.date_to:
                starts.append(start)
                start += relativedelta(months=months)
            if len(starts) < 2:
                raise UserError(
                    _(
                        "The sales target %(name)s covers a single period of that length: "
                        "there is nothing to split.",
                        name=target.name,
                    )
                )
            total_days = (target.date_to - target.date_from).days + 1
            vals_list = []
            remaining = target.target_value
            for index, start in enumerate(starts):
                first = max(start, target.date_from)
                last = min(
                    start + relativedelta(months=months) - datetime.timedelta(days=1),
                    target.date_to,
                )
                if target.metric in RATE_METRICS:
                    value = target.target_value
                elif index == len(starts) - 1:
                    value = round(remaining, 2)
                else:
                    value = round(target.target_value * ((last - first).days + 1) / total_days, 2)
                    remaining -= value
                label = (
                    first.strftime("%Y-%m")
                    if months == 1
                    else f"{first.year} Q{(first.month - 1) // 3 + 1}"
                )
                vals_list.append(
                    {
                        "name": f"{target.name} ({label})",
                        "date_from": first,
                        "date_to": last,
                        "user_id": target.user_id.id,
                        "team_id": target.team_id.id,
                        "state_id": target.state_id.id,
                        "metric": target.metric,
                        "target_value": value,
                        "company_id": target.company_id.id,
                        "parent_id": target.id,
                    }
                )
            created |= self.create(vals_list)
            target.active = False
        return {
            "type": "ir.actions.act_window",
            "name": _("Sales Targets"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("id", "in", created.ids)],
        }
