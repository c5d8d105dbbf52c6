from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from ..tools import check_one, check_period


class CrmFunnelWizard(models.TransientModel):
    _name = "crm.funnel.wizard"
    _description = "Project Funnel"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1, month=1),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    team_id = fields.Many2one("crm.team", string="Sales Team")
    user_id = fields.Many2one("res.users", string="Salesperson")
    line_ids = fields.One2many(
        "crm.funnel.wizard.line", "wizard_id", string="Funnel", readonly=True
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            check_period(self.env, wizard.date_from, wizard.date_to)

    def _get_lead_domain(self):
        self.ensure_one()
        domain = []
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        if self.user_id:
            domain.append(("user_id", "=", self.user_id.id))
        return domain

    def _get_funnel(self):
        self.ensure_one()
        return self.env["crm.lead.stage.history"].get_funnel(
            self.date_from, self.date_to, self._get_lead_domain()
        )

    def action_compute(self):
        check_one(self)
        self.line_ids.unlink()
        self.line_ids = [fields.Command.create(dict(row)) for row in self._get_funnel()]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "name": _("Project Funnel"),
        }

    def _xlsx_columns(self):
        return [
            {"label": _("Stage"), "type": "char", "width": 24, "key": "stage_name"},
            {"label": _("Opening"), "type": "integer", "total": True, "key": "opening"},
            {"label": _("Inflow"), "type": "integer", "total": True, "key": "inflow"},
            {"label": _("Outflow"), "type": "integer", "total": True, "key": "outflow"},
            {"label": _("Won Count"), "type": "integer", "total": True, "key": "won"},
            {"label": _("Lost Count"), "type": "integer", "total": True, "key": "lost"},
            {"label": _("Remaining"), "type": "integer", "total": True, "key": "remaining"},
            {"label": _("Success Rate"), "type": "percent", "key": "success_rate"},
            {"label": _("Conversion Rate"), "type": "percent", "key": "conversion_rate"},
        ]

    def action_export_xlsx(self):
        check_one(self)
        title = _(
            "Project Funnel %(date_from)s - %(date_to)s",
            date_from=self.date_from,
            date_to=self.date_to,
        )
        return self.env["crm.manufacturing.xlsx"].action_download(
            title,
            self._xlsx_columns(),
            self._get_funnel(),
            filename=f"funnel_{self.date_from}_{self.date_to}",
        )


class CrmFunnelWizardLine(models.TransientModel):
    _name = "crm.funnel.wizard.line"
    _description = "Project Funnel Line"
    _order = "id"

    wizard_id = fields.Many2one("crm.funnel.wizard", required=True, ondelete="cascade")
    stage_id = fields.Many2one("crm.stage")
    stage_name = fields.Char()
    opening = fields.Integer()
    inflow = fields.Integer()
    outflow = fields.Integer()
    won = fields.Integer(string="Won Count")
    lost = fields.Integer(string="Lost Count")
    remaining = fields.Integer()
    success_rate = fields.Float(string="Success Rate (%)", digits=(5, 1))
    conversion_rate = fields.Float(string="Conversion Rate (%)", digits=(5, 1))


class CrmForecastExportWizard(models.TransientModel):
    _name = "crm.forecast.export.wizard"
    _description = "Sales Forecast Export"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) + relativedelta(months=6, days=-1)
        ),
    )
    team_id = fields.Many2one("crm.team", string="Sales Team")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            check_period(self.env, wizard.date_from, wizard.date_to)

    def _get_forecast_rows(self):
        """Expected and weighted revenue per month of expected closing × salesperson, over
        the open opportunities the user may read (one grouped query)."""
        self.ensure_one()
        check_period(self.env, self.date_from, self.date_to)
        domain = [
            ("type", "=", "opportunity"),
            ("date_deadline", ">=", self.date_from),
            ("date_deadline", "<=", self.date_to),
        ]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        groups = self.env["crm.lead"]._read_group(
            domain,
            ["date_deadline:month", "user_id"],
            ["expected_revenue:sum", "prorated_revenue:sum", "__count"],
            order="date_deadline:month, user_id",
        )
        return [
            (month.strftime("%Y-%m"), user.name or _("Unassigned"), count, expected, weighted)
            for month, user, expected, weighted, count in groups
        ]

    def action_export_xlsx(self):
        check_one(self)
        columns = [
            {"label": _("Month"), "type": "char", "width": 10},
            {"label": _("Salesperson"), "type": "char", "width": 24},
            {"label": _("Opportunities"), "type": "integer", "total": True},
            {"label": _("Expected Revenue"), "type": "monetary", "width": 18, "total": True},
            {"label": _("Weighted Revenue"), "type": "monetary", "width": 18, "total": True},
        ]
        title = _(
            "Sales Forecast %(date_from)s - %(date_to)s",
            date_from=self.date_from,
            date_to=self.date_to,
        )
        return self.env["crm.manufacturing.xlsx"].action_download(
            title,
            columns,
            self._get_forecast_rows(),
            filename=f"forecast_{self.date_from}_{self.date_to}",
        )
