from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..models.res_partner import CUSTOMER_FIGURES
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

    def test_no_figure_is_writable_through_any_entry_point(self):
        """Every figure the server computes is read-only for the web client (fields_get) and
        refused by write, create and import (XML-RPC's load) for the salesperson, with the
        stored values unchanged."""
        figures = sorted(CUSTOMER_FIGURES)
        Partner = self.env["res.partner"].with_user(self.salesman)
        described = Partner.fields_get(figures, ["readonly"])
        self.assertEqual(sorted(described), figures, "the salesperson sees every figure")
        self.assertTrue(all(attrs["readonly"] for attrs in described.values()))
        customer = self.customer.with_user(self.salesman)
        before = customer.read(figures)[0]
        forged = {
            "customer_stage": "repeat",
            "customer_stage_date": "2020-01-01 00:00:00",
            "rfm_last_order_date": "2020-01-01",
            "rfm_segment": "champion",
            "profile_missing": "nothing",
        }
        for name in figures:
            value = forged.get(name, 99)
            with self.subTest(field=name), self.assertRaises(UserError):
                customer.write({name: value})
            with self.subTest(field=name, create=True), self.assertRaises(UserError):
                Partner.create({"name": "Forged", name: value})
        result = Partner.load([".id", "rfm_segment"], [[str(self.customer.id), "champion"]])
        self.assertTrue(result["messages"], "the import is refused")
        self.assertFalse(result["ids"])
        self.env.invalidate_all()
        self.assertEqual(customer.read(figures)[0], before)

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
