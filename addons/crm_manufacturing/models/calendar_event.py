from odoo import api, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._refresh_decision_contacts()
        return events

    def write(self, vals):
        res = super().write(vals)
        if {"start", "partner_ids", "opportunity_id"} & set(vals):
            self._refresh_decision_contacts()
        return res

    def _refresh_decision_contacts(self):
        """A meeting of an opportunity is a contact with the committee members attending it."""
        leads = self.opportunity_id.filtered("decision_member_ids")
        if leads:
            self.env["crm.decision.member"]._refresh_last_contact_dates(leads)
