from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    allow_handover = fields.Boolean(
        default=True,
        help="Open deals in this stage can be moved to another salesperson by a handover "
        "restricted to the stages that allow it.",
    )
