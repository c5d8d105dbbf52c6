import base64

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWebClient(HttpCase):
    def test_settings_show_the_manufacturing_section(self):
        self.start_tour(
            "/odoo/action-crm.crm_config_settings_action",
            "crm_manufacturing_settings_tour",
            login="admin",
        )

    def test_funnel_result_page(self):
        # title in the breadcrumb, no New button, rates in percent, the lead/opportunity choice
        self.start_tour(
            "/odoo/action-crm_manufacturing.crm_funnel_wizard_action",
            "crm_manufacturing_funnel_tour",
            login="admin",
        )

    def test_xmlrpc_authenticate_and_export(self):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "admin", "admin", {})
        self.assertEqual(uid, self.env.ref("base.user_admin").id)
        result = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            "admin",
            "crm.manufacturing.xlsx",
            "export",
            ["Demo", [{"label": "Name", "type": "char"}], [["A"], ["B"]]],
        )
        self.assertEqual(result["filename"], "Demo.xlsx")
        self.assertTrue(base64.b64decode(result["data"]).startswith(b"PK"))

    def test_xmlrpc_get_funnel(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "admin", "admin", {})
        funnel = self.xmlrpc_object.execute_kw(
            db,
            uid,
            "admin",
            "crm.lead.stage.history",
            "get_funnel",
            ["2026-01-01", "2026-12-31"],
            {"domain": []},
        )
        stages = self.env["crm.stage"].search([])
        self.assertEqual([row["stage_id"] for row in funnel], stages.ids)
        for row in funnel:
            self.assertEqual(
                row["opening"] + row["inflow"],
                row["outflow"] + row["won"] + row["lost"] + row["remaining"],
            )
