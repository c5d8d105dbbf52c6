import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_kpi_credit"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_translates_every_string_of_the_template(self):
        path = get_module_path(MODULE)
        pot = {entry.msgid for entry in polib.pofile(os.path.join(path, "i18n", f"{MODULE}.pot"))}
        po = polib.pofile(os.path.join(path, "i18n", "zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
        self.assertTrue(pot)
        self.assertFalse(sorted(pot - translated), f"{MODULE}: untranslated in zh_CN.po")
