from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_manufacturing.tools import check_field_values

STEP_TYPES = [
    ("delivery", "Delivery"),
    ("installation", "Installation"),
    ("training", "Training"),
    ("acceptance", "Acceptance"),
    ("payment", "Installment"),
    ("retention", "Retention"),
    ("service", "Service"),
    ("other", "Other"),
]
MONEY_STEP_TYPES = ("payment", "retention")
MAX_OFFSET_DAYS = 3650  # ten years after the confirmation: beyond is a typing error


class SaleExecutionTemplate(models.Model):
    _name = "sale.execution.template"
    _description = "Contract Execution Plan Template"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    line_ids = fields.One2many(
        "sale.execution.template.line", "template_id", string="Steps", copy=True
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    active = fields.Boolean(default=True)

    @api.constrains("line_ids")
    def _check_percent(self):
        for template in self:
            money = template.line_ids.filtered(lambda line: line.step_type in MONEY_STEP_TYPES)
            total = sum(money.mapped("percent"))
            if money and abs(total - 100.0) > 0.01:
                raise ValidationError(
                    _(
                        "The installments of template %(name)s add up to %(total)s %%, not 100 %%.",
                        name=template.name,
                        total=round(total, 2),
                    )
                )


class SaleExecutionTemplateLine(models.Model):
    _name = "sale.execution.template.line"
    _inherit = ["crm.manufacturing.selection.guard"]
    _description = "Contract Execution Plan Template Step"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "sale.execution.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    step_type = fields.Selection(STEP_TYPES, required=True, default="other")
    offset_days = fields.Integer(string="Days after Confirmation")
    percent = fields.Float(
        string="Percent (%)", help="Share of the order total, for installments and retentions."
    )
    user_role = fields.Selection(
        [("salesperson", "Salesperson of the order"), ("user", "Fixed user")],
        string="Responsible",
        default="salesperson",
        required=True,
    )
    user_id = fields.Many2one("res.users", string="Responsible User")

    @api.constrains("percent", "step_type", "offset_days")
    def _check_line_percent(self):
        for line in self:
            if not 0 <= line.percent <= 100:  # NaN fails this too
                raise ValidationError(_("A step's percent is between 0 and 100."))
        check_field_values(self, {"offset_days": (0, MAX_OFFSET_DAYS)})
