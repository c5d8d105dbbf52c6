from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from ..tools import check_period


class CrmForecastExportWizard(models.TransientModel):
    _name = "crm.forecast.export.wizard"
    _inherit = ["crm.manufacturing.xlsx.export.mixin"]
    _description = "Sales Forecast Export"
    # the domain of export_xlsx() selects opportunities (or leads)
    _xlsx_domain_model = "crm.lead"

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

    def _get_forecast_rows(self, domain=None):
        """Expected and weighted revenue per month of expected closing × salesperson, over
        the open opportunities the user may read (one grouped query)."""
        self.ensure_one()
        check_period(self.env, self.date_from, self.date_to)
        domain = [
            ("type", "=", "opportunity"),
            ("date_deadline", ">=", self.date_from),
            ("date_deadline", "<=", self.date_to),
            *(domain or []),
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

    # --------------------------------------------------------------- Excel
    def _xlsx_title(self):
        return _(
            "Sales Forecast %(date_from)s - %(date_to)s",
            date_from=self.date_from,
            date_to=self.date_to,
        )

    def _xlsx_filename(self):
        return f"forecast_{self.date_from}_{self.date_to}"

    def _xlsx_columns(self):
        return [
            {"label": _("Month"), "type": "char", "width": 10},
            {"label": _("Salesperson"), "type": "char", "width": 24},
            {"label": _("Opportunities"), "type": "integer", "total": True},
            {"label": _("Expected Revenue"), "type": "monetary", "width": 18, "total": True},
            {"label": _("Weighted Revenue"), "type": "monetary", "width": 18, "total": True},
        ]

    def _xlsx_rows(self, domain):
        return self._get_forecast_rows(domain)
