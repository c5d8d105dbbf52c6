from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_service_groups_installed(self):
        user = self.env.ref("crm_manufacturing_service.group_service_user")
        manager = self.env.ref("crm_manufacturing_service.group_service_manager")
        self.assertIn(user, manager.implied_ids)
        self.assertIn(self.env.ref("stock.group_stock_user"), user.implied_ids)

    def test_after_sales_role_selector_on_the_user_form(self):
        category = self.env.ref("crm_manufacturing_service.module_category_after_sales")
        apps = {
            app: (kind, groups)
            for app, kind, groups, _section in self.env["res.groups"].get_groups_by_application()
        }
        kind, groups = apps[category]
        self.assertEqual(kind, "selection")
        self.assertEqual(
            groups.mapped(lambda g: g.get_external_id()[g.id]),
            [
                "crm_manufacturing_service.group_service_user",
                "crm_manufacturing_service.group_service_manager",
            ],
        )
