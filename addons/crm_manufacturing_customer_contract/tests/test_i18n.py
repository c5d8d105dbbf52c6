from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_customer_contract"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_block_label(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        field = self.env["res.partner"]._fields["customer_overdue_installment_count"]
        self.assertEqual(
            field._description_string(self.env(context={"lang": "zh_CN"})), "逾期分期收款"
        )
