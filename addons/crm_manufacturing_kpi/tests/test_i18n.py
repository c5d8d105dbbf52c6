from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import zh_cn_env


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        env = zh_cn_env(self.env, "crm_manufacturing_kpi")
        report = env["crm.sales.kpi.report"]
        self.assertEqual(report._fields["visit_count"]._description_string(env), "拜访次数")
        self.assertEqual(
            report._fields["decider_meeting_count"]._description_string(env), "见到决策人次数"
        )
        self.assertEqual(env["ir.model"]._get("crm.sales.target").name, "销售目标")
        dashboard = env.ref("crm_manufacturing_kpi.spreadsheet_dashboard_manufacturing_crm")
        self.assertEqual(dashboard.name, "制造业CRM")
