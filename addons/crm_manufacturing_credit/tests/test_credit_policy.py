"""The credit policy: a page credit managers open (Accounting › Configuration › Credit Policy),
the administrators' settings in Accounting's app, and the validation of the score weights."""

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

POLICY_VIEW = "crm_manufacturing_credit.res_company_view_form_credit_policy"


@tagged("post_install", "-at_install")
class TestCreditPolicy(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.credit_manager = new_test_user(
            cls.env,
            login="policy_boss",
            groups="crm_manufacturing_credit.group_credit_manager",
            company_id=cls.company.id,
        )
        cls.salesman = new_test_user(
            cls.env,
            login="policy_rep",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )
        cls.accountant = new_test_user(
            cls.env,
            login="policy_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )
        cls.menu = cls.env.ref("crm_manufacturing_credit.res_company_menu_credit_policy")
        cls.action = cls.env.ref("crm_manufacturing_credit.res_company_action_credit_policy")

    def _menus(self, user):
        return set(self.env["ir.ui.menu"].with_user(user).load_menus(False))

    def test_credit_manager_opens_the_credit_policy_and_saves_it(self):
        self.assertFalse(self.credit_manager.has_group("base.group_erp_manager"))
        self.assertFalse(self.credit_manager.has_group("account.group_account_manager"))
        menus = self._menus(self.credit_manager)
        self.assertIn(self.menu.id, menus)
        self.assertIn(self.env.ref("account.menu_finance_configuration").id, menus)
        # Odoo's accounting configuration stays the accounting managers'
        self.assertNotIn(self.env.ref("account.account_account_menu").id, menus)
        self.assertNotIn(self.env.ref("account.menu_account_config").id, menus)
        action = self.action.with_user(self.credit_manager).run()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.company", self.company.id))
        view_id = action["views"][0][0]
        self.assertEqual(view_id, self.env.ref(POLICY_VIEW).id)
        with Form(self.company.with_user(self.credit_manager), view=POLICY_VIEW) as policy:
            policy.credit_overdue_hold_days = 45
            policy.credit_provision_61_90 = 25.0
            policy.credit_score_weight_payment = 10
        self.assertRecordValues(
            self.company,
            [
                {
                    "credit_overdue_hold_days": 45,
                    "credit_provision_61_90": 25.0,
                    "credit_score_weight_payment": 10,
                }
            ],
        )

    def test_credit_policy_form_holds_only_the_credit_fields(self):
        arch = self.env["res.company"].get_view(self.env.ref(POLICY_VIEW).id, "form")["arch"]
        names = {node.get("name") for node in etree.fromstring(arch).iter("field")}
        self.assertIn("credit_score_weight_payment", names)
        self.assertLessEqual(names - {"name"}, self.env["res.company"]._get_credit_policy_fields())

    def test_credit_manager_changes_nothing_else_of_the_company(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.credit_manager).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.company.with_user(self.credit_manager).write(
                {"credit_overdue_hold_days": 30, "email": "x@example.com"}
            )
        self.assertNotEqual(self.company.name, "Renamed")

    def test_salesperson_and_accountant_are_refused(self):
        for user in (self.salesman, self.accountant):
            with self.subTest(user=user.login):
                self.assertNotIn(self.menu.id, self._menus(user))
                with self.assertRaises(AccessError):
                    self.action.with_user(user).run()
                with self.assertRaises(AccessError):
                    self.env["res.company"].with_user(user).action_open_credit_policy()
                with self.assertRaises(AccessError):
                    self.company.with_user(user).write({"credit_overdue_hold_days": 5})
        self.assertNotEqual(self.company.credit_overdue_hold_days, 5)

    def test_score_weights_are_validated(self):
        policy = self.company.with_user(self.credit_manager)
        for values in (
            {"credit_score_weight_payment": -1},
            {"credit_score_weight_utilization": 101},
            {
                "credit_score_weight_utilization": 0,
                "credit_score_weight_overdue_share": 0,
                "credit_score_weight_overdue_days": 0,
                "credit_score_weight_payment": 0,
            },
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                policy.write(values)
        policy.write({"credit_score_weight_utilization": 0, "credit_score_weight_payment": 100})

    def test_administrators_settings_in_the_accounting_app(self):
        admin = self.env.ref("base.user_admin")
        arch = (
            self.env["res.config.settings"]
            .with_user(admin)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        root = etree.fromstring(arch)
        block = root.xpath(
            "//app[@name='account']//block[@name='crm_manufacturing_credit_settings']"
        )
        self.assertTrue(block, "the credit block is in Accounting's settings app")
        self.assertFalse(root.xpath("//app[@name='crm']//setting[@id='credit_provision_rates']"))
        # one input per provision rate, each on its own row with its label
        rows = block[0].xpath(
            ".//setting[@id='credit_provision_rates']//div[contains(concat(' ', @class, ' '), ' row ')]"
        )
        self.assertEqual(len(rows), 5)
        settings = Form(self.env["res.config.settings"].with_user(admin))
        settings.credit_provision_over_90 = 60.0
        settings.credit_score_weight_overdue_days = 25
        settings.save().execute()
        self.assertEqual(self.company.credit_provision_over_90, 60.0)
        self.assertEqual(self.company.credit_score_weight_overdue_days, 25)
