from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_team"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        env = self.env(context={"lang": "zh_CN"})
        labels = dict(env["crm.lead.team.member"]._fields["role"]._description_selection(env))
        self.assertEqual(labels["presales"], "售前工程师")
        self.assertEqual(labels["project_manager"], "项目经理")
        self.assertEqual(env["ir.model"]._get("crm.handover").name, "交接")
        self.assertEqual(
            env.ref("crm_manufacturing_team.action_report_handover_brief").name, "交接简报"
        )
