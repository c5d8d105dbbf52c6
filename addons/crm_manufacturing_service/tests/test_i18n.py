from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceCase

MODULE = "crm_manufacturing_service"


@tagged("post_install", "-at_install")
class TestServiceTranslations(ServiceCase):
    def test_refusals_are_translated(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        request = self._request(self._equipment("2025-01-10"))
        with self.assertRaisesRegex(UserError, "只能通过请求上的按钮"):
            request.with_context(lang="zh_CN").write({"state": "done"})
        with self.assertRaisesRegex(UserError, "请改为归档"):
            request.equipment_id.with_user(self.manager).with_context(lang="zh_CN").unlink()
