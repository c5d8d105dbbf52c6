from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ServiceCase


@tagged("post_install", "-at_install")
class TestServiceSecurity(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.equipment_a = cls._equipment("2026-01-01")
        cls.equipment_b = cls._equipment("2026-01-01", partner=cls.customer_b)
        cls.request_a = cls._request(cls.equipment_a)
        cls.request_b = cls._request(cls.equipment_b)

    def test_technicians_see_the_requests_of_their_points(self):
        Request = self.env["service.request"]
        visible_a = Request.with_user(self.technician_a).search(
            [("id", "in", (self.request_a | self.request_b).ids)]
        )
        self.assertEqual(visible_a, self.request_a)
        self.assertEqual(self.request_a.service_point_id, self.point_a)
        with self.assertRaises(AccessError):
            self.request_b.with_user(self.technician_a).read(["name"])
        with self.assertRaises(AccessError):
            self.request_b.with_user(self.technician_a).description = "<p>not mine</p>"
        # technicians cannot delete requests nor configure service points
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.technician_a).unlink()
        with self.assertRaises(AccessError):
            self.point_a.with_user(self.technician_a).name = "Renamed"
        # a service manager sees all of the company
        visible = Request.with_user(self.manager).search(
            [("id", "in", (self.request_a | self.request_b).ids)]
        )
        self.assertEqual(visible, self.request_a | self.request_b)

    def test_salespeople_read_their_customers_installed_base_and_requests(self):
        Request = self.env["service.request"].with_user(self.salesman)
        ids = (self.request_a | self.request_b).ids
        self.assertEqual(Request.search([("id", "in", ids)]), self.request_a)
        Equipment = self.env["service.equipment"].with_user(self.salesman)
        self.assertEqual(
            Equipment.search([("id", "in", (self.equipment_a | self.equipment_b).ids)]),
            self.equipment_a,
        )
        self.assertEqual(self.customer.with_user(self.salesman).service_request_count, 1)
        self.assertEqual(self.customer.with_user(self.salesman).service_equipment_count, 1)
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.salesman).priority = "3"
        with self.assertRaises(AccessError):
            Request.create({"partner_id": self.customer.id})
        with self.assertRaises(AccessError):
            self.equipment_a.with_user(self.salesman).install_date = "2026-02-01"

    def test_users_without_service_rights_are_refused(self):
        stranger = new_test_user(self.env, "sv_stranger", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["service.request"].with_user(stranger).search([])
        with self.assertRaises(AccessError):
            self.env["service.parts.report"].with_user(stranger).search([])

    def test_multi_company_separation(self):
        other_company = self.env["res.company"].create({"name": "Hengli Service Shanghai"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)])
        location = self.env["stock.location"].create(
            {
                "name": "Point SH",
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
                "company_id": other_company.id,
            }
        )
        point = self.env["service.point"].create(
            {
                "name": "Point SH",
                "code": "PA",  # the same code is fine in another company
                "company_id": other_company.id,
                "location_id": location.id,
                "technician_ids": [(6, 0, self.technician_a.ids)],
            }
        )
        request = self.env["service.request"].create(
            {
                "partner_id": self.customer.id,
                "company_id": other_company.id,
                "service_point_id": point.id,
            }
        )
        self.assertFalse(
            self.env["service.request"]
            .with_user(self.technician_a)
            .search([("id", "=", request.id)])
        )
        self.assertFalse(
            self.env["service.point"].with_user(self.manager).search([("id", "=", point.id)])
        )
        self.technician_a.company_ids |= other_company
        self.assertEqual(
            self.env["service.request"]
            .with_user(self.technician_a)
            .with_context(allowed_company_ids=[other_company.id])
            .search([("id", "=", request.id)]),
            request,
        )

    def test_point_code_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["service.point"].create(
                {"name": "Dup", "code": "PA", "location_id": self.location_b.id}
            )
            self.env.flush_all()
