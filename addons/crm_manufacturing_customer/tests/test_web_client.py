from odoo.tests import HttpCase, tagged

from .common import CustomerCase


@tagged("post_install", "-at_install")
class TestCustomer360WebClient(HttpCase, CustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create(
            {"name": "Tour 360 Steel", "is_company": True, "user_id": cls.salesman.id}
        )
        person = cls.env["res.partner"].create({"name": "Tour Decider", "parent_id": customer.id})
        lead = cls.env["crm.lead"].create(
            {
                "name": "Tour Rolling Mill",
                "type": "opportunity",
                "partner_id": customer.id,
                "user_id": cls.salesman.id,
            }
        )
        cls.env["crm.decision.member"].create(
            {"lead_id": lead.id, "partner_id": person.id, "role": "decider"}
        )
        cls._order(customer, 1000, "2024-05-01 10:00:00")
        cls._order(customer, 2000, "2025-05-01 10:00:00")
        cls.customer = customer

    def test_salesperson_reads_the_customer_360_tab_and_opens_the_orders(self):
        self.start_tour(
            f"/odoo/res.partner/{self.customer.id}",
            "crm_manufacturing_customer_360_tour",
            login="customer_salesman",
        )
