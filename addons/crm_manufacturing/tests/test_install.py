from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_module_installed_with_its_data(self):
        module = self.env["ir.module.module"].search([("name", "=", "crm_manufacturing")])
        self.assertEqual(module.state, "installed")
        category = self.env.ref("crm_manufacturing.module_category_manufacturing_crm")
        self.assertEqual(category.name, "Manufacturing CRM")
        self.assertTrue(self.env.ref("crm_manufacturing.res_config_settings_view_form").active)
