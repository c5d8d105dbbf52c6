from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_expense"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        env = self.env(context={"lang": "zh_CN"})
        self.assertEqual(
            env["ir.model"]._get("crm.expense.budget.report").with_context(lang="zh_CN").name,
            "预算执行分析",
        )
