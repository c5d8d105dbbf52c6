from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import zh_cn_env


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_complaints_label_in_chinese(self):
        env = zh_cn_env(self.env, "crm_manufacturing_kpi_service")
        field = env["crm.sales.kpi.report"]._fields["complaint_count"]
        self.assertEqual(field._description_string(env), "投诉次数")
