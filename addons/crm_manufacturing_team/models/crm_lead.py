from odoo import api, fields, models

from .res_users import previous_salesperson_field


class CrmLead(models.Model):
    _inherit = "crm.lead"

    team_member_ids = fields.One2many(
        "crm.lead.team.member", "lead_id", string="Project Team", copy=False
    )
    team_share_total = fields.Float(string="Shares Given (%)", compute="_compute_team_share_total")
    previous_user_id = previous_salesperson_field()

    @api.depends("team_member_ids.share_percent")
    def _compute_team_share_total(self):
        for lead in self:
            lead.team_share_total = sum(lead.team_member_ids.mapped("share_percent"))

    @api.model_create_multi
    def create(self, vals_list):
        """The salesperson is a team member with role ``sales`` and the whole share, unless
        the team is given."""
        for vals in vals_list:
            if vals.get("user_id") and not vals.get("team_member_ids"):
                vals["team_member_ids"] = [
                    fields.Command.create(
                        {"user_id": vals["user_id"], "role": "sales", "share_percent": 100.0}
                    )
                ]
        return super().create(vals_list)
