from odoo import fields, models

SERVICE_READERS = "crm_manufacturing_service.group_service_user,sales_team.group_sale_salesman"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # service figures: for the service team and salespeople, not for inventory users
    service_equipment_count = fields.Integer(
        string="Equipment", compute="_compute_service_counts", groups=SERVICE_READERS
    )
    service_request_count = fields.Integer(
        string="Service Requests", compute="_compute_service_counts", groups=SERVICE_READERS
    )

    def _compute_service_counts(self):
        equipment = dict(
            self.env["service.equipment"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        request_counts = dict(
            self.env["service.request"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.service_equipment_count = equipment.get(commercial, 0)
            partner.service_request_count = request_counts.get(commercial, 0)

    def _service_action(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        commercial = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", commercial.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_service_equipment(self):
        return self._service_action("crm_manufacturing_service.service_equipment_action")

    def action_view_service_requests(self):
        return self._service_action("crm_manufacturing_service.service_request_action")
