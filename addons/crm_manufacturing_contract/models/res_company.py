from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    execution_template_id = fields.Many2one(
        "sale.execution.template",
        string="Default Execution Plan",
        help="Execution plan template proposed on new quotations.",
    )
