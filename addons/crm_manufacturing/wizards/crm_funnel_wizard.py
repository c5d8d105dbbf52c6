from odoo import _, api, fields, models

from ..tools import check_one, check_period

PERCENT_KEYS = ("success_rate", "conversion_rate")


class CrmFunnelWizard(models.TransientModel):
    _name = "crm.funnel.wizard"
    _inherit = ["crm.manufacturing.xlsx.export.mixin"]
    _description = "Project Funnel"
    # the domain of export_xlsx() selects opportunities (or leads)
    _xlsx_domain_model = "crm.lead"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1, month=1),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    lead_type = fields.Selection(
        [("opportunity", "Opportunities"), ("lead", "Leads")],
        string="Count",
        required=True,
        default="opportunity",
        help="Opportunities: the qualified deals of the pipeline; leads not yet converted to "
        "opportunities are left out. Leads: only those.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team")
    user_id = fields.Many2one("res.users", string="Salesperson")
    line_ids = fields.One2many(
        "crm.funnel.wizard.line", "wizard_id", string="Funnel", readonly=True
    )

    @api.depends("date_from", "date_to", "lead_type")
    def _compute_display_name(self):
        for wizard in self:
            if wizard.lead_type == "lead":
                wizard.display_name = _(
                    "Lead Funnel %(date_from)s - %(date_to)s",
                    date_from=wizard.date_from,
                    date_to=wizard.date_to,
                )
            else:
                wizard.display_name = _(
                    "Project Funnel %(date_from)s - %(date_to)s",
                    date_from=wizard.date_from,
                    date_to=wizard.date_to,
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            check_period(self.env, wizard.date_from, wizard.date_to)

    def _get_lead_domain(self):
        self.ensure_one()
        domain = [("type", "=", self.lead_type or "opportunity")]
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        if self.user_id:
            domain.append(("user_id", "=", self.user_id.id))
        return domain

    def _get_funnel(self, domain=None):
        self.ensure_one()
        return self.env["crm.lead.stage.history"].get_funnel(
            self.date_from, self.date_to, self._get_lead_domain() + list(domain or [])
        )

    def action_compute(self):
        check_one(self)
        self.line_ids.unlink()
        self.line_ids = [
            # the lines show rates with the percentage widget: fractions (0.5 for 50 %)
            fields.Command.create(
                {key: value / 100.0 if key in PERCENT_KEYS else value for key, value in row.items()}
            )
            for row in self._get_funnel()
        ]
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "name": self.display_name,
        }

    # --------------------------------------------------------------- Excel
    def _xlsx_title(self):
        return self.display_name

    def _xlsx_filename(self):
        return f"funnel_{self.date_from}_{self.date_to}"

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

    def _xlsx_rows(self, domain):
        return self._get_funnel(domain)


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
    success_rate = fields.Float(digits=(5, 3))
    conversion_rate = fields.Float(digits=(5, 3))
