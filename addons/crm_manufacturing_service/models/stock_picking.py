from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        deliveries = self.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing"
        )
        if deliveries:
            # the installed base is service data: the stock user validating the delivery
            # needs no right on it, the equipment is created once per delivered serial
            self.env["service.equipment"].sudo()._create_from_move_lines(deliveries.move_line_ids)
        return result
