import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

MODULES = ("crm_manufacturing_kpi", "crm_manufacturing_kpi_service")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_translates_every_string_of_the_template(self):
        for module in MODULES:
            path = get_module_path(module)
            if not path:
                continue
            with self.subTest(module=module):
                pot = {
                    entry.msgid
                    for entry in polib.pofile(os.path.join(path, "i18n", f"{module}.pot"))
                }
                po = polib.pofile(os.path.join(path, "i18n", "zh_CN.po"))
                translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
                self.assertTrue(pot)
                self.assertFalse(sorted(pot - translated), f"{module}: untranslated in zh_CN.po")

    def test_zh_cn_loads_into_odoo(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "crm_manufacturing_kpi")]
        )._update_translations(["zh_CN"])
        env = self.env(context={"lang": "zh_CN"})
        report = env["crm.sales.kpi.report"]
        self.assertEqual(report._fields["visit_count"]._description_string(env), "拜访次数")
        self.assertEqual(
            report._fields["decider_meeting_count"]._description_string(env), "见到决策人次数"
        )
        self.assertEqual(env["ir.model"]._get("crm.sales.target").name, "销售目标")
        dashboard = env.ref("crm_manufacturing_kpi.spreadsheet_dashboard_manufacturing_crm")
        self.assertEqual(dashboard.name, "制造业CRM")
