from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_credit_manager_group_installed(self):
        group = self.env.ref("crm_manufacturing_credit.group_credit_manager")
        self.assertEqual(
            group.category_id, self.env.ref("crm_manufacturing.module_category_manufacturing_crm")
        )
        self.assertIn(self.env.ref("account.group_account_invoice"), group.implied_ids)
