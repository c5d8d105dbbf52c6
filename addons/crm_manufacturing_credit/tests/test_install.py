from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_credit_manager_group_installed(self):
        group = self.env.ref("crm_manufacturing_credit.group_credit_manager")
        category = self.env.ref("crm_manufacturing_credit.module_category_credit_control")
        self.assertEqual(group.category_id, category)
        # the user form shows a role selector (none / Credit Manager), not a loose checkbox
        kinds = {
            app: kind
            for app, kind, _groups, _section in self.env["res.groups"].get_groups_by_application()
        }
        self.assertEqual(kinds[category], "selection")
        self.assertIn(self.env.ref("account.group_account_invoice"), group.implied_ids)
