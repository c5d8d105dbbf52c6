import os

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

from .common import zh_cn_env

# every addon of the repository (the folder next to this one), glue addons included
MODULES = sorted(
    name
    for name in os.listdir(os.path.dirname(get_module_path("crm_manufacturing")))
    if name.startswith("crm_manufacturing")
)


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_zh_cn_translates_every_string_of_the_template(self):
        """The strings are exported from the installed code and data, not read from the .pot.

        A stale .pot (a string added in code but not exported) and a string missing
        from zh_CN.po both fail here; `make i18n` regenerates both files.
        """
        installed = set(
            self.env["ir.module.module"]
            .search([("name", "in", MODULES), ("state", "=", "installed")])
            .mapped("name")
        )
        self.assertIn("crm_manufacturing", installed)
        for module in MODULES:
            path = get_module_path(module)
            pot_path = os.path.join(path, "i18n", f"{module}.pot")
            po_path = os.path.join(path, "i18n", "zh_CN.po")
            with self.subTest(module=module):
                self.assertTrue(os.path.exists(pot_path), f"{module}: no i18n/{module}.pot")
                self.assertTrue(os.path.exists(po_path), f"{module}: no i18n/zh_CN.po")
                pot = {entry.msgid for entry in polib.pofile(pot_path)}
                po = polib.pofile(po_path)
                translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
                self.assertFalse(sorted(pot - translated), f"{module}: untranslated in zh_CN.po")
                if module not in installed:
                    continue
                exported = {
                    row[4]
                    for row in TranslationModuleReader(self.env.cr, modules=[module])
                    if row[0] == module and row[4]
                }
                self.assertFalse(
                    sorted(exported - pot),
                    f"{module}: i18n/{module}.pot is stale (run make i18n)",
                )

    def test_zh_cn_loads_into_odoo(self):
        env = zh_cn_env(self.env, "crm_manufacturing")
        labels = dict(env["crm.decision.member"]._fields["role"]._description_selection(env))
        self.assertEqual(labels["decider"], "决策者")
        self.assertEqual(labels["gatekeeper"], "把关者")
