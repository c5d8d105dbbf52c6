from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDashboardWeb(HttpCase):
    def test_dashboard_opens_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "crm_manufacturing_kpi")]
        )._update_translations(["zh_CN"])
        self.env.ref("base.user_admin").lang = "zh_CN"
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "crm_manufacturing_kpi_dashboard_tour",
            login="admin",
        )
