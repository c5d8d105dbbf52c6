from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import check_field_values


class CrmLeadStagePlan(models.Model):
    _name = "crm.lead.stage.plan"
    _inherit = ["crm.manufacturing.search.guard"]
    _description = "Opportunity Stage Plan"
    _order = "lead_id, planned_date, id"
    _rec_name = "stage_id"

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True
    )
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade")
    planned_date = fields.Date(required=True)
    actual_date = fields.Date(
        help="Filled automatically the first time the opportunity enters the stage.",
    )
    user_id = fields.Many2one("res.users", string="Responsible")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    delay_days = fields.Integer(
        string="Delay (days)",
        compute="_compute_delay",
        help="Actual date (or today when the stage is not reached) minus planned date, when positive.",
    )
    is_late = fields.Boolean(string="Late", compute="_compute_delay", search="_search_is_late")

    _sql_constraints = [
        (
            "lead_stage_unique",
            "unique(lead_id, stage_id)",
            "A stage appears once in the plan of an opportunity.",
        ),
    ]

    @api.constrains("planned_date", "actual_date")
    def _check_dates(self):
        check_field_values(self, {"planned_date": (None, None), "actual_date": (None, None)})

    def write(self, vals):
        res = super().write(vals)
        if "lead_id" in vals:
            # record rules are checked on the result too (another rep's opportunity)
            self.check_access("write")
        return res

    @api.depends("planned_date", "actual_date")
    def _compute_delay(self):
        today = fields.Date.context_today(self)
        for line in self:
            reference = line.actual_date or today
            delay = (reference - line.planned_date).days if line.planned_date else 0
            line.delay_days = max(delay, 0)
            line.is_late = delay > 0

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool | int):
            raise UserError(_("Late stages can only be searched with = or != and true or false."))
        today = fields.Date.context_today(self)
        if (operator == "=") == bool(value):
            return self._late_domain(today)
        return ["!", *self._late_domain(today)]

    @api.model
    def _late_domain(self, today):
        self.flush_model(["planned_date", "actual_date"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM crm_lead_stage_plan
                 WHERE COALESCE(actual_date, %s) > planned_date
                """,
                today,
            )
        )
        return [("id", "in", [row[0] for row in rows])]
