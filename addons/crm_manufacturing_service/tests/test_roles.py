"""Issue 12: every service role reaches its menus and settings, as that user."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ServiceCase

MODULE = "crm_manufacturing_service"


@tagged("post_install", "-at_install")
class TestRoles(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_user = new_test_user(cls.env, "sv_stock_user", groups="stock.group_stock_user")
        cls.equipment = cls._equipment("2026-01-01")
        cls.request = cls._request(cls.equipment)

    def _open_menu(self, user, xmlid):
        """What the web client does for the menu: the menu is in the user's menus, its action
        loads, its views load and its first page of records is read."""
        menu = self.env.ref(xmlid)
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(user).load_menus(False), f"{xmlid} hidden"
        )
        eval_context = {"uid": user.id, "allowed_company_ids": user.company_ids.ids}
        if menu.action._name == "ir.actions.server":
            action = menu.action.with_user(user).run()
        else:
            action = menu.action.sudo()._get_action_dict()
        context, domain = action.get("context") or {}, action.get("domain") or []
        if isinstance(context, str):
            context = safe_eval(context, eval_context)
        if isinstance(domain, str):
            domain = safe_eval(domain, eval_context)
        Model = self.env[action["res_model"]].with_user(user).with_context(**context)
        views = [[False, mode] for mode in action["view_mode"].split(",")]
        Model.get_views(views)
        if action.get("target") == "inline" or action["view_mode"] == "form":
            return Model.default_get(list(Model.fields_get()))
        spec = {"display_name": {}}
        return Model.web_search_read(domain, spec, limit=80)["records"]

    def test_service_user_reaches_the_menus_of_technicians(self):
        for xmlid, record in (
            ("menu_service_requests", self.request),
            ("menu_service_equipment", self.equipment),
            ("menu_service_request_analysis", self.request),
        ):
            with self.subTest(menu=xmlid):
                records = self._open_menu(self.technician_a, f"{MODULE}.{xmlid}")
                self.assertIn(record.id, [r["id"] for r in records])
        lines = self._open_menu(self.technician_a, f"{MODULE}.menu_service_parts_report")
        self.assertTrue(lines)
        menus = self.env["ir.ui.menu"].with_user(self.technician_a).load_menus(False)
        self.assertNotIn(self.env.ref(f"{MODULE}.menu_service_config").id, menus)

    def test_service_manager_reaches_configuration_and_settings(self):
        for xmlid, record in (
            ("menu_service_requests", self.request),
            ("menu_service_equipment", self.equipment),
            ("menu_service_request_analysis", self.request),
            ("menu_service_points", self.point_a),
            ("menu_service_spare_parts", self.part.product_tmpl_id),
            ("menu_service_serviceable", self.machine.product_tmpl_id),
        ):
            with self.subTest(menu=xmlid):
                records = self._open_menu(self.manager, f"{MODULE}.{xmlid}")
                self.assertIn(record.id, [r["id"] for r in records])
        self.assertTrue(self._open_menu(self.manager, f"{MODULE}.menu_service_parts_report"))
        defaults = self._open_menu(self.manager, f"{MODULE}.menu_service_settings")
        self.assertEqual(
            defaults["service_response_hours_3"], self.company.service_response_hours_3
        )

    def test_inventory_user_validates_deliveries_and_sees_no_service_figures(self):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock_location.id,
                "location_dest_id": self.customer_location.id,
                "partner_id": self.customer.id,
            }
        )
        records = self._open_menu(self.stock_user, "stock.out_picking")
        self.assertIn(picking.id, [r["id"] for r in records])
        menus = self.env["ir.ui.menu"].with_user(self.stock_user).load_menus(False)
        for xmlid in ("menu_service_root", "menu_stock_service_parts_report"):
            self.assertNotIn(self.env.ref(f"{MODULE}.{xmlid}").id, menus, xmlid)
        for model in ("service.request", "service.equipment", "service.parts.report"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.stock_user).search([], limit=1)
        # the customer's service counts are not even fields for an inventory user
        partner = self.customer.with_user(self.stock_user)
        self.assertNotIn("service_request_count", partner.fields_get())
        with self.assertRaises(AccessError):
            partner.read(["service_request_count"])
        self.assertEqual(
            self.customer.with_user(self.salesman).read(["service_request_count"])[0][
                "service_request_count"
            ],
            1,
        )
        arch = partner.get_views([[False, "form"]])["views"]["form"]["arch"]
        self.assertNotIn("service_request_count", arch)


@tagged("post_install", "-at_install")
class TestServiceSettings(ServiceCase):
    def test_service_manager_opens_and_saves_the_settings(self):
        self.assertFalse(self.manager.has_group("base.group_system"))
        self.assertFalse(self.manager.has_group("base.group_erp_manager"))
        form = Form(self.env["service.settings"].with_user(self.manager))
        self.assertEqual(form.service_response_hours_0, self.company.service_response_hours_0)
        form.service_response_hours_3 = 4.0
        form.service_default_point_id = self.point_b
        settings = form.save()
        action = settings.action_save()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.company.service_response_hours_3, 4.0)
        self.assertEqual(self.company.service_default_point_id, self.point_b)
        # the company's constraints still apply to what the form saves
        settings.service_response_hours_0 = -1
        with self.assertRaises(UserError):
            settings.action_save()

    def test_service_user_and_others_are_refused(self):
        stock_user = new_test_user(self.env, "sv_set_stock", groups="stock.group_stock_user")
        for user in (self.technician_a, self.salesman, stock_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["service.settings"].with_user(user).default_get(
                        ["service_response_hours_0"]
                    )
                with self.assertRaises(AccessError):
                    self.env["service.settings"].with_user(user).create(
                        {"service_response_hours_0": 1.0}
                    )
                menus = self.env["ir.ui.menu"].with_user(user).load_menus(False)
                self.assertNotIn(self.env.ref(f"{MODULE}.menu_service_settings").id, menus)
        # nor can a technician write the company directly
        with self.assertRaises(AccessError):
            self.company.with_user(self.technician_a).service_response_hours_0 = 1.0

    def test_admin_settings_page_has_an_after_sales_app(self):
        arch = self.env["res.config.settings"].get_views([[False, "form"]])["views"]["form"]["arch"]
        self.assertIn(f'name="{MODULE}"', arch)
        self.assertIn('name="service_requests_settings"', arch)

    def test_default_point_serves_provinces_without_a_point(self):
        far = self.env["res.partner"].create(
            {
                "name": "Harbin Tools",
                "is_company": True,
                "state_id": self.env.ref("base.state_cn_HL").id,
            }
        )
        self.company.service_default_point_id = self.point_b
        request = self.env["service.request"].create({"partner_id": far.id})
        self.assertEqual(request.service_point_id, self.point_b)
        # a covered province keeps its own point
        self.assertEqual(
            self._request(self._equipment("2026-01-01")).service_point_id, self.point_a
        )


@tagged("post_install", "-at_install")
class TestLateFilter(ServiceCase):
    def test_late_compares_the_deadline_with_now(self):
        equipment = self._equipment("2026-01-01")
        with freeze_time("2026-06-15 00:00:00"):
            # urgent: 8 hours, due 2026-06-15 08:00 (UTC)
            request = self._request(equipment, priority="3")
        self.assertEqual(str(request.date_deadline), "2026-06-15 08:00:00")
        Request = self.env["service.request"].with_user(self.technician_a)
        domain = [("id", "=", request.id), ("is_late", "=", True)]
        with freeze_time("2026-06-15 07:00:00"):
            self.assertFalse(Request.search(domain))
            self.assertFalse(request.is_late)
            self.assertEqual(
                Request.search([("id", "=", request.id), ("is_late", "=", False)]), request
            )
        with freeze_time("2026-06-15 10:00:00"):
            request.invalidate_recordset(["is_late"])
            self.assertEqual(Request.search(domain), request)
            self.assertTrue(request.is_late)
            self.assertFalse(Request.search([("id", "=", request.id), ("is_late", "!=", True)]))
            # a finished request is never late
            request.action_cancel()
            self.assertFalse(Request.search(domain))
        with self.assertRaises(UserError):
            Request.search([("is_late", ">", 1)])
        arch = self.env.ref(f"{MODULE}.service_request_view_search").arch
        self.assertIn("[('is_late', '=', True)]", arch)
