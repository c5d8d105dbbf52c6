from odoo.tests import HttpCase, tagged

from odoo.addons.crm_manufacturing.tests.common import zh_cn_env


@tagged("post_install", "-at_install")
class TestDashboardWeb(HttpCase):
    def test_dashboard_opens_in_chinese(self):
        zh_cn_env(self.env, "crm_manufacturing_kpi")
        self.env.ref("base.user_admin").lang = "zh_CN"
        self.start_tour(
            "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
            "crm_manufacturing_kpi_dashboard_tour",
            login="admin",
        )

    def test_get_kpis_over_xmlrpc(self):
        """get_kpis answers over XML-RPC (no None, many2one as [id, name]) for a salesperson,
        with their own rows only, and refuses bad arguments with a message."""
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "demo", "demo", {})
        self.assertEqual(uid, self.env.ref("base.user_demo").id)
        rows = self.xmlrpc_object.execute_kw(
            db,
            uid,
            "demo",
            "crm.sales.kpi.report",
            "get_kpis",
            ["2000-01-01", "2099-12-31", ["user_id", "date:year"]],
        )
        self.assertTrue(rows)
        self.assertEqual({row["user_id"][0] for row in rows}, {uid})
        self.assertIn("decider_meeting_count", rows[0])
        with self.assertRaisesRegex(Exception, "after its end"):
            self.xmlrpc_object.execute_kw(
                db, uid, "demo", "crm.sales.kpi.report", "get_kpis", ["2025-02-01", "2025-01-01"]
            )
