from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_competitor"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        env = self.env(context={"lang": "zh_CN"})
        self.assertEqual(env["ir.model"]._get("crm.competitor").name, "竞争对手")
        labels = dict(env["crm.lead"]._fields["loss_factor"]._description_selection(env))
        self.assertEqual(labels["price"], "价格")
        self.assertEqual(
            env["crm.competitor"]._fields["win_rate"]._description_string(env), "赢单率 (%)"
        )
