import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_credit_stock"


@tagged("post_install", "-at_install")
class TestCreditStockTranslations(TransactionCase):
    def test_zh_cn_translates_every_string_of_the_template(self):
        path = get_module_path(MODULE)
        pot = {entry.msgid for entry in polib.pofile(os.path.join(path, "i18n", f"{MODULE}.pot"))}
        po = polib.pofile(os.path.join(path, "i18n", "zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
        self.assertTrue(pot)
        self.assertFalse(sorted(pot - translated), f"{MODULE}: untranslated in zh_CN.po")

    def test_zh_cn_loads_into_odoo(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        field = self.env["res.company"]._fields["credit_block_delivery"]
        self.assertEqual(
            field._description_string(self.env(context={"lang": "zh_CN"})), "信用冻结时禁止发货"
        )
