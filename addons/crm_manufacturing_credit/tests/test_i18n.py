from odoo.tests import TransactionCase, tagged

MODULES = ("crm_manufacturing_credit", "crm_manufacturing_credit_stock")


@tagged("post_install", "-at_install")
class TestCreditTranslations(TransactionCase):
    def test_zh_cn_aging_labels_say_zhang_ling(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "crm_manufacturing_credit")]
        )._update_translations(["zh_CN"])
        env = self.env(context={"lang": "zh_CN"})
        fields_ = self.env["res.partner"]._fields
        for name in ("aging_1_30", "aging_31_60", "aging_61_90", "aging_over_90"):
            with self.subTest(field=name):
                self.assertIn("账龄", fields_[name]._description_string(env))
        arch = env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('string="账龄"', arch)
