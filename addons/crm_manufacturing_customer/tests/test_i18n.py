from odoo.tests import TransactionCase, tagged

MODULES = ("crm_manufacturing_customer", "crm_manufacturing_customer_service")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_stage_names(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "crm_manufacturing_customer")]
        )._update_translations(["zh_CN"])
        labels = dict(
            self.env["res.partner"]
            ._fields["customer_stage"]
            ._description_selection(self.env(context={"lang": "zh_CN"}))
        )
        self.assertEqual(labels["target"], "目标客户")
        self.assertEqual(labels["prospect"], "潜在客户")
        self.assertEqual(labels["customer"], "成交客户")
        self.assertEqual(labels["repeat"], "重复购买")
