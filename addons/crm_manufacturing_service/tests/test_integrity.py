"""Issue 11: the service rules hold on the server for every user, whatever field is written."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ServiceCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 08:00:00")
class TestServiceIntegrity(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expired = cls._equipment("2025-01-10")  # warranty ended 2026-01-10
        cls.covered = cls._equipment("2026-02-01")  # warranty until 2027-02-01
        cls.long_machine = cls.env["product.product"].create(
            {
                "name": "Press Brake PB-900",
                "type": "consu",
                "is_serviceable": True,
                "warranty_months": 120,
            }
        )

    def _tech_request(self, equipment=None, **vals):
        return self._request(equipment or self.expired, user=self.technician_a, **vals)

    # -- item 11: the free-of-charge rule on the saved result ---------------------------
    def test_in_warranty_is_not_writable(self):
        request = self._tech_request()
        for user in (self.technician_a, self.manager):
            with self.assertRaisesRegex(UserError, "cannot be written"):
                request.with_user(user).write({"in_warranty": True, "billable": False})
        self.assertFalse(request.in_warranty)
        self.assertTrue(request.billable)
        with self.assertRaisesRegex(UserError, "cannot be written"):
            self._tech_request(in_warranty=True)

    def test_technician_cannot_back_date_a_request(self):
        count = self.env["service.request"].search_count([])
        with self.assertRaisesRegex(UserError, "only a service manager can record"):
            self._tech_request(date_request="2025-12-01 09:00:00", billable=False)
        self.assertEqual(self.env["service.request"].search_count([]), count)
        request = self._tech_request()
        with self.assertRaisesRegex(UserError, "only a service manager can record"):
            request.write({"date_request": "2025-12-01 09:00:00"})
        self.assertFalse(request.in_warranty)
        self.assertTrue(request.billable)
        # later is fine (it cannot bring a warranty back); a manager may back-date
        request.date_request = "2026-06-16 09:00:00"
        request.with_user(self.manager).date_request = "2025-12-01 09:00:00"
        self.assertTrue(request.in_warranty)

    def test_technician_cannot_switch_to_a_machine_in_warranty(self):
        request = self._tech_request()
        with self.assertRaisesRegex(UserError, "only a service manager can change it"):
            request.equipment_id = self.covered
        self.assertEqual(request.equipment_id, self.expired)
        self.assertTrue(request.billable)
        # choosing the machine of a request opened without one is data entry
        empty = (
            self.env["service.request"]
            .with_user(self.technician_a)
            .create({"partner_id": self.customer.id})
        )
        empty.equipment_id = self.covered
        self.assertTrue(empty.in_warranty)
        # a machine of another customer is refused for everyone
        foreign = self._equipment("2026-03-01", partner=self.customer_b)
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            request.with_user(self.manager).equipment_id = foreign

    def test_a_managers_free_decision_stands_for_later_edits(self):
        request = self._tech_request()
        request.with_user(self.manager).billable = False
        request.write({"description": "<p>Checked the pump</p>", "labour_hours": 2})
        self.assertFalse(request.billable)

    # -- item 12: state and parts transfer only through the actions -----------------------
    def test_state_and_picking_move_only_through_actions(self):
        request = self._tech_request(
            technician_id=self.technician_a.id,
            part_line_ids=[(0, 0, {"product_id": self.part.id, "quantity": 1})],
        )
        for vals in ({"state": "done"}, {"state": "in_progress"}, {"date_done": "2026-06-15"}):
            with self.assertRaisesRegex(UserError, "cannot be written"):
                request.write(vals)
        self.assertEqual(request.state, "new")
        with self.assertRaisesRegex(UserError, "cannot be written"):
            self._tech_request(state="done")
        forged = (
            self.env["service.request"]
            .with_user(self.technician_a)
            .with_context(default_state="done", service_request_action=True)
            .create({"partner_id": self.customer.id, "equipment_id": self.expired.id})
        )
        self.assertEqual(forged.state, "new")
        with self.assertRaisesRegex(UserError, "cannot be written"):
            forged.with_context(service_request_action=True).write({"state": "done"})
        request.action_assign()
        request.action_start()
        request.action_done()
        self.assertEqual(request.state, "done")
        picking = request.picking_id
        self.assertEqual(picking.state, "done")
        for user in (self.technician_a, self.manager):
            for vals in ({"state": "in_progress"}, {"state": "new"}, {"picking_id": False}):
                with self.assertRaisesRegex(UserError, "cannot be written"):
                    request.with_user(user).write(vals)
        self.assertEqual(request.picking_id, picking)
        with self.assertRaisesRegex(UserError, "only new or cancelled"):
            request.with_user(self.manager).unlink()

    def test_parts_cannot_be_moved_to_another_points_request(self):
        own = self._tech_request(
            part_line_ids=[(0, 0, {"product_id": self.part.id, "quantity": 1})]
        )
        other = self._request(self._equipment("2026-01-01", partner=self.customer_b))
        with self.assertRaises(AccessError):
            own.part_line_ids.with_user(self.technician_a).request_id = other
        self.assertEqual(own.part_line_ids.request_id, own)
        self.assertFalse(other.part_line_ids)

    # -- item 13: warranty of equipment, prices and hours --------------------------------
    def test_technician_cannot_extend_a_warranty(self):
        self.expired.lot_id = False  # the serial would not fit another machine
        equipment = self.expired.with_user(self.technician_a)
        end = equipment.warranty_end_date
        with self.assertRaisesRegex(UserError, "Only a service manager"):
            equipment.product_id = self.long_machine
        self.assertEqual(self.expired.product_id, self.machine)
        self.assertEqual(self.expired.warranty_end_date, end)
        Equipment = self.env["service.equipment"].with_user(self.technician_a)
        for vals in (
            {"warranty_end_date": "2099-12-31"},
            {"warranty_extension_months": 24},
            {"install_date": "2030-01-01"},
        ):
            with self.assertRaisesRegex(UserError, "Only a service manager"):
                Equipment.create(
                    {"product_id": self.machine.id, "partner_id": self.customer.id, **vals}
                )
        recorded = Equipment.create(
            {
                "product_id": self.machine.id,
                "partner_id": self.customer.id,
                "install_date": "2026-06-01",
            }
        )
        self.assertEqual(str(recorded.warranty_end_date), "2027-06-01")
        self.expired.with_user(self.manager).product_id = self.long_machine
        self.assertEqual(str(self.expired.warranty_end_date), "2035-01-10")

    def test_prices_and_hours_are_finite_and_not_negative(self):
        request = self._tech_request(
            part_line_ids=[(0, 0, {"product_id": self.part.id, "quantity": 1})]
        )
        part = request.part_line_ids
        for value in (-1000.0, float("nan"), float("inf")):
            with self.assertRaises(UserError):
                part.write({"price_unit": value})
            with self.assertRaises(UserError):
                request.write({"labour_hours": value})
            with self.assertRaises(UserError):
                part.write({"quantity": value})
        self.assertEqual(part.price_unit, 1200.0)
        # a price of 0 on an out-of-warranty request gives the part away: managers only
        with self.assertRaisesRegex(UserError, "free of charge"):
            part.price_unit = 0.0
        part.with_user(self.manager).price_unit = 0.0
        part.quantity = 1.0  # the manager's decision stands
        self.assertEqual(part.price_unit, 0.0)

    def test_response_hours_are_finite(self):
        for value in (float("nan"), -1.0, 10.0**9):
            with self.assertRaises(UserError):
                self.company.service_response_hours_0 = value
        self.assertEqual(self.company.service_response_hours_0, 72.0)
        self.assertTrue(self._tech_request().date_deadline)

    def test_nonsense_dates_are_refused(self):
        for value in ("9999-12-31 00:00:00", "2026-13-45 00:00:00", "abc", "1000-01-01"):
            with self.assertRaises(UserError):
                self._request(self.expired, date_request=value)
        with self.assertRaises(UserError):
            self.expired.write({"install_date": "9999-12-31"})
        with self.assertRaises(UserError):
            self.expired.write({"maintenance_interval_months": 10**9})
        with self.assertRaises(UserError):
            self.env["service.equipment"].search([("warranty_state", "=", 10)])

    # -- item 14: archived, never deleted ------------------------------------------------
    def test_points_and_equipment_with_history_are_not_deleted(self):
        request = self._tech_request()
        with self.assertRaisesRegex(UserError, "archive it"):
            self.expired.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "archive it"):
            self.point_a.with_user(self.manager).unlink()  # requests, equipment, stock
        self.assertTrue(request.exists() and self.expired.exists() and self.point_a.exists())
        self.assertEqual(request.service_point_id, self.point_a)
        # with stock only
        location = self.env["stock.location"].create(
            {"name": "Point C", "usage": "internal", "location_id": self.location_a.id}
        )
        self.env["stock.quant"]._update_available_quantity(self.part, location, 1)
        point_c = self.env["service.point"].create(
            {"name": "Point C", "code": "PC", "location_id": location.id}
        )
        with self.assertRaisesRegex(UserError, "archive it"):
            point_c.with_user(self.manager).unlink()
        point_c.with_user(self.manager).active = False
        empty = self.env["service.point"].create(
            {"name": "Point D", "code": "PD", "location_id": self.location_b.id}
        )
        self.assertTrue(empty.with_user(self.manager).unlink())
        with self.assertRaises(AccessError):
            self.point_b.with_user(self.technician_a).unlink()

    # -- reads see writes, bad domains ----------------------------------------------------
    def test_parts_report_sees_stock_added_in_the_same_transaction(self):
        Report = self.env["service.parts.report"]
        domain = [("service_point_id", "=", self.point_a.id), ("product_id", "=", self.part.id)]
        before = Report.get_report_rows(domain)[0]["qty_on_hand"]
        # a pending ORM write (not flushed yet) that the SQL report must see
        self.env["stock.quant"]._update_available_quantity(self.part, self.location_a, 7)
        self.assertEqual(Report.get_report_rows(domain)[0]["qty_on_hand"], before + 7)

    def test_parts_report_refuses_a_bad_domain(self):
        Report = self.env["service.parts.report"].with_user(self.technician_a)
        for domain in ("abc", [("no_such_field", "=", 1)], 42, [("a", "b")]):
            with self.assertRaisesRegex(UserError, "filter"):
                Report.get_report_rows(domain)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 08:00:00")
class TestServiceViews(ServiceCase):
    """Issues 12 and 21: the forms and the kanban follow the rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expired = cls._equipment("2025-01-10")

    def test_kanban_columns_follow_the_workflow(self):
        self._request(self.expired)
        groups = self.env["service.request"].web_read_group([("id", "<", 0)], ["state"], ["state"])[
            "groups"
        ]
        self.assertEqual(
            [group["state"] for group in groups],
            ["new", "assigned", "in_progress", "done", "closed", "cancelled"],
        )
        self.assertEqual([group["state"] for group in groups if group["__fold"]], ["cancelled"])

    def test_request_from_the_machine_found_by_serial(self):
        Equipment = self.env["service.equipment"].with_user(self.technician_a)
        found = Equipment.name_search(self.expired.lot_id.name)
        self.assertEqual([row[0] for row in found], self.expired.ids)
        self.assertIn(self.expired.id, [r[0] for r in Equipment.name_search("Hangzhou Valve")])
        form = Form(self.env["service.request"].with_user(self.technician_a))
        form.equipment_id = self.expired
        self.assertEqual(form.partner_id, self.customer)
        request = form.save()
        self.assertEqual(request.service_point_id, self.point_a)

    def test_only_managers_may_edit_the_warranty_in_the_form(self):
        self.assertFalse(self.expired.with_user(self.technician_a).can_edit_warranty)
        self.assertTrue(self.expired.with_user(self.manager).can_edit_warranty)
        form = Form(self.expired.with_user(self.technician_a))
        names = (
            "install_date",
            "delivery_date",
            "warranty_end_date",
            "warranty_extension_months",
            "product_id",
        )
        for name in names:
            with self.assertRaises(AssertionError, msg=f"{name} editable"):
                setattr(form, name, 0 if name == "warranty_extension_months" else False)
        # the same form is editable for a service manager
        manager_form = Form(self.expired.with_user(self.manager))
        manager_form.warranty_extension_months = 6
        manager_form.install_date = "2025-02-10"
        self.assertEqual(str(manager_form.save().install_date), "2025-02-10")
