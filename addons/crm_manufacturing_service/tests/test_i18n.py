import os

import polib

from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import tagged

from .common import ServiceCase

MODULE = "crm_manufacturing_service"


@tagged("post_install", "-at_install")
class TestServiceTranslations(ServiceCase):
    def test_zh_cn_translates_every_string_of_the_template(self):
        path = os.path.join(get_module_path(MODULE), "i18n")
        pot = {entry.msgid for entry in polib.pofile(os.path.join(path, f"{MODULE}.pot"))}
        po = polib.pofile(os.path.join(path, "zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr and not entry.obsolete}
        self.assertFalse(sorted(pot - translated), "untranslated in zh_CN.po")

    def test_refusals_are_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        request = self._request(self._equipment("2025-01-10"))
        with self.assertRaisesRegex(UserError, "只能通过请求上的按钮"):
            request.with_context(lang="zh_CN").write({"state": "done"})
        with self.assertRaisesRegex(UserError, "请改为归档"):
            request.equipment_id.with_user(self.manager).with_context(lang="zh_CN").unlink()
