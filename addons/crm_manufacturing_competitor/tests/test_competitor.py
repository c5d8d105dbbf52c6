from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CompetitorCase


@tagged("post_install", "-at_install")
class TestCompetitor(CompetitorCase):
    def test_price_and_delivery_gaps_follow_the_deal(self):
        lead = self._lead(revenue=100000, days=60, competitors=[(self.hengyuan, 85000, 45)])
        line = lead.competitor_ids
        self.assertAlmostEqual(line.price_gap_percent, -15.0)
        self.assertTrue(line.price_gap_known)
        self.assertEqual(line.price_gap_band, "them_cheaper_10")
        self.assertEqual(line.lead_time_gap_days, -15)
        self.assertTrue(line.lead_time_gap_known)
        # our price and delivery time change: the stored gaps follow
        lead.write({"expected_revenue": 90000, "our_lead_time_days": 40})
        self.assertAlmostEqual(line.price_gap_percent, -5.6, places=1)
        self.assertEqual(line.price_gap_band, "them_cheaper_0_10")
        self.assertEqual(line.lead_time_gap_days, 5)
        self.assertEqual(
            self.env["crm.lead.competitor"].search(
                [("id", "=", line.id), ("lead_time_gap_days", "=", 5)]
            ),
            line,
        )
        # a missing price or delivery time: no gap (not a gap of 0 or -100 %)
        line.quoted_price = 0
        self.assertFalse(line.price_gap_known)
        self.assertEqual(line.price_gap_percent, 0.0)
        self.assertEqual(line.price_gap_band, "unknown")
        lead.our_lead_time_days = 0
        self.assertFalse(line.lead_time_gap_known)
        self.assertEqual(line.lead_time_gap_days, 0)
        line.quoted_price = 95000
        lead.expected_revenue = 0
        self.assertFalse(line.price_gap_known)
        self.assertEqual(line.price_gap_band, "unknown")

    def test_price_gap_bands_at_their_limits(self):
        lead = self._lead(
            revenue=100000,
            competitors=[
                (self.hengyuan, 89990, 0),  # -10.01 %: over 10 % cheaper
                (self.ostwerk, 90000, 0),  # -10 % exactly: 0-10 % cheaper
                (self.kanto, 100000, 0),  # same price: we were not dearer
            ],
        )
        bands = {line.competitor_id: line.price_gap_band for line in lead.competitor_ids}
        self.assertEqual(
            bands,
            {
                self.hengyuan: "them_cheaper_10",
                self.ostwerk: "them_cheaper_0_10",
                self.kanto: "we_cheaper",
            },
        )
        lead.competitor_ids.filtered(
            lambda line: line.competitor_id == self.kanto
        ).quoted_price = 99999
        self.assertEqual(
            lead.competitor_ids.filtered(
                lambda line: line.competitor_id == self.kanto
            ).price_gap_band,
            "them_cheaper_0_10",
        )

    def test_bad_input_is_refused(self):
        lead = self._lead(competitors=[(self.hengyuan, 80000, 30)])
        line = lead.competitor_ids
        for field in ("quoted_price", "lead_time_days", "warranty_months"):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                line.write({field: -1})
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            lead.our_lead_time_days = -5
        # the same competitor twice on a deal
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["crm.lead.competitor"].create(
                {"lead_id": lead.id, "competitor_id": self.hengyuan.id}
            )
        # two winners on one deal
        lead.write({"competitor_ids": [(0, 0, {"competitor_id": self.ostwerk.id})]})
        lead.competitor_ids[0].is_winner = True
        with self.assertRaisesText(ValidationError, "Only one competitor"):
            lead.competitor_ids.write({"is_winner": True})

    def test_winner_refused_on_a_won_deal(self):
        lead = self._won(self._lead(competitors=[(self.hengyuan, 80000, 30)]), "2026-03-01")
        with self.assertRaisesText(ValidationError, "cannot have taken it"):
            lead.competitor_ids.is_winner = True
        with self.assertRaisesText(ValidationError, "cannot have taken it"):
            lead.lost_to_competitor_id = self.ostwerk

    def test_won_deal_beats_every_competitor(self):
        lead = self._lead(competitors=[(self.hengyuan, 80000, 30), (self.ostwerk, 0, 0)])
        lead.write({"lost_to_competitor_id": self.hengyuan.id, "loss_factor": "price"})
        self.assertEqual(lead.competitor_ids.mapped("outcome"), ["open", "open"])
        self._won(lead, "2026-03-01")
        self.assertEqual(lead.competitor_ids.mapped("outcome"), ["won", "won"])
        self.assertFalse(lead.competitor_ids.filtered("is_winner"))
        self.assertFalse(lead.lost_to_competitor_id)
        self.assertFalse(lead.loss_factor)

    def test_lost_to_set_on_the_lead_marks_the_winner_line(self):
        lead = self._lead(competitors=[(self.hengyuan, 80000, 30)])
        self._lost(lead, "2026-03-01", winner=self.kanto, factor="lead_time")
        kanto_line = lead.competitor_ids.filtered(lambda line: line.competitor_id == self.kanto)
        self.assertTrue(kanto_line.is_winner, "a competitor not on the deal is added to it")
        self.assertEqual(kanto_line.outcome, "lost_to_them")
        self.assertEqual((lead.competitor_ids - kanto_line).outcome, "lost_to_other")
        lead.lost_to_competitor_id = self.hengyuan
        self.assertEqual(lead.competitor_ids.filtered("is_winner").competitor_id, self.hengyuan)
        self.assertEqual(len(lead.competitor_ids), 2)
        lead.lost_to_competitor_id = False
        self.assertFalse(lead.competitor_ids.filtered("is_winner"))
        # restoring the deal takes the loss back
        lead.lost_to_competitor_id = self.hengyuan
        lead.action_unarchive()
        self.assertFalse(lead.lost_to_competitor_id)
        self.assertFalse(lead.loss_factor)
        self.assertEqual(set(lead.competitor_ids.mapped("outcome")), {"open"})

    def test_statistics_of_the_competitors(self):
        self._won(self._lead(competitors=[(self.hengyuan, 1, 1)]), "2026-01-10")
        self._won(self._lead(competitors=[(self.hengyuan, 1, 1), (self.kanto, 1, 1)]), "2026-01-11")
        self._lost(
            self._lead(revenue=250000, competitors=[(self.hengyuan, 1, 1)]),
            "2026-01-12",
            winner=self.hengyuan,
        )
        self._lost(
            self._lead(competitors=[(self.hengyuan, 1, 1), (self.kanto, 1, 1)]),
            "2026-01-13",
            winner=self.kanto,
        )
        self._lead(competitors=[(self.hengyuan, 1, 1)])  # still open
        self.env.flush_all()
        self.assertRecordValues(
            self.hengyuan | self.kanto | self.ostwerk,
            [
                {
                    "deal_count": 5,
                    "won_against_count": 2,
                    "lost_to_count": 1,
                    "win_rate": 66.7,
                    "lost_amount": 250000.0,
                },
                {
                    "deal_count": 2,
                    "won_against_count": 1,
                    "lost_to_count": 1,
                    "win_rate": 50.0,
                    "lost_amount": 100000.0,
                },
                {
                    "deal_count": 0,
                    "won_against_count": 0,
                    "lost_to_count": 0,
                    "win_rate": 0.0,
                    "lost_amount": 0.0,
                },
            ],
        )
        # stored: searchable and sortable
        Competitor = self.env["crm.competitor"]
        self.assertEqual(
            Competitor.search(
                [("id", "in", (self.hengyuan | self.kanto).ids), ("win_rate", ">", 60)]
            ),
            self.hengyuan,
        )
        # the figures of any number of competitors come in the same number of queries
        competitors = self.hengyuan | self.kanto | self.ostwerk
        self.env.invalidate_all()
        # two grouped queries, the others read the currency of the lost amount
        with self.assertQueryCount(6):
            self.hengyuan._compute_statistics()
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            competitors._compute_statistics()

    def test_competitor_with_deals_is_archived_not_deleted(self):
        self._lead(competitors=[(self.hengyuan, 1, 1)])
        with self.assertRaisesText(UserError, "archive it"):
            self.hengyuan.with_user(self.manager).unlink()
        self.hengyuan.with_user(self.manager).action_archive()
        self.assertFalse(self.hengyuan.active)
        unused = self.env["crm.competitor"].create({"name": "Never Met Press"})
        unused.with_user(self.manager).unlink()
        self.assertFalse(unused.exists())

    def test_name_unique_per_company(self):
        with self.assertRaisesText(ValidationError, "already exists"):
            self.env["crm.competitor"].create({"name": " hengyuan press machinery "})
        other = self.env["res.company"].create({"name": "Press Lines Wuxi"})
        twin = self.env["crm.competitor"].create(
            {"name": "Hengyuan Press Machinery", "company_id": other.id}
        )
        self.assertEqual(twin.company_id, other)

    def test_smart_buttons_open_the_deals(self):
        won = self._won(self._lead(competitors=[(self.hengyuan, 1, 1)]), "2026-01-10")
        lost = self._lost(
            self._lead(competitors=[(self.hengyuan, 1, 1)]), "2026-01-11", winner=self.hengyuan
        )
        Lead = self.env["crm.lead"].with_context(active_test=False)
        for action, expected in (
            (self.hengyuan.action_view_deals(), won | lost),
            (self.hengyuan.action_view_won_deals(), won),
            (self.hengyuan.action_view_lost_deals(), lost),
        ):
            self.assertEqual(Lead.search(action["domain"]), expected)
