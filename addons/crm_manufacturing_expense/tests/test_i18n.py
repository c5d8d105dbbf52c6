from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import zh_cn_env


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_loads_into_odoo(self):
        env = zh_cn_env(self.env, "crm_manufacturing_expense")
        self.assertEqual(env["ir.model"]._get("crm.expense.budget.report").name, "预算执行分析")
