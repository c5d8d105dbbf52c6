from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMenus(TransactionCase):
    """Each role reaches its reports from a menu it can open, and the report loads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(cls.env, "menu_rep", groups="sales_team.group_sale_salesman")
        cls.accountant = new_test_user(
            cls.env, "menu_accountant", groups="account.group_account_invoice"
        )

    def _reachable(self, user):
        """The menus the web client shows the user (the tree from the root)."""
        return set(self.env["ir.ui.menu"].with_user(user).load_menus(False))

    def _check(self, user, menu_xmlids):
        reachable = self._reachable(user)
        for xmlid in menu_xmlids:
            menu = self.env.ref(xmlid)
            with self.subTest(user=user.login, menu=xmlid):
                self.assertIn(menu.id, reachable)
                action = menu.action
                records = (
                    self.env[action.res_model]
                    .with_user(user)
                    .search(
                        action._get_eval_domain() if hasattr(action, "_get_eval_domain") else [],
                        limit=5,
                    )
                )
                self.assertIsNotNone(records)

    def test_salesperson_reaches_plans_collection_and_cash(self):
        self._check(
            self.salesman,
            [
                "crm_manufacturing_contract.sale_execution_step_menu",
                "crm_manufacturing_contract.sale_execution_step_menu_collection_crm",
                "crm_manufacturing_contract.crm_cash_forecast_menu_crm",
            ],
        )
        # Sales › Reporting is the sales managers'
        self.assertNotIn(
            self.env.ref("crm_manufacturing_contract.sale_execution_step_menu_collection").id,
            self._reachable(self.salesman),
        )

    def test_accountant_reaches_plans_collection_and_cash(self):
        self._check(
            self.accountant,
            [
                "crm_manufacturing_contract.sale_execution_step_menu_account",
                "crm_manufacturing_contract.sale_execution_step_menu_collection_account",
                "crm_manufacturing_contract.crm_cash_forecast_menu_account",
            ],
        )
