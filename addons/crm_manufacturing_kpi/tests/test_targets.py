from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KpiCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestSalesTargets(KpiCommon):
    def _target(self, **vals):
        values = {
            "name": "T",
            "date_from": date(2025, 3, 1),
            "date_to": date(2025, 3, 31),
            "metric": "won_amount",
            "target_value": 200000,
        }
        values.update(vals)
        return self.Target.with_user(self.manager).create(values)

    def _win_rate_target_of_rep_b(self):
        """Rep B is to win half the deals of 2025."""
        return self._target(
            user_id=self.rep_b.id,
            metric="win_rate",
            target_value=50,
            date_from=date(2025, 1, 1),
            date_to=date(2025, 12, 31),
        )

    def test_actual_value_and_achievement_per_metric(self):
        won = self._target(user_id=self.rep_a.id)
        self.assertEqual(won.actual_value, 150000.0)
        self.assertEqual(won.achievement_percent, 75.0)
        visits = self._target(
            team_id=self.team_east.id,
            metric="visit_count",
            target_value=4,
            date_from=date(2025, 1, 1),
        )
        self.assertEqual((visits.actual_value, visits.achievement_percent), (3.0, 75.0))
        rate = self._win_rate_target_of_rep_b()
        self.assertEqual((rate.actual_value, rate.achievement_percent), (50.0, 100.0))
        # fewer days is better: 50 days aimed at, 55.5 taken
        days = self._target(user_id=self.rep_a.id, metric="avg_days_to_win", target_value=50)
        self.assertEqual((days.actual_value, days.achievement_percent), (55.5, 90.1))
        quotes = self._target(user_id=self.rep_a.id, metric="quote_amount", target_value=30000)
        self.assertEqual((quotes.actual_value, quotes.achievement_percent), (15000.0, 50.0))
        meetings = self._target(
            user_id=self.rep_a.id, metric="decider_meeting_count", target_value=4
        )
        self.assertEqual(meetings.actual_value, 2.0)

    def test_region_target_counts_that_region_only(self):
        elsewhere = self._target(user_id=self.rep_a.id, state_id=self.state_b.id)
        self.assertEqual((elsewhere.actual_value, elsewhere.achievement_percent), (0.0, 0.0))
        home = self._target(user_id=self.rep_a.id, state_id=self.state_a.id)
        self.assertEqual(home.actual_value, 150000.0)

    def _period(self, user, date_from, date_to):
        rows = self.Report.get_kpis(date_from, date_to, ["user_id"], [("user_id", "=", user.id)])
        self.assertEqual(len(rows), 1)
        return rows[0]

    def test_report_rows_carry_the_won_amount_target(self):
        self._target(user_id=self.rep_a.id)
        # a target without region is a row of its own (no region): the figures stay in the
        # customers' regions, and the user x month groups add both up
        rows = self.Report.search(
            [("user_id", "=", self.rep_a.id), ("date", "=", date(2025, 3, 1))]
        )
        self.assertEqual(rows.mapped("state_id"), self.state_a)
        target_row = rows.filtered(lambda row: not row.state_id)
        self.assertEqual((target_row.target_value, target_row.won_amount), (200000.0, 0.0))
        month = self._period(self.rep_a, "2025-03-01", "2025-03-31")
        self.assertEqual(
            (month["target_value"], month["won_amount"], month["achievement_percent"]),
            (200000.0, 150000.0, 75.0),
        )
        # a part of the month: the part of the target of its days (10 of 31)
        part = self._period(self.rep_a, "2025-03-11", "2025-03-20")
        self.assertAlmostEqual(part["target_value"], 200000 * 10 / 31, places=2)
        self.assertEqual(part["won_amount"], 150000.0)
        groups = self.Report.read_group(
            [("user_id", "=", self.rep_a.id), ("date", "=", date(2025, 3, 1))],
            ["won_amount:sum", "target_value:sum", "achievement_percent:avg"],
            ["user_id"],
        )
        self.assertEqual(groups[0]["achievement_percent"], 75.0)
        # other figures' targets are not won-amount targets
        self._target(user_id=self.rep_a.id, metric="visit_count", target_value=10)
        self.Report.invalidate_model()
        groups = self.Report.read_group(
            [("user_id", "=", self.rep_a.id), ("date", "=", date(2025, 3, 1))],
            ["target_value:sum"],
            ["user_id"],
        )
        self.assertEqual(groups[0]["target_value"], 200000.0)

    def test_split_a_yearly_target_into_months(self):
        yearly = self._target(
            name="B 2025",
            user_id=self.rep_b.id,
            date_from=date(2025, 1, 1),
            date_to=date(2025, 12, 31),
            target_value=365000,
        )
        action = yearly.with_user(self.manager).action_split_months()
        months = self.Target.search(action["domain"], order="date_from")
        self.assertEqual(len(months), 12)
        self.assertEqual(months[0].name, "B 2025 (2025-01)")
        self.assertEqual(
            (months[0].date_from, months[0].date_to), (date(2025, 1, 1), date(2025, 1, 31))
        )
        self.assertEqual(months[1].target_value, 28000.0)
        self.assertAlmostEqual(sum(months.mapped("target_value")), 365000.0, places=2)
        self.assertFalse(yearly.active)
        self.assertEqual(months.parent_id, yearly)
        # the report counts the months, not the archived yearly line as well
        groups = self.Report.read_group(
            [("user_id", "=", self.rep_b.id), ("date", "=", date(2025, 4, 1))],
            ["target_value:sum", "achievement_percent:avg"],
            ["user_id"],
        )
        self.assertEqual(groups[0]["target_value"], 30000.0)
        self.assertEqual(groups[0]["achievement_percent"], 266.7)
        # the leaderboard: by achievement, the salespeople without a target last
        board = self.Report.web_read_group(
            [("user_id", "in", (self.rep_a | self.rep_b).ids)],
            ["won_amount:sum", "target_value:sum", "achievement_percent:avg"],
            ["user_id"],
            orderby="achievement_percent desc, won_amount desc",
            lazy=False,
        )["groups"]
        self.assertEqual([group["user_id"][0] for group in board], [self.rep_b.id, self.rep_a.id])
        self.assertEqual([group["achievement_percent"] for group in board], [21.9, 0.0])
        with self.assertRaisesRegex(UserError, "already been split"):
            yearly.with_user(self.manager).action_split_quarters()

    def test_split_into_quarters_keeps_rates(self):
        rate = self._win_rate_target_of_rep_b()
        action = rate.with_user(self.manager).action_split_quarters()
        quarters = self.Target.search(action["domain"], order="date_from")
        self.assertEqual(quarters.mapped("target_value"), [50.0] * 4)
        self.assertEqual(quarters[1].name, "T (2025 Q2)")
        self.assertEqual(quarters[1].date_to, date(2025, 6, 30))
        single = self._target(user_id=self.rep_a.id)
        with self.assertRaisesRegex(UserError, "nothing to split"):
            single.with_user(self.manager).action_split_quarters()

    def test_constraints_on_saved_values(self):
        with self.assertRaisesRegex(ValidationError, "choose one of them"):
            self._target(user_id=self.rep_a.id, team_id=self.team_east.id)
        with self.assertRaisesRegex(ValidationError, "choose one of them"):
            self._target()
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self._target(user_id=self.rep_a.id, date_from=date(2025, 4, 1))
        with self.assertRaisesRegex(ValidationError, "greater than zero"):
            self._target(user_id=self.rep_a.id, target_value=0)
        with self.assertRaisesRegex(ValidationError, "at most 100"):
            self._target(user_id=self.rep_a.id, metric="win_rate", target_value=120)
        target = self._target(user_id=self.rep_a.id)
        with self.assertRaisesRegex(ValidationError, "choose one of them"):
            target.write({"team_id": self.team_east.id})
        with self.assertRaisesRegex(ValidationError, "greater than zero"):
            target.write({"target_value": -5})

    def test_actual_figures_are_not_stored(self):
        field = self.Target._fields["actual_value"]
        self.assertFalse(field.store)
        self.assertTrue(field.readonly)
        self.assertFalse(field.inverse)
