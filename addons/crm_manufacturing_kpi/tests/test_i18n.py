from odoo.tests import TransactionCase, tagged

MODULES = ("crm_manufacturing_kpi", "crm_manufacturing_kpi_service")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "crm_manufacturing_kpi")]
        )._update_translations(["zh_CN"])
        env = self.env(context={"lang": "zh_CN"})
        report = env["crm.sales.kpi.report"]
        self.assertEqual(report._fields["visit_count"]._description_string(env), "拜访次数")
        self.assertEqual(
            report._fields["decider_meeting_count"]._description_string(env), "见到决策人次数"
        )
        self.assertEqual(env["ir.model"]._get("crm.sales.target").name, "销售目标")
        dashboard = env.ref("crm_manufacturing_kpi.spreadsheet_dashboard_manufacturing_crm")
        self.assertEqual(dashboard.name, "制造业CRM")
