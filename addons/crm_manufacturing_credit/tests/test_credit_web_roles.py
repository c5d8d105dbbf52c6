from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCreditWebRoles(HttpCase):
    """In the browser, as the users who do it: a credit manager saves the credit policy, a
    salesperson reads the credit banner of a quotation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.credit_manager = new_test_user(
            cls.env,
            login="tour_credit_boss",
            password="tour_credit_boss",
            groups="crm_manufacturing_credit.group_credit_manager",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="tour_credit_rep",
            password="tour_credit_rep",
            groups="sales_team.group_sale_salesman",
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Banner Foundry Co", "is_company": True}
        )
        customer.credit_limit = 100000
        product = cls.env["product.product"].create(
            {
                "name": "Tour Banner Lathe",
                "type": "consu",
                "list_price": 5000.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.salesman)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1})
                    ],
                }
            )
        )

    def test_credit_manager_saves_the_credit_policy(self):
        self.assertFalse(self.credit_manager.has_group("base.group_system"))
        self.start_tour(
            "/odoo/action-crm_manufacturing_credit.res_company_action_credit_policy",
            "crm_manufacturing_credit_policy_tour",
            login="tour_credit_boss",
        )
        self.assertEqual(self.env.company.credit_overdue_hold_days, 75)

    def test_salesperson_reads_the_credit_banner_of_a_quotation(self):
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{self.order.id}",
            "crm_manufacturing_credit_banner_tour",
            login="tour_credit_rep",
        )
