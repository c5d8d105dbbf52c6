from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CustomerCase


@tagged("post_install", "-at_install")
class TestAccess(CustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Access Plant", "is_company": True, "user_id": cls.salesman.id}
        )
        cls._order(cls.customer, 5000)
        cls.employee = new_test_user(cls.env, login="customer_employee", groups="base.group_user")
        cls.manager = new_test_user(
            cls.env, login="customer_manager", groups="sales_team.group_sale_manager"
        )

    def test_salesperson_reads_the_figures_of_their_customer(self):
        customer = self.customer.with_user(self.salesman)
        self.assertEqual(customer.customer_stage, "customer")
        self.assertEqual(customer.rfm_frequency, 1)
        self.assertEqual(customer.rfm_monetary, 5000)
        self.assertTrue(customer.rfm_segment)

    def test_figures_cannot_be_written_even_by_a_sales_manager(self):
        for user in (self.salesman, self.manager):
            customer = self.customer.with_user(user)
            for vals in (
                {"customer_stage": "repeat"},
                {"rfm_r": 5},
                {"rfm_segment": "champion"},
                {"wallet_share_percent": 90},
                {"profile_completeness": 100},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    customer.write(vals)
        with self.assertRaises(UserError):
            self.env["res.partner"].create({"name": "Forged", "rfm_segment": "champion"})

    def test_salesperson_types_the_estimated_annual_spend(self):
        customer = self.customer.with_user(self.salesman)
        customer.estimated_annual_spend = 10000
        self.assertEqual(customer.wallet_share_percent, 50)

    def test_user_without_sales_rights_cannot_read_the_figures(self):
        customer = self.customer.with_user(self.employee)
        self.assertTrue(customer.name)
        for name in ("customer_stage", "rfm_segment", "rfm_monetary", "wallet_share_percent"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                customer.read([name])

    def test_order_ratio_cannot_be_written(self):
        order = self._order(self.customer, 100, confirm=False).with_user(self.salesman)
        with self.assertRaises(UserError):
            order.write({"customer_order_ratio": 9})
