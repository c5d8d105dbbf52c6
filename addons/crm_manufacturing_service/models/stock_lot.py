from odoo import _, models
from odoo.exceptions import ValidationError


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _check_lot_of_product(self, product):
        """The one check that a serial or lot number belongs to ``product`` (equipment and
        part lines share it)."""
        for lot in self:
            if lot.product_id != product:
                raise ValidationError(
                    _(
                        "Serial number %(lot)s belongs to %(product)s, not to %(expected)s.",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                        expected=product.display_name,
                    )
                )
