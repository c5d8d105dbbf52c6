from odoo.tests import new_test_user, tagged

from .common import CustomerCase


@tagged("post_install", "-at_install")
class TestCustomer360(CustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Three Sixty Steel", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.wang = Partner.create({"name": "Wang Decider", "parent_id": cls.customer.id})
        cls.li = Partner.create({"name": "Li User", "parent_id": cls.customer.id})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Rolling mill",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "expected_revenue": 800000,
                "user_id": cls.salesman.id,
            }
        )
        cls.old_lead = cls.env["crm.lead"].create(
            {"name": "Old furnace", "type": "opportunity", "partner_id": cls.customer.id}
        )
        Member = cls.env["crm.decision.member"]
        cls.members = Member.create(
            [
                {
                    "lead_id": cls.lead.id,
                    "partner_id": cls.wang.id,
                    "role": "decider",
                    "last_contact_date": "2026-05-01",
                },
                {
                    "lead_id": cls.old_lead.id,
                    "partner_id": cls.wang.id,
                    "role": "decider",
                    "last_contact_date": "2025-01-01",
                },
                {"lead_id": cls.lead.id, "partner_id": cls.li.id, "role": "user"},
            ]
        )
        cls.old_lead.action_set_won()
        cls.orders_2024 = cls._order(cls.customer, 1000, "2024-03-01 10:00:00") | cls._order(
            cls.wang, 2000, "2024-09-01 10:00:00"
        )
        cls.order_2025 = cls._order(cls.customer, 5000, "2025-02-01 10:00:00")

    def test_blocks_of_the_customer_360_view(self):
        self.env.invalidate_all()  # a new request, as the web client's
        customer = self.customer.with_user(self.salesman)
        # one line per person, the latest contact first
        self.assertEqual(customer.customer_committee_ids, self.members[0] | self.members[2])
        self.assertEqual(customer.customer_committee_ids[0].partner_id, self.wang)
        self.assertEqual(customer.customer_open_lead_ids, self.lead, "won ones are not open")
        years = {
            line.year: (line.order_count, line.amount) for line in customer.customer_order_year_ids
        }
        self.assertEqual(years, {"2024": (2, 3000), "2025": (1, 5000)})
        line_2024 = customer.customer_order_year_ids.filtered(lambda line: line.year == "2024")
        action = line_2024.action_open_orders()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), self.orders_2024)
        action = customer.action_open_customer_orders()
        self.assertEqual(
            self.env["sale.order"].search(action["domain"]), self.orders_2024 | self.order_2025
        )
        action = customer.action_open_customer_opportunities()
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), self.lead | self.old_lead)
        action = customer.action_open_customer_stage_history()
        history = self.env["crm.customer.stage.history"].search(action["domain"])
        self.assertIn("repeat", history.mapped("stage"))
        self.assertEqual(history.partner_id, self.customer)

    def test_tab_shown_to_salespeople_only(self):
        arch = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])
        self.assertIn('name="customer_360"', arch["views"]["form"]["arch"])
        employee = new_test_user(self.env, login="customer_360_employee", groups="base.group_user")
        arch = self.env["res.partner"].with_user(employee).get_views([(False, "form")])
        self.assertNotIn('name="customer_360"', arch["views"]["form"]["arch"])
