from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CompetitorCase


@tagged("post_install", "-at_install")
class TestWinRates(CompetitorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        hy, ow = cls.hengyuan, cls.ostwerk
        # a hand-built season of tenders, our price 100,000 unless told
        cls.d1 = cls._won(cls._lead("D1", competitors=[(hy, 85000, 40)]), "2026-01-15 09:00")
        cls.d2 = cls._lost(
            cls._lead("D2", revenue=200000, competitors=[(hy, 160000, 50)]),
            "2026-02-10 09:00",
            winner=hy,
            factor="price",
        )
        cls.d3 = cls._lost(
            cls._lead(
                "D3", revenue=300000, user=cls.other_salesman, competitors=[(hy, 285000, 30)]
            ),
            "2026-02-20 09:00",
            winner=hy,
            factor="lead_time",
        )
        cls.d4 = cls._won(
            cls._lead("D4", competitors=[(hy, 105000, 70), (ow, 0, 0)]), "2026-03-05 09:00"
        )
        cls.d5 = cls._lost(
            cls._lead("D5", revenue=400000, competitors=[(hy, 390000, 60), (ow, 352000, 80)]),
            "2026-03-15 09:00",
            winner=ow,
            factor="technical",
        )
        cls.d6 = cls._lead("D6 open", competitors=[(hy, 50000, 10)])
        cls.d7 = cls._won(cls._lead("D7 last year", competitors=[(hy, 1, 1)]), "2025-12-20")

    def _rates(self, user=None, date_from="2026-01-01", date_to="2026-03-31", domain=None):
        Competitor = self.env["crm.competitor"].with_user(user or self.manager)
        return {
            row["competitor_id"]: row
            for row in Competitor.get_win_rates(date_from, date_to, domain)
        }

    def test_win_rates_per_competitor_and_price_band(self):
        rates = self._rates()
        self.assertEqual(set(rates), {self.hengyuan.id, self.ostwerk.id})
        hy = rates[self.hengyuan.id]
        self.assertEqual(hy["competitor_name"], "Hengyuan Press Machinery")
        self.assertEqual(
            (
                hy["deal_count"],
                hy["won_against_count"],
                hy["lost_to_count"],
                hy["lost_to_other_count"],
            ),
            (5, 2, 2, 1),
        )
        self.assertEqual(hy["win_rate"], 50.0)
        self.assertEqual(hy["lost_amount"], 500000.0)
        self.assertEqual(
            hy["bands"],
            {
                # D1 won at -15 %, D2 lost at -20 %
                "them_cheaper_10": {"won_against_count": 1, "lost_to_count": 1, "win_rate": 50.0},
                # D3 lost at -5 %
                "them_cheaper_0_10": {"won_against_count": 0, "lost_to_count": 1, "win_rate": 0.0},
                # D4 won at +5 %
                "we_cheaper": {"won_against_count": 1, "lost_to_count": 0, "win_rate": 100.0},
                "unknown": {"won_against_count": 0, "lost_to_count": 0, "win_rate": False},
            },
        )
        ow = rates[self.ostwerk.id]
        self.assertEqual(
            (ow["deal_count"], ow["won_against_count"], ow["lost_to_count"]), (2, 1, 1)
        )
        self.assertEqual(ow["win_rate"], 50.0)
        self.assertEqual(ow["lost_amount"], 400000.0)
        self.assertEqual(ow["bands"]["unknown"]["won_against_count"], 1)  # D4: no price
        self.assertEqual(ow["bands"]["them_cheaper_10"]["lost_to_count"], 1)  # D5: -12 %

    def test_win_rates_of_a_period_and_a_filter(self):
        rates = self._rates(date_to="2026-02-15")
        hy = rates[self.hengyuan.id]
        self.assertEqual(
            (hy["deal_count"], hy["won_against_count"], hy["lost_to_count"]), (2, 1, 1)
        )
        self.assertNotIn(self.ostwerk.id, rates)
        # the last day of the period counts whole
        self.assertEqual(self._rates(date_to="2026-02-10")[self.hengyuan.id]["deal_count"], 2)
        # open-ended: every closed deal, last year's included
        self.assertEqual(
            self._rates(date_from=None, date_to=None)[self.hengyuan.id]["deal_count"], 6
        )
        rates = self._rates(domain=[("user_id", "=", self.other_salesman.id)])
        self.assertEqual(list(rates), [self.hengyuan.id])
        self.assertEqual(rates[self.hengyuan.id]["lost_to_count"], 1)
        self.assertEqual(rates[self.hengyuan.id]["win_rate"], 0.0)

    def test_win_rates_count_only_the_deals_the_user_may_read(self):
        # the salesman does not see D3 (another salesman's deal)
        hy = self._rates(user=self.salesman)[self.hengyuan.id]
        self.assertEqual((hy["deal_count"], hy["lost_to_count"]), (4, 1))
        self.assertEqual(hy["lost_amount"], 200000.0)

    def test_win_rates_refuse_bad_arguments(self):
        Competitor = self.env["crm.competitor"].with_user(self.manager)
        for args in (
            ("2026-03-31", "2026-01-01", []),
            ("31/12/2026", "2026-12-31", []),
            ("2026-01-01", "2026-12-31", "[('user_id', '=', 1)]"),
            ("2026-01-01", "2026-12-31", [("no_such_field", "=", 1)]),
            ("2026-01-01", "2026-12-31", [("user_id", "bad operator", 1)]),
        ):
            with self.subTest(args=args), self.assertRaises(UserError):
                Competitor.get_win_rates(*args)
        stranger = new_test_user(self.env, "cmp_stranger_wr", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["crm.competitor"].with_user(stranger).get_win_rates(None, None, [])

    def test_win_rates_are_read_only_and_set_based(self):
        self.assertTrue(getattr(type(self.env["crm.competitor"]).get_win_rates, "_readonly", False))
        Competitor = self.env["crm.competitor"].with_user(self.salesman)
        Competitor.get_win_rates("2026-01-01", "2026-03-31", [])
        with self.assertQueryCount(1):
            Competitor.get_win_rates("2026-01-01", "2026-03-31", [("team_id", "=", self.team.id)])
        for i in range(5):
            self._won(self._lead(f"More {i}", competitors=[(self.kanto, 1, 1)]), "2026-02-01")
        self.env.flush_all()
        with self.assertQueryCount(1):
            rates = Competitor.get_win_rates(
                "2026-01-01", "2026-03-31", [("team_id", "=", self.team.id)]
            )
        self.assertEqual(len(rates), 3)
