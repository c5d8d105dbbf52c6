from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import zh_cn_env


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        env = zh_cn_env(self.env, "crm_manufacturing_competitor")
        self.assertEqual(env["ir.model"]._get("crm.competitor").name, "竞争对手")
        labels = dict(env["crm.lead"]._fields["loss_factor"]._description_selection(env))
        self.assertEqual(labels["price"], "价格")
        self.assertEqual(
            env["crm.competitor"]._fields["win_rate"]._description_string(env), "赢单率 (%)"
        )
