from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCreditWebClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.account_use_credit_limit = True
        customer = cls.env["res.partner"].create(
            {"name": "Tour Foundry Co.", "is_company": True, "credit_limit": 1000.0}
        )
        product = cls.env["product.product"].create(
            {
                "name": "Tour Casting Line",
                "type": "consu",
                "list_price": 5000.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
            }
        )

    def test_blocked_confirmation_then_approval_in_the_web_client(self):
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{self.order.id}",
            "crm_manufacturing_credit_approval_tour",
            login="admin",
        )
        self.assertEqual(self.order.credit_approval_state, "approved")
        self.assertEqual(self.order.credit_approved_by_id, self.env.ref("base.user_admin"))
        self.assertEqual(self.order.state, "sale")
