from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_complaints_label_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "crm_manufacturing_kpi_service")]
        )._update_translations(["zh_CN"])
        env = self.env(context={"lang": "zh_CN"})
        field = env["crm.sales.kpi.report"]._fields["complaint_count"]
        self.assertEqual(field._description_string(env), "投诉次数")
