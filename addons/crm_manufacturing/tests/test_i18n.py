import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

# every addon of the repository (the folder next to this one), glue addons included
MODULES = sorted(
    name
    for name in os.listdir(os.path.dirname(get_module_path("crm_manufacturing")))
    if name.startswith("crm_manufacturing")
)


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_translates_every_string_of_the_template(self):
        for module in MODULES:
            path = get_module_path(module)
            pot_path = os.path.join(path, "i18n", f"{module}.pot")
            if not os.path.exists(pot_path):
                continue
            with self.subTest(module=module):
                pot = {entry.msgid for entry in polib.pofile(pot_path)}
                po = polib.pofile(os.path.join(path, "i18n", "zh_CN.po"))
                translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
                self.assertFalse(sorted(pot - translated), f"{module}: untranslated in zh_CN.po")

    def test_zh_cn_loads_into_odoo(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "crm_manufacturing")]
        )._update_translations(["zh_CN"])
        labels = dict(
            self.env["crm.decision.member"]
            .with_context(lang="zh_CN")
            ._fields["role"]
            ._description_selection(self.env(context={"lang": "zh_CN"}))
        )
        self.assertEqual(labels["decider"], "决策者")
        self.assertEqual(labels["gatekeeper"], "把关者")
