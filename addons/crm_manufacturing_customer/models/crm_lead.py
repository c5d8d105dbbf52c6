from odoo import api, models

# lead fields that can change the lifecycle stage of the customer
STAGE_FIELDS = frozenset({"partner_id", "type", "active", "probability", "stage_id"})


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads.partner_id._refresh_customer_stage()
        return leads

    def write(self, vals):
        if not STAGE_FIELDS.intersection(vals):
            return super().write(vals)
        partners = self.partner_id
        result = super().write(vals)
        (partners | self.partner_id)._refresh_customer_stage()
        return result
