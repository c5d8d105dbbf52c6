from odoo import api, fields, models


class ServiceRequest(models.Model):
    _inherit = "service.request"

    @api.depends("equipment_id.warranty_start_date")
    def _compute_in_warranty(self):
        result = super()._compute_in_warranty()
        for request in self:
            # the customer has not accepted the machine yet: service is on us
            if request.equipment_id and request.equipment_id._warranty_not_started():
                request.in_warranty = True
        return result

    def action_done(self):
        result = super().action_done()
        self._complete_plan_steps()
        return result

    def _complete_plan_steps(self):
        """A finished installation (or inspection) request completes the pending installation
        (or acceptance) step of the equipment's order, on the request's done date."""
        step_types = {"installation": "installation", "inspection": "acceptance"}
        for request in self.filtered(lambda r: r.request_type in step_types):
            # the technician finishing the request needs no right on the order's plan: the
            # step is completed by this event, with the request's date and a link to it
            order = request.equipment_id.sudo().sale_order_id
            step = order.execution_step_ids.filtered(
                lambda s, r=request: (
                    s.step_type == step_types[r.request_type]
                    and s.state in ("planned", "in_progress")
                )
            )[:1]
            if not step:
                continue
            day = fields.Date.context_today(request, request.date_done)
            step.action_done()
            step.write({"actual_date": day, "service_request_id": request.id})
            step.message_post(
                body=self.env._(
                    "Completed by the service request %(request)s.", request=request.name
                )
            )
