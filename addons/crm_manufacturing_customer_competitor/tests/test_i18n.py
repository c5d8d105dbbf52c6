import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_customer_competitor"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_translates_every_string_of_the_template(self):
        path = get_module_path(MODULE)
        pot = {e.msgid for e in polib.pofile(os.path.join(path, "i18n", f"{MODULE}.pot"))}
        po = polib.pofile(os.path.join(path, "i18n", "zh_CN.po"))
        translated = {e.msgid for e in po if e.msgstr and not e.obsolete}
        self.assertTrue(pot, "the template lists the module's strings")
        self.assertFalse(sorted(pot - translated), "untranslated in zh_CN.po")

    def test_zh_cn_block_label(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        field = self.env["res.partner"]._fields["customer_lost_to_competitor_count"]
        self.assertEqual(
            field._description_string(self.env(context={"lang": "zh_CN"})), "输给竞争对手的商机"
        )
