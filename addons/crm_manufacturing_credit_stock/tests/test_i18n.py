from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_credit_stock"


@tagged("post_install", "-at_install")
class TestCreditStockTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        field = self.env["res.company"]._fields["credit_block_delivery"]
        self.assertEqual(
            field._description_string(self.env(context={"lang": "zh_CN"})), "信用冻结时禁止发货"
        )
