from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 08:00:00")
class TestServiceRequest(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expired = cls._equipment("2025-01-10")  # warranty ended 2026-01-10
        cls.covered = cls._equipment("2026-02-01")  # warranty until 2027-02-01

    def test_warranty_decides_the_default_billing(self):
        request = self._request(self.expired, user=self.technician_a)
        self.assertRegex(request.name, r"^SR/2026/\d+$")
        self.assertFalse(request.in_warranty)
        self.assertTrue(request.billable)
        self.assertEqual(request.service_point_id, self.point_a)
        covered = self._request(self.covered, user=self.technician_a)
        self.assertTrue(covered.in_warranty)
        self.assertFalse(covered.billable)
        # in warranty on the request date is what counts, not today
        old = self._request(self.expired, date_request="2025-12-01 09:00:00")
        self.assertTrue(old.in_warranty)

    def test_deadline_from_the_priority_response_time(self):
        self.company.service_response_hours_3 = 4
        request = self._request(self.expired, priority="3", date_request="2026-06-15 08:00:00")
        self.assertEqual(request.date_deadline, datetime(2026, 6, 15, 12, 0))

    def test_out_of_warranty_free_of_charge_needs_a_service_manager(self):
        request = self._request(self.expired, user=self.technician_a)
        with self.assertRaisesRegex(UserError, "Only a service manager"):
            request.billable = False
        request.invalidate_recordset()
        self.assertTrue(request.billable)
        with self.assertRaisesRegex(UserError, "Only a service manager"):
            self._request(self.expired, user=self.technician_a, billable=False)
        # a free part on a charged out-of-warranty request is a manager's decision as well
        with self.assertRaisesRegex(UserError, "free of charge"):
            request.write(
                {"part_line_ids": [(0, 0, {"product_id": self.part.id, "billable": False})]}
            )
        request.with_user(self.manager).billable = False
        self.assertFalse(request.billable)
        self.assertFalse(request.part_line_ids)
        manager_request = self._request(self.expired, user=self.manager)
        manager_request.write(
            {"part_line_ids": [(0, 0, {"product_id": self.part.id, "billable": False})]}
        )
        self.assertFalse(manager_request.part_line_ids.billable)
        # in warranty, a technician keeps the free service
        covered = self._request(self.covered, user=self.technician_a)
        covered.billable = False
        self.assertFalse(covered.billable)

    def test_state_transitions_and_wrong_moves(self):
        request = self._request(self.expired, user=self.technician_a)
        with self.assertRaisesRegex(UserError, "cannot be started"):
            request.action_start()
        with self.assertRaisesRegex(UserError, "technician"):
            request.action_assign()
        request.technician_id = self.technician_b
        with self.assertRaisesRegex(UserError, "is not a technician of the service point"):
            request.action_assign()
        request.technician_id = self.technician_a
        request.action_assign()
        self.assertEqual(request.state, "assigned")
        self.assertEqual(request.activity_ids.user_id, self.technician_a)
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            request.action_close()
        request.action_start()
        self.assertEqual(request.state, "in_progress")
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertEqual(request.date_done, datetime(2026, 6, 15, 8, 0))
        self.assertFalse(request.activity_ids)
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            request.action_cancel()
        with self.assertRaisesRegex(UserError, "only new or cancelled"):
            request.with_user(self.manager).unlink()
        request.action_close()
        self.assertEqual(request.state, "closed")
        request.rating = "4"
        self.assertEqual(request.rating_value, 4)
        other = self._request(self.expired)
        other.action_cancel()
        self.assertEqual(other.state, "cancelled")
        other.unlink()

    def _started(self, parts, equipment=None):
        request = self._request(
            equipment or self.expired,
            user=self.technician_a,
            technician_id=self.technician_a.id,
            part_line_ids=[
                (0, 0, {"product_id": product.id, "quantity": quantity})
                for product, quantity in parts
            ],
        )
        request.action_assign()
        request.action_start()
        return request

    def test_done_consumes_the_parts_from_the_service_point(self):
        request = self._started([(self.part, 2), (self.part_2, 3)])
        request.action_done()
        picking = request.picking_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.location_id, self.location_a)
        self.assertEqual(picking.location_dest_id, self.customer.property_stock_customer)
        self.assertEqual(picking.partner_id, self.customer)
        Quant = self.env["stock.quant"]
        self.assertEqual(Quant._get_available_quantity(self.part, self.location_a), 3)
        self.assertEqual(Quant._get_available_quantity(self.part_2, self.location_a), 17)
        # consumed stock is kept: the parts cannot change any more
        with self.assertRaisesRegex(UserError, "cannot change"):
            request.part_line_ids[0].quantity = 1

    def test_only_managers_change_the_warranty_of_equipment(self):
        with self.assertRaisesRegex(UserError, "Only a service manager"):
            self.expired.with_user(self.technician_a).warranty_extension_months = 24
        with self.assertRaisesRegex(UserError, "Only a service manager"):
            self.expired.with_user(self.technician_a).install_date = "2026-06-01"
        self.expired.with_user(self.technician_a).maintenance_interval_months = 6
        self.expired.with_user(self.manager).warranty_extension_months = 24
        self.assertEqual(self.expired.warranty_state, "in_warranty")

    def test_two_lines_of_the_same_part_are_consumed(self):
        request = self._started([(self.part, 1), (self.part, 2)])
        request.action_done()
        self.assertEqual(len(request.picking_id.move_ids), 2)
        self.assertEqual(request.picking_id.state, "done")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.part, self.location_a), 2
        )

    def test_technician_cannot_open_a_request_for_another_region(self):
        other = self._equipment("2026-01-01", partner=self.customer_b)  # point B's region
        Request = self.env["service.request"]
        count = Request.search_count([])
        with self.assertRaisesRegex(UserError, "not yours"):
            self._request(other, user=self.technician_a)
        # nor by naming the other point, nor by giving it to themselves
        with self.assertRaisesRegex(UserError, "not yours"):
            self._request(
                other,
                user=self.technician_a,
                service_point_id=self.point_b.id,
                technician_id=self.technician_a.id,
            )
        self.assertEqual(Request.search_count([]), count)
        # and cannot move one of theirs to the other point
        own = self._request(self.expired, user=self.technician_a)
        with self.assertRaisesRegex(UserError, "not yours"):
            own.service_point_id = self.point_b
        # the other point's technician records it
        request = self._request(other, user=self.technician_b)
        self.assertEqual(request.service_point_id, self.point_b)
        self.assertFalse(Request.with_user(self.technician_a).search([("id", "=", request.id)]))

    def test_done_refused_with_the_missing_quantity(self):
        request = self._started([(self.part, 8)])
        with self.assertRaisesRegex(
            UserError,
            r"Hydraulic Pump at .*Point A: 3.0 Units missing \(needed 8.0, available 5.0\)",
        ):
            request.action_done()
        self.assertEqual(request.state, "in_progress")
        self.assertFalse(request.picking_id)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.part, self.location_a), 5
        )

    def test_quotation_for_billable_parts_and_labour(self):
        labour = self.env["product.product"].create(
            {"name": "Service Hour", "type": "service", "list_price": 300.0}
        )
        self.company.service_labour_product_id = labour
        request = self._started([(self.part, 1), (self.part_2, 2)])
        request.part_line_ids.filtered(lambda p: p.product_id == self.part).price_unit = 1000.0
        request.with_user(self.manager).part_line_ids.filtered(
            lambda p: p.product_id == self.part_2
        ).billable = False
        request.labour_hours = 3
        request.with_user(self.manager).action_create_quotation()
        order = request.sale_order_id
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.origin, request.name)
        self.assertEqual(
            sorted(
                (line.product_id, line.product_uom_qty, line.price_unit)
                for line in order.order_line
            ),
            sorted([(self.part, 1.0, 1000.0), (labour, 3.0, 300.0)]),
        )
        with self.assertRaisesRegex(UserError, "already has the quotation"):
            request.with_user(self.manager).action_create_quotation()
        covered = self._started([(self.part_2, 1)], equipment=self.covered)
        with self.assertRaisesRegex(UserError, "nothing to charge"):
            covered.with_user(self.manager).action_create_quotation()
