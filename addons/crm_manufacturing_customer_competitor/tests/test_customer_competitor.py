from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing_customer.tests.common import setup_customer_360


@tagged("post_install", "-at_install")
class TestCustomerCompetitor360(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_customer_360(cls, "c360_cmp", "Rival")
        Competitor = cls.env["crm.competitor"]
        cls.hengyuan = Competitor.create({"name": "Hengyuan Press Machinery"})
        cls.ostwerk = Competitor.create({"name": "Ostwerk Umformtechnik"})
        cls.kanto = Competitor.create({"name": "Kanto Servo Press"})
        cls.open_deal = cls._lead("Press line", cls.customer, [cls.hengyuan, cls.ostwerk])
        # a lost deal (archived) of a contact of the customer, lost to Kanto
        cls.lost_deal = cls._lead("Servo press", cls.buyer, [cls.kanto, cls.hengyuan])
        cls.lost_deal.action_set_lost()
        cls.lost_deal.lost_to_competitor_id = cls.kanto
        cls.other_deal = cls._lead("Other line", cls.other_customer, [cls.ostwerk])

    @classmethod
    def _lead(cls, name, partner, competitors):
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "partner_id": partner.id,
                "user_id": cls.salesman.id,
                "expected_revenue": 100000,
                "competitor_ids": [
                    (0, 0, {"competitor_id": c.id, "quoted_price": 90000}) for c in competitors
                ],
            }
        )

    def _as(self, user):
        self.env.invalidate_all()  # a new request, as the web client's
        return self.customer.with_user(user)

    def test_block_lists_the_competitors_of_open_and_lost_deals(self):
        customer = self._as(self.salesman)
        lines = customer.customer_competitor_line_ids
        self.assertEqual(lines, (self.open_deal | self.lost_deal).competitor_ids)
        self.assertEqual(len(lines), 4)
        self.assertEqual(customer.customer_competitor_count, 3)
        self.assertEqual(customer.customer_lost_to_competitor_count, 1)
        kanto = lines.filtered(lambda line: line.competitor_id == self.kanto)
        self.assertEqual(kanto.outcome, "lost_to_them")
        self.assertEqual(self.buyer.with_user(self.salesman).customer_competitor_line_ids, lines)

    def test_block_links_open_the_deals_and_the_competitors(self):
        customer = self._as(self.salesman)
        action = customer.action_open_customer_competitor_deals()
        self.assertEqual(action["res_model"], "crm.lead")
        leads = self.env["crm.lead"].with_user(self.salesman).search(action["domain"])
        self.assertEqual(leads, self.open_deal | self.lost_deal)
        action = customer.action_open_customer_competitors()
        self.assertEqual(action["res_model"], "crm.competitor")
        competitors = self.env["crm.competitor"].with_user(self.salesman).search(action["domain"])
        self.assertEqual(competitors, self.hengyuan | self.ostwerk | self.kanto)

    def test_other_salesperson_sees_only_the_deals_they_may_read(self):
        customer = self._as(self.other_rep)
        self.assertFalse(customer.customer_competitor_line_ids)
        self.assertEqual(customer.customer_competitor_count, 0)

    def test_users_without_sales_rights_cannot_read_the_block(self):
        customer = self._as(self.employee)
        self.assertTrue(customer.name)
        for name in ("customer_competitor_line_ids", "customer_competitor_count"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                customer.read([name])
        arch = self.env["res.partner"].with_user(self.employee).get_views([(False, "form")])
        self.assertNotIn("customer_competitor_line_ids", arch["views"]["form"]["arch"])

    def test_form_shows_the_block_to_salespeople(self):
        arch = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])
        arch = arch["views"]["form"]["arch"]
        self.assertIn('name="customer_360_competitors"', arch)
        self.assertIn("action_open_customer_competitor_deals", arch)
