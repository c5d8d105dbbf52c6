from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tools import server_mark, server_marked


@tagged("post_install", "-at_install")
class TestServerMarks(TransactionCase):
    def test_only_a_mark_made_by_the_server_is_read(self):
        partner = self.env["res.partner"].create({"name": "Marked"})
        marked = server_marked(partner, "crm_test_key", "form")
        self.assertEqual(server_mark(marked.env, "crm_test_key"), "form")
        self.assertTrue(server_mark(server_marked(partner, "crm_test_key").env, "crm_test_key"))
        # whatever a client can send under the key (JSON values) reads as the default
        for sent in (True, "form", 1, ["form"], {"value": "form"}):
            env = partner.with_context(crm_test_key=sent).env
            self.assertIsNone(server_mark(env, "crm_test_key"), sent)
            self.assertEqual(server_mark(env, "crm_test_key", "none"), "none")
