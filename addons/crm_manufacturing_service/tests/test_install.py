from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_service_groups_installed(self):
        user = self.env.ref("crm_manufacturing_service.group_service_user")
        manager = self.env.ref("crm_manufacturing_service.group_service_manager")
        self.assertIn(user, manager.implied_ids)
        self.assertIn(self.env.ref("stock.group_stock_user"), user.implied_ids)
