import io
import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

MODULE = "crm_manufacturing_contract"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_pot_is_current_and_zh_cn_translates_all_of_it(self):
        """The .pot holds every string of the installed module (a stale .pot would let new
        strings escape the completeness check), and zh_CN.po translates each of them."""
        buffer = io.BytesIO()
        trans_export(False, [MODULE], buffer, "po", self.env.cr)
        current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode()) if entry.msgid}
        path = os.path.join(get_module_path(MODULE), "i18n")
        pot = {entry.msgid for entry in polib.pofile(os.path.join(path, f"{MODULE}.pot"))}
        self.assertFalse(sorted(current - pot), "strings missing from the .pot: run make i18n")
        po = polib.pofile(os.path.join(path, "zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
        self.assertFalse(sorted(current - translated), "untranslated in zh_CN.po")

    def test_user_words_say_installment(self):
        """Odoo's word is "installment": no user-facing "money step" is left."""
        path = os.path.join(get_module_path(MODULE), "i18n", f"{MODULE}.pot")
        offending = [
            entry.msgid for entry in polib.pofile(path) if "money step" in entry.msgid.lower()
        ]
        self.assertFalse(offending)
