from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _get_credit_blocked_pickings(self):
        blocked = super()._get_credit_blocked_pickings()
        request = self.env.context.get("credit_hold_free_service")
        if (
            isinstance(request, models.BaseModel)
            and request._name == "service.request"
            and len(request) == 1
            and not request.billable
        ):
            # the parts transfer of a free (in-warranty) request is not a sale on credit
            blocked = blocked.filtered(
                lambda picking: (
                    not (
                        picking.origin == request.name and picking.partner_id == request.partner_id
                    )
                )
            )
        return blocked
