from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceWebClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        location = cls.env["stock.location"].create(
            {
                "name": "Tour Point",
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
            }
        )
        cls.technician = new_test_user(
            cls.env,
            "sv_tour_tech",
            password="sv_tour_tech",
            groups="crm_manufacturing_service.group_service_user",
        )
        state = cls.env.ref("base.state_cn_JX")
        cls.point = cls.env["service.point"].create(
            {
                "name": "Nanchang Service Point",
                "code": "TOUR",
                "location_id": location.id,
                "technician_ids": [(6, 0, cls.technician.ids)],
                "state_ids": [(6, 0, state.ids)],
            }
        )
        customer = cls.env["res.partner"].create(
            {"name": "Jiangxi Tour Customer", "is_company": True, "state_id": state.id}
        )
        machine = cls.env["product.product"].create(
            {
                "name": "Tour Laser Cutter",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "is_serviceable": True,
                "warranty_months": 12,
            }
        )
        lot = cls.env["stock.lot"].create({"name": "TOUR-SN-42", "product_id": machine.id})
        cls.equipment = cls.env["service.equipment"].create(
            {
                "product_id": machine.id,
                "lot_id": lot.id,
                "partner_id": customer.id,
                "install_date": "2020-01-01",
            }
        )
        cls.request = cls.env["service.request"].create(
            {
                "partner_id": customer.id,
                "equipment_id": cls.equipment.id,
                "technician_id": cls.technician.id,
                "description": "<p>Laser head misaligned</p>",
            }
        )

    def test_technician_sees_the_warranty_and_assigns_the_request(self):
        self.start_tour(
            f"/odoo/action-crm_manufacturing_service.service_request_action/{self.request.id}",
            "crm_manufacturing_service_request_tour",
            login="sv_tour_tech",
        )
        self.assertEqual(self.request.state, "assigned")

    def test_request_views_render(self):
        self.start_tour(
            "/odoo/action-crm_manufacturing_service.service_request_action",
            "crm_manufacturing_service_views_tour",
            login="admin",
        )

    def test_parts_report_equipment_and_points_render(self):
        for action in (
            "service_parts_report_action",
            "service_equipment_action",
            "service_point_action",
        ):
            self.browser_js(
                f"/odoo/action-crm_manufacturing_service.{action}",
                "console.log('test successful')",
                ready="!!document.querySelector('.o_action_manager .o_list_view')",
                login="admin",
            )

    def test_xmlrpc_open_a_request_for_a_serial_and_read_its_warranty(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "admin", "admin", {})
        call = self.xmlrpc_object.execute_kw
        equipment = call(
            db,
            uid,
            "admin",
            "service.equipment",
            "search_read",
            [[("lot_id.name", "=", "TOUR-SN-42")]],
            {"fields": ["partner_id", "warranty_state"]},
        )
        self.assertEqual(equipment[0]["warranty_state"], "expired")
        request_id = call(
            db,
            uid,
            "admin",
            "service.request",
            "create",
            [
                {
                    "partner_id": equipment[0]["partner_id"][0],
                    "equipment_id": equipment[0]["id"],
                    "request_type": "repair",
                    "priority": "2",
                }
            ],
        )
        request = call(
            db,
            uid,
            "admin",
            "service.request",
            "read",
            [
                [request_id],
                ["name", "in_warranty", "billable", "warranty_state", "service_point_id"],
            ],
        )[0]
        self.assertFalse(request["in_warranty"])
        self.assertTrue(request["billable"])
        self.assertEqual(request["warranty_state"], "expired")
        self.assertEqual(request["service_point_id"][0], self.point.id)

    def test_xmlrpc_parts_report_rows_and_export(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "admin", "admin", {})
        part = self.env["product.product"].create(
            {"name": "Tour Nozzle", "type": "consu", "is_storable": True, "is_spare_part": True}
        )
        self.env["stock.quant"]._update_available_quantity(part, self.point.location_id, 4)
        call = self.xmlrpc_object.execute_kw
        rows = call(
            db,
            uid,
            "admin",
            "service.parts.report",
            "get_report_rows",
            [[("service_point_id", "=", self.point.id)]],
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["product"], "Tour Nozzle")
        self.assertEqual(rows[0]["qty_on_hand"], 4)
        self.assertIs(rows[0]["days_of_cover"], False)
        lines = call(
            db,
            uid,
            "admin",
            "service.parts.report",
            "search_read",
            [[("service_point_id", "=", self.point.id)]],
            {"fields": ["product_id", "qty_on_hand"]},
        )
        self.assertEqual(lines[0]["product_id"][0], part.id)
        export = call(
            db,
            uid,
            "admin",
            "service.parts.report",
            "export_xlsx",
            [[("service_point_id", "=", self.point.id)]],
        )
        self.assertTrue(export["data"])

    def test_parts_report_buttons_show_without_a_selection(self):
        part = self.env["product.product"].create(
            {"name": "Tour Nozzle", "type": "consu", "is_storable": True, "is_spare_part": True}
        )
        self.env["stock.quant"]._update_available_quantity(part, self.point.location_id, 2)
        self.start_tour(
            "/odoo/action-crm_manufacturing_service.service_parts_report_action",
            "crm_manufacturing_service_parts_buttons_tour",
            login="sv_tour_tech",
        )

    def test_technician_sees_the_warranty_read_only(self):
        self.start_tour(
            f"/odoo/action-crm_manufacturing_service.service_equipment_action/{self.equipment.id}",
            "crm_manufacturing_service_equipment_readonly_tour",
            login="sv_tour_tech",
        )

    def test_service_manager_saves_the_settings(self):
        new_test_user(
            self.env,
            "sv_tour_manager",
            password="sv_tour_manager",
            groups="crm_manufacturing_service.group_service_manager",
        )
        self.start_tour(
            "/odoo/action-crm_manufacturing_service.service_settings_action",
            "crm_manufacturing_service_settings_tour",
            login="sv_tour_manager",
        )
        self.env.invalidate_all()
        self.assertEqual(self.env.company.service_response_hours_3, 5.0)
