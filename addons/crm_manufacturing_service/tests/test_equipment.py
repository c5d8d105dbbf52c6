from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import ServiceCase


@tagged("post_install", "-at_install")
class TestEquipment(ServiceCase):
    def _deliver(self, product, serials, partner=None):
        lots = self.env["stock.lot"].create(
            [{"name": serial, "product_id": product.id} for serial in serials]
        )
        for lot in lots:
            self.env["stock.quant"]._update_available_quantity(
                product, self.stock_location, 1, lot_id=lot
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": len(serials)})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return order, picking, lots

    @freeze_time("2026-03-10 10:00:00")
    def test_delivery_with_serials_creates_equipment_once(self):
        order, picking, lots = self._deliver(self.machine, ["PB-0001", "PB-0002"])
        equipment = self.env["service.equipment"].search([("lot_id", "in", lots.ids)])
        self.assertEqual(len(equipment), 2)
        self.assertEqual(equipment.lot_id, lots)
        self.assertEqual(set(equipment.mapped("partner_id")), {self.customer})
        self.assertEqual(equipment.sale_order_id, order)
        self.assertEqual(equipment.service_point_id, self.point_a, "Anhui is point A's")
        self.assertEqual(set(equipment.mapped("delivery_date")), {date(2026, 3, 10)})
        self.assertEqual(set(equipment.mapped("warranty_end_date")), {date(2027, 3, 10)})
        # the same delivered serials never make a second equipment
        again = self.env["service.equipment"]._create_from_move_lines(picking.move_line_ids)
        self.assertFalse(again)
        self.assertEqual(
            self.env["service.equipment"].search_count([("lot_id", "in", lots.ids)]), 2
        )

    def test_delivery_of_non_serviceable_product_creates_nothing(self):
        other = self.env["product.product"].create(
            {"name": "Spare Press", "type": "consu", "is_storable": True, "tracking": "serial"}
        )
        _order, _picking, lots = self._deliver(other, ["X-1"])
        self.assertFalse(self.env["service.equipment"].search([("lot_id", "in", lots.ids)]))

    @freeze_time("2026-06-15")
    def test_warranty_end_and_states(self):
        expired = self._equipment("2025-06-01")
        expiring = self._equipment("2025-07-01")
        in_warranty = self._equipment("2026-01-01")
        delivered_only = self._equipment(False, delivery_date="2025-12-20")
        none = self._equipment(False)
        self.assertEqual(expired.warranty_end_date, date(2026, 6, 1))
        self.assertEqual(expired.warranty_state, "expired")
        self.assertEqual(expiring.warranty_end_date, date(2026, 7, 1))
        self.assertEqual(expiring.warranty_state, "expiring")
        self.assertEqual(in_warranty.warranty_state, "in_warranty")
        self.assertEqual(delivered_only.warranty_end_date, date(2026, 12, 20))
        self.assertEqual(none.warranty_state, "none")
        self.assertFalse(none.warranty_end_date)
        # an extended warranty (service contract) and a date set by hand
        expired.warranty_extension_months = 12
        self.assertEqual(expired.warranty_end_date, date(2027, 6, 1))
        self.assertEqual(expired.warranty_state, "in_warranty")
        expiring.warranty_end_date = "2026-05-31"
        self.assertEqual(expiring.warranty_state, "expired")
        # the state is searchable
        records = expired | expiring | in_warranty | delivered_only | none
        Equipment = self.env["service.equipment"]
        self.assertEqual(
            Equipment.search([("id", "in", records.ids), ("warranty_state", "=", "expired")]),
            expiring,
        )
        self.assertEqual(
            Equipment.search(
                [("id", "in", records.ids), ("warranty_state", "in", ("in_warranty", "none"))]
            ),
            expired | in_warranty | delivered_only | none,
        )
        self.assertEqual(
            Equipment.search([("id", "in", records.ids), ("warranty_state", "!=", "none")]),
            records - none,
        )

    def test_serial_of_another_product_is_refused(self):
        lot = self.env["stock.lot"].create({"name": "P-1", "product_id": self.part.id})
        with self.assertRaises(ValidationError):
            self.env["service.equipment"].create(
                {"product_id": self.machine.id, "lot_id": lot.id, "partner_id": self.customer.id}
            )

    def test_default_service_point_from_customer_province(self):
        with Form(self.env["service.equipment"]) as form:
            form.product_id = self.machine
            form.partner_id = self.customer_b
            self.assertEqual(form.service_point_id, self.point_b)
            form.install_date = "2026-01-01"
        self.assertEqual(form.record.service_point_id, self.point_b)

    @freeze_time("2026-06-15")
    def test_maintenance_cron_creates_one_request_per_date(self):
        due = self._equipment("2025-12-20", maintenance_interval_months=6)
        later = self._equipment("2026-03-01", maintenance_interval_months=6)
        self.assertEqual(due.next_maintenance_date, date(2026, 6, 20))
        Equipment = self.env["service.equipment"]
        requests = Equipment._schedule_maintenance(14).filtered(
            lambda r: r.equipment_id in due | later
        )
        self.assertEqual(requests.equipment_id, due)
        self.assertEqual(requests.request_type, "maintenance")
        self.assertEqual(requests.maintenance_date, date(2026, 6, 20))
        self.assertEqual(requests.service_point_id, self.point_a)
        # the next run, even if the request was cancelled, makes no second one
        requests.action_cancel()
        self.assertFalse(Equipment._schedule_maintenance(14) & (due | later).request_ids)
        self.assertEqual(len(due.request_ids), 1)
        self.assertFalse(later.request_ids)
        # once the maintenance is done, the next date moves on
        request = self._request(due, request_type="maintenance", technician_id=self.technician_a.id)
        request.action_assign()
        request.action_start()
        request.action_done()
        self.assertEqual(due.next_maintenance_date, date(2026, 12, 15))

    @freeze_time("2026-06-15")
    def test_warranty_reminder_activity_once(self):
        ending = self._equipment("2025-08-01")  # ends 2026-08-01, within 60 days
        self._equipment("2025-10-01")  # ends 2026-10-01: not yet
        Equipment = self.env["service.equipment"]
        reminded = Equipment._remind_warranty_end(60)
        self.assertIn(ending, reminded)
        self.assertEqual(
            len(
                reminded
                & self.env["service.equipment"].search([("partner_id", "=", self.customer.id)])
            ),
            1,
        )
        self.assertEqual(len(ending.activity_ids), 1)
        self.assertEqual(ending.activity_ids.user_id, self.salesman)
        self.assertNotIn(ending, Equipment._remind_warranty_end(60))
        self.assertEqual(len(ending.activity_ids), 1)
