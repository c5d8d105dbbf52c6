from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    replacement_equipment_ids = fields.Many2many(
        "service.equipment",
        "crm_lead_replacement_equipment_rel",
        "lead_id",
        "equipment_id",
        string="Machines to Replace",
        copy=False,
        help="Machines past their service life this opportunity was opened for; a machine is "
        "never put in two replacement opportunities.",
    )
