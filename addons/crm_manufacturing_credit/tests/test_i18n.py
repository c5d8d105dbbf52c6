import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

MODULES = ("crm_manufacturing_credit", "crm_manufacturing_credit_stock")


@tagged("post_install", "-at_install")
class TestCreditTranslations(TransactionCase):
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
                self.assertFalse(sorted(pot - translated), f"{module}: untranslated in zh_CN.po")
