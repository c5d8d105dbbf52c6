from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import zh_cn_env


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        env = zh_cn_env(self.env, "crm_manufacturing_team")
        labels = dict(env["crm.lead.team.member"]._fields["role"]._description_selection(env))
        self.assertEqual(labels["presales"], "售前工程师")
        self.assertEqual(labels["project_manager"], "项目经理")
        self.assertEqual(env["ir.model"]._get("crm.handover").name, "交接")
        self.assertEqual(
            env.ref("crm_manufacturing_team.action_report_handover_brief").name, "交接简报"
        )
