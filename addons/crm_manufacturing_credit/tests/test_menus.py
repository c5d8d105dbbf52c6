from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMenus(TransactionCase):
    """Salespeople, accountants and credit managers reach the Credit Risk report."""

    def test_each_role_reaches_credit_risk(self):
        cases = {
            "sales_team.group_sale_salesman": "credit_risk_report_menu_crm",
            "account.group_account_invoice": "credit_risk_report_menu_accounting",
            "crm_manufacturing_credit.group_credit_manager": "credit_risk_report_menu_accounting",
        }
        for groups, menu_name in cases.items():
            user = new_test_user(self.env, f"menu_{menu_name}_{groups}", groups=groups)
            menu = self.env.ref(f"crm_manufacturing_credit.{menu_name}")
            with self.subTest(groups=groups):
                reachable = set(self.env["ir.ui.menu"].with_user(user).load_menus(False))
                self.assertIn(menu.id, reachable)
                self.env["credit.risk.report"].with_user(user).search([], limit=5)
        plain = new_test_user(self.env, "menu_plain_user", groups="base.group_user")
        reachable = set(self.env["ir.ui.menu"].with_user(plain).load_menus(False))
        self.assertNotIn(
            self.env.ref("crm_manufacturing_credit.credit_risk_report_menu_crm").id, reachable
        )
