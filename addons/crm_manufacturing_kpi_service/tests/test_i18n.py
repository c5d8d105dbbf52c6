import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_translates_every_string_of_the_template(self):
        path = get_module_path("crm_manufacturing_kpi_service")
        pot = polib.pofile(os.path.join(path, "i18n", "crm_manufacturing_kpi_service.pot"))
        po = polib.pofile(os.path.join(path, "i18n", "zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
        self.assertIn("Complaints", translated)
        self.assertFalse(sorted({entry.msgid for entry in pot} - translated))

    def test_complaints_label_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "crm_manufacturing_kpi_service")]
        )._update_translations(["zh_CN"])
        env = self.env(context={"lang": "zh_CN"})
        field = env["crm.sales.kpi.report"]._fields["complaint_count"]
        self.assertEqual(field._description_string(env), "投诉次数")
