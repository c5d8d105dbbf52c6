import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

MODULE = "crm_manufacturing_contract"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_user_words_say_installment(self):
        """Odoo's word is "installment": no user-facing "money step" is left."""
        path = os.path.join(get_module_path(MODULE), "i18n", f"{MODULE}.pot")
        offending = [
            entry.msgid for entry in polib.pofile(path) if "money step" in entry.msgid.lower()
        ]
        self.assertFalse(offending)
