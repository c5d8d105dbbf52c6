from odoo import api, fields, models

from ..models.crm_lead import LOSS_FACTORS


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    lead_competitor_ids = fields.Many2many(
        "crm.competitor",
        compute="_compute_lead_competitor_ids",
        string="Competitors on the Deal",
    )
    lost_to_competitor_id = fields.Many2one(
        "crm.competitor",
        string="Lost To",
        help="The competitor who took the deal: one of the deal's competitors, or another "
        "one, which is then added to the deal.",
    )
    loss_factor = fields.Selection(LOSS_FACTORS, string="Main Loss Factor")

    @api.depends("lead_ids")
    def _compute_lead_competitor_ids(self):
        for wizard in self:
            wizard.lead_competitor_ids = wizard.lead_ids.competitor_ids.competitor_id

    def action_lost_reason_apply(self):
        self.ensure_one()
        # before Odoo archives them: archived deals drop out of self.lead_ids
        leads = self.lead_ids
        result = super().action_lost_reason_apply()
        vals = {}
        if self.lost_to_competitor_id:
            vals["lost_to_competitor_id"] = self.lost_to_competitor_id.id
        if self.loss_factor:
            vals["loss_factor"] = self.loss_factor
        if vals:
            leads.write(vals)
        return result
