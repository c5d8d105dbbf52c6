from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import CustomerCase

# ten customers, today 2026-06-30, RFM window 3 years (from 2023-06-30): orders (date, amount)
ORDERS = [
    [("2026-06-20", 1000)],
    [("2026-06-10", 3000), ("2025-06-10", 2000)],
    [("2026-05-31", 30000)],
    [("2026-03-01", 4000), ("2025-03-01", 4000), ("2024-03-01", 4000)],
    [("2026-04-20", 9000), ("2025-09-01", 9000), ("2025-02-01", 9000), ("2024-08-01", 9000)],
    [("2025-11-01", 500), ("2025-01-01", 500)],
    [
        ("2025-08-01", 20000),
        ("2025-04-01", 20000),
        ("2024-12-01", 20000),
        ("2024-06-01", 20000),
        ("2024-01-01", 20000),
    ],
    [("2025-03-15", 1500)],
    [("2024-11-01", 6000), ("2024-05-01", 6000), ("2023-10-01", 6000)],
    [("2023-12-01", 2500), ("2022-01-01", 99999)],
]
# computed by hand: ntile(5) over 10 customers puts 2 customers in each score, ordered by
# last order date / frequency / monetary, ties by partner id (creation order)
# (recency days, frequency, monetary, R, F, M, segment, growth %, average order, last 12 months)
EXPECTED = [
    (10, 1, 1000, 5, 1, 1, "new", 0, 1000, 1000),
    (20, 2, 5000, 5, 3, 3, "loyal", 50, 2500, 3000),
    (30, 1, 30000, 4, 1, 4, "new", 0, 30000, 30000),
    (121, 3, 12000, 3, 4, 3, "loyal", 0, 4000, 4000),
    (71, 4, 36000, 4, 5, 5, "champion", 0, 9000, 18000),
    (241, 2, 1000, 3, 3, 1, "potential", 0, 500, 500),
    (333, 5, 100000, 2, 5, 5, "at_risk", -50, 20000, 20000),
    (472, 1, 1500, 2, 2, 2, "hibernating", -100, 1500, 0),
    (606, 3, 18000, 1, 4, 4, "at_risk", -100, 6000, 0),
    (942, 1, 2500, 1, 2, 2, "lost", 0, 2500, 0),
]
FIELDS = (
    "rfm_recency_days",
    "rfm_frequency",
    "rfm_monetary",
    "rfm_r",
    "rfm_f",
    "rfm_m",
    "rfm_segment",
    "value_growth_percent",
    "avg_order_amount",
    "amount_last_12_months",
)


@tagged("post_install", "-at_install")
class TestRfm(CustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own: the quintiles are among this company's customers only
        cls.rfm_company = cls.env["res.company"].create({"name": "RFM Machines"})
        cls.env.user.company_ids |= cls.rfm_company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.rfm_company.id]))
        cls.rfm_company.crm_rfm_years = 3
        cls.product = cls.product.with_env(cls.env)
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"RFM Customer {i}", "is_company": True} for i in range(10)]
        )
        orders = cls.env["sale.order"]
        dates = []
        for customer, customer_orders in zip(cls.customers, ORDERS, strict=True):
            for day, amount in customer_orders:
                orders |= cls._order(customer, amount, confirm=False)
                dates.append(day)
        orders.action_confirm()
        # the confirmation dates of the story, set in one statement
        cls.env.flush_all()
        for order, day in zip(orders, dates, strict=True):
            cls.env.cr.execute(
                SQL("UPDATE sale_order SET date_order = %s WHERE id = %s", f"{day} 10:00", order.id)
            )
        cls.env.invalidate_all()
        cls.orders = orders

    def _refresh(self):
        with freeze_time("2026-06-30 12:00:00"):
            self.env["res.partner"]._refresh_customer_value(self.rfm_company)

    def test_rfm_scores_and_segments_of_ten_customers(self):
        self._refresh()
        with freeze_time("2026-06-30 12:00:00"):
            for customer, expected in zip(self.customers, EXPECTED, strict=True):
                with self.subTest(customer=customer.name):
                    self.assertEqual(tuple(customer[name] for name in FIELDS), expected)
            self.assertEqual(str(self.customers[0].rfm_last_order_date), "2026-06-20")
            # recency is searched through the last order date
            recent = self.env["res.partner"].search(
                [("id", "in", self.customers.ids), ("rfm_recency_days", "<=", 30)]
            )
            self.assertEqual(recent, self.customers[:3])

    def test_figures_belong_to_the_company(self):
        self._refresh()
        other = self.customers.with_company(self.env.ref("base.main_company"))
        self.assertFalse(other[4].rfm_segment)
        self.assertEqual(other[4].rfm_frequency, 0)
        # searching and grouping by the segment work on the company's figures
        champions = self.env["res.partner"].search([("rfm_segment", "=", "champion")])
        self.assertEqual(champions, self.customers[4])
        groups = dict(
            self.env["res.partner"]._read_group(
                [("id", "in", self.customers.ids)], ["rfm_segment"], ["__count"]
            )
        )
        self.assertEqual(groups["at_risk"], 2)

    def test_wallet_share_from_the_estimated_annual_spend(self):
        self._refresh()
        customer = self.customers[1]
        customer.estimated_annual_spend = 6000
        self.assertEqual(customer.wallet_share_percent, 50)
        self._refresh()
        customer.invalidate_recordset()
        self.assertEqual(customer.wallet_share_percent, 50)

    def test_refresh_writes_only_what_changed_and_drops_former_customers(self):
        self._refresh()
        with freeze_time("2026-06-30 12:00:00"):
            updated, cleared = self.env["res.partner"]._refresh_customer_value(self.rfm_company)[
                self.rfm_company.id
            ]
        self.assertEqual((updated, cleared), (0, 0))
        self.orders.filtered(lambda o: o.partner_id == self.customers[9])._action_cancel()
        self._refresh()
        self.customers.invalidate_recordset()
        self.assertFalse(self.customers[9].rfm_segment)
        self.assertEqual(self.customers[9].rfm_frequency, 0)

    def test_confirmation_ranks_its_customer_among_the_stored_figures(self):
        self._refresh()
        with freeze_time("2026-06-30 12:00:00"):
            self._order(self.customers[9], 50000)
            self.customers.invalidate_recordset()
            # 2 orders in the window: 6th of 10 by frequency; 52,500: 9th by monetary
            self.assertEqual(
                (
                    self.customers[9].rfm_recency_days,
                    self.customers[9].rfm_r,
                    self.customers[9].rfm_f,
                    self.customers[9].rfm_m,
                    self.customers[9].rfm_segment,
                ),
                (0, 5, 3, 5, "champion"),
            )
            # the others keep their stored figures until the daily run
            self.assertEqual(tuple(self.customers[0][name] for name in FIELDS), EXPECTED[0])

    def test_value_refresh_query_count_does_not_grow_with_customers(self):
        with self.assertQueryCount(__system__=3), freeze_time("2026-06-30 12:00:00"):
            self.env["res.partner"]._refresh_customer_value(self.rfm_company)


@tagged("post_install", "-at_install")
class TestOrderRatio(CustomerCase):
    def test_order_ratio_against_the_customers_previous_orders(self):
        customer = self.env["res.partner"].create({"name": "Ratio Industries", "is_company": True})
        first = self._order(customer, 1000, "2025-01-10 10:00:00")
        second = self._order(customer, 3000, "2025-03-10 10:00:00")
        third = self._order(customer, 4000, "2025-05-10 10:00:00")
        self.assertEqual(first.customer_order_ratio, 0, "a first order has nothing to compare")
        self.assertEqual(second.customer_order_ratio, 3.0)
        self.assertEqual(third.customer_order_ratio, 2.0)
        # two orders of 2 million mean different things for different customers
        big = self.env["res.partner"].create({"name": "Big Buyer", "is_company": True})
        self._order(big, 2000000, "2025-01-10 10:00:00")
        usual = self._order(big, 2000000, "2025-02-10 10:00:00")
        rare = self._order(customer, 2000000, "2025-06-10 10:00:00")
        self.assertEqual(usual.customer_order_ratio, 1.0)
        self.assertEqual(rare.customer_order_ratio, round(2000000 / (8000 / 3), 2))
        # a draft order has no ratio
        draft = self._order(customer, 100, confirm=False)
        self.assertEqual(draft.customer_order_ratio, 0)
