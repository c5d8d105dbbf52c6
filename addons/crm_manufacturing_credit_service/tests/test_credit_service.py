from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_manufacturing_service.tests.common import ServiceCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 08:00:00")
class TestCreditService(ServiceCase):
    """Service under warranty goes ahead for a customer on credit hold; billable service
    waits for a credit manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.credit_block_delivery = True
        cls.customer.write({"credit_hold": True, "credit_hold_reason": "Installment 90 days late"})
        cls.in_warranty = cls._equipment("2026-03-01")
        cls.expired = cls._equipment("2024-01-01")
        cls.credit_manager = new_test_user(
            cls.env,
            "sv_credit_manager",
            groups="crm_manufacturing_credit.group_credit_manager,"
            "crm_manufacturing_service.group_service_manager",
        )

    def _started(self, equipment):
        request = self._request(
            equipment,
            user=self.technician_a,
            technician_id=self.technician_a.id,
            part_line_ids=[(0, 0, {"product_id": self.part.id, "quantity": 1})],
        )
        request.action_assign()
        request.action_start()
        return request

    def test_service_under_warranty_is_never_blocked_by_credit(self):
        request = self._started(self.in_warranty)
        self.assertTrue(request.credit_hold)
        self.assertFalse(request.billable)
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertEqual(request.picking_id.state, "done")

    def test_other_deliveries_of_the_held_customer_stay_blocked(self):
        """The exemption covers the request's own parts transfer only."""
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "origin": "Manual",
                "location_id": self.location_a.id,
                "location_dest_id": self.customer_location.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Pump",
                            "product_id": self.part.id,
                            "product_uom_qty": 1,
                            "location_id": self.location_a.id,
                            "location_dest_id": self.customer_location.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        request = self._started(self.in_warranty)
        with self.assertRaisesRegex(UserError, "credit hold"):
            picking.with_user(self.technician_a).with_context(
                credit_hold_free_service=request.id
            ).button_validate()

    def test_billable_service_of_a_held_customer_needs_a_credit_manager(self):
        request = self._started(self.expired)
        self.assertTrue(request.billable)
        with self.assertRaisesRegex(UserError, "Installment 90 days late"):
            request.with_user(self.technician_a).action_done()
        self.assertEqual(request.state, "in_progress")
        with self.assertRaisesRegex(UserError, "credit hold"):
            request.with_user(self.manager).action_create_quotation()
        self.assertFalse(request.sale_order_id)
        request.with_user(self.credit_manager).action_done()
        self.assertEqual(request.state, "done")

    def test_billable_service_of_a_customer_in_good_standing_goes_ahead(self):
        self.customer.credit_hold = False
        request = self._started(self.expired)
        request.with_user(self.technician_a).action_done()
        self.assertEqual(request.state, "done")
