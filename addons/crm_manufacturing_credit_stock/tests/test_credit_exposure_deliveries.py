from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCreditExposureDeliveries(TransactionCase):
    """Goods invoiced on delivery count in the exposure from the confirmation, through
    partial deliveries, whatever Odoo's "to invoice" says (issue 11, item 6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.customer = cls.env["res.partner"].create(
            {"name": "Hangzhou Gearbox Co.", "is_company": True}
        )
        cls.customer.credit_limit = 100000
        cls.product = cls.env["product.product"].create(
            {
                "name": "Gear Hobbing Machine",
                "is_storable": True,
                "invoice_policy": "delivery",
                "list_price": 1000,
                "taxes_id": [Command.clear()],
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, warehouse.lot_stock_id, 10)

    def _exposure(self):
        self.customer.invalidate_recordset()
        return self.customer.credit_exposure

    def test_partial_deliveries_keep_the_exposure_of_the_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": 5})
                ],
            }
        )
        order.action_confirm()
        self.assertEqual(self._exposure(), 5000.0)  # nothing delivered, all owed
        picking = order.picking_ids
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, cancel_backorder=False).button_validate()
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(self._exposure(), 5000.0)
        invoice = order._create_invoices()  # the 2 delivered, draft
        self.assertEqual(self._exposure(), 5000.0)
        invoice.action_post()
        self.assertEqual(self._exposure(), 5000.0)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(self._exposure(), 5000.0)
        order._action_cancel()
        self.assertEqual(self._exposure(), 0.0)
