from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCreditBlockDelivery(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.credit_block_delivery = True
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_user = new_test_user(cls.env, "cr_stock_user", groups="stock.group_stock_user")
        cls.credit_manager = new_test_user(
            cls.env,
            "cr_credit_manager",
            groups="crm_manufacturing_credit.group_credit_manager,stock.group_stock_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Wuxi Bearings Co.",
                "is_company": True,
                "credit_hold": True,
                "credit_hold_reason": "Invoice overdue 120 days",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Warehouse Gate", "parent_id": cls.customer.id, "type": "delivery"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Guide Rail", "type": "consu", "is_storable": True}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 100
        )

    def _picking(self, picking_type, partner=None):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": (partner or self.contact).id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": (
                    picking_type.default_location_dest_id
                    or self.env.ref("stock.stock_location_customers")
                ).id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": self.product.name,
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "product_uom": self.product.uom_id.id,
                            "location_id": picking_type.default_location_src_id.id
                            or self.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": (
                                picking_type.default_location_dest_id
                                or self.env.ref("stock.stock_location_customers")
                            ).id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        return picking

    def test_delivery_refused_to_a_stock_user_while_on_hold(self):
        picking = self._picking(self.warehouse.out_type_id)
        with self.assertRaises(UserError) as error:
            picking.with_user(self.stock_user).button_validate()
        self.assertIn("Wuxi Bearings Co.", str(error.exception))
        self.assertIn("Invoice overdue 120 days", str(error.exception))
        self.assertEqual(picking.state, "assigned")

    def test_changing_the_delivery_address_does_not_escape_the_hold(self):
        order_customer = self.customer
        other = self.env["res.partner"].create({"name": "Unheld Yard Co.", "is_company": True})
        order = self.env["sale.order"].create(
            {
                "partner_id": order_customer.id,
                "partner_shipping_id": self.contact.id,
                "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 2})],
            }
        )
        # confirmed before the hold by a credit manager (the hold blocks confirmations)
        order_customer.credit_hold = False
        order.action_confirm()
        order_customer.credit_hold = True
        picking = order.picking_ids
        picking.partner_id = other
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "Wuxi Bearings Co."):
            picking.with_user(self.stock_user).button_validate()
        self.assertEqual(picking.state, "assigned")

    def test_credit_manager_validates_the_delivery(self):
        picking = self._picking(self.warehouse.out_type_id)
        picking.with_user(self.credit_manager).button_validate()
        self.assertEqual(picking.state, "done")

    def test_delivery_allowed_when_the_company_does_not_block(self):
        self.company.credit_block_delivery = False
        picking = self._picking(self.warehouse.out_type_id)
        picking.with_user(self.stock_user).button_validate()
        self.assertEqual(picking.state, "done")

    def test_delivery_allowed_once_the_hold_is_lifted(self):
        self.customer.credit_hold = False
        picking = self._picking(self.warehouse.out_type_id)
        picking.with_user(self.stock_user).button_validate()
        self.assertEqual(picking.state, "done")

    def test_receipts_are_never_blocked(self):
        picking = self._picking(self.warehouse.in_type_id, partner=self.customer)
        picking.with_user(self.stock_user).button_validate()
        self.assertEqual(picking.state, "done")

    def test_setting_in_the_manufacturing_settings(self):
        self.company.credit_block_delivery = False
        with Form(self.env["res.config.settings"]) as settings:
            settings.credit_block_delivery = True
        settings.record.execute()
        self.assertTrue(self.company.credit_block_delivery)
