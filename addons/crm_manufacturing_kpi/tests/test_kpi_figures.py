from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KpiCommon

ZERO = {
    "visit_count": 0,
    "decider_meeting_count": 0,
    "committee_meeting_count": 0,
    "quote_count": 0,
    "quote_amount": 0.0,
    "new_opportunity_count": 0,
    "won_count": 0,
    "won_amount": 0.0,
    "lost_count": 0,
    "win_rate": False,
    "avg_days_to_win": False,
    "target_value": 0.0,
    "achievement_percent": 0.0,  # no target
}
# rep A's March is the whole first quarter of the East team, but for its new opportunities
REP_A_MARCH = {
    "visit_count": 3,  # two done visit activities (lead, customer) + one visit meeting
    "decider_meeting_count": 2,  # 10th and 14th (decider and engineer: counted once)
    "committee_meeting_count": 3,  # 10th, 12th, 14th
    "quote_count": 2,
    "quote_amount": 15000.0,
    "won_count": 2,
    "won_amount": 150000.0,
    "lost_count": 1,
    "win_rate": 66.67,
    "avg_days_to_win": 55.5,  # (64 + 47) / 2
}
REP_B_FEBRUARY = {"visit_count": 1, "quote_count": 1, "quote_amount": 7000.0}


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestKpiFigures(KpiCommon):
    def _row(self, user, month):
        """The figures of one rep and month (summed over teams and regions)."""
        rows = self.Report.get_kpis(
            "2025-01-01", "2025-12-31", ["user_id", "date:month"], [("user_id", "=", user.id)]
        )
        found = [row for row in rows if row["date:month"] == month]
        self.assertLessEqual(len(found), 1)
        return found[0] if found else None

    def assertFigures(self, row, **expected):
        values = dict(ZERO, **expected)
        for name, value in values.items():
            with self.subTest(figure=name):
                if isinstance(value, float):
                    self.assertAlmostEqual(row[name], value, places=2)
                else:
                    self.assertEqual(row[name], value)

    def test_rep_a_march_every_figure(self):
        self.assertFigures(self._row(self.rep_a, "2025-03-01"), **REP_A_MARCH)

    def test_rep_a_other_months(self):
        self.assertFigures(self._row(self.rep_a, "2025-01-01"), new_opportunity_count=1)
        self.assertFigures(self._row(self.rep_a, "2025-02-01"), new_opportunity_count=2)
        # the quotation of March confirmed in April is not counted again; nothing else in April
        self.assertIsNone(self._row(self.rep_a, "2025-04-01"))

    def test_rep_b_every_month(self):
        self.assertFigures(self._row(self.rep_b, "2025-01-01"), new_opportunity_count=1)
        self.assertFigures(self._row(self.rep_b, "2025-02-01"), **REP_B_FEBRUARY)
        # B2 opened on the 1st, B3 converted on the 6th (created as a lead in February)
        self.assertFigures(
            self._row(self.rep_b, "2025-03-01"), new_opportunity_count=2, lost_count=1, win_rate=0.0
        )
        self.assertFigures(
            self._row(self.rep_b, "2025-04-01"),
            visit_count=1,
            committee_meeting_count=1,  # the buyer is a member, not a decider
            won_count=1,
            won_amount=80000.0,
            win_rate=100.0,
            avg_days_to_win=87.0,
        )

    def test_period_totals_per_team_and_region(self):
        by_team = {
            row["team_id"][0]: row
            for row in self.Report.get_kpis("2025-01-01", "2025-03-31", ["team_id"])
            if row["team_id"] and row["team_id"][0] in (self.team_east | self.team_west).ids
        }
        self.assertFigures(by_team[self.team_east.id], **REP_A_MARCH, new_opportunity_count=3)
        self.assertFigures(
            by_team[self.team_west.id],
            **REP_B_FEBRUARY,
            new_opportunity_count=3,
            lost_count=1,
            win_rate=0.0,
        )
        by_region = {
            row["state_id"][0]: row
            for row in self.Report.get_kpis("2025-01-01", "2025-12-31", ["state_id"])
            if row["state_id"]
        }
        self.assertEqual(by_region[self.state_a.id]["won_amount"], 150000.0)
        self.assertEqual(by_region[self.state_b.id]["won_amount"], 80000.0)
        self.assertEqual(by_region[self.state_b.id]["visit_count"], 2)

    def test_period_bounds_are_inclusive_days(self):
        rows = self.Report.get_kpis(
            "2025-03-10", "2025-03-14", ["user_id"], [("user_id", "=", self.rep_a.id)]
        )
        self.assertFigures(
            rows[0], visit_count=1, decider_meeting_count=2, committee_meeting_count=3
        )

    def test_future_meeting_counts_once_it_is_past(self):
        with freeze_time("2025-12-02"):
            row = self._row(self.rep_a, "2025-12-01")
        self.assertFigures(row, visit_count=1, decider_meeting_count=1, committee_meeting_count=1)

    def test_report_rows_match_get_kpis(self):
        rows = self.Report.search(
            [("user_id", "=", self.rep_a.id), ("date", "=", date(2025, 3, 1))]
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.team_id, self.team_east)
        self.assertEqual(rows.state_id, self.state_a)
        self.assertEqual((rows.visit_count, rows.won_amount, rows.win_rate), (3, 150000.0, 66.67))

    def test_read_group_recomputes_the_ratios(self):
        # the rows' rates are 66.67 (A, March), 0 (B, March) and 100 (B, April): their plain
        # average would be 55.56; the deals say 3 won out of 5 closed
        groups = self.Report.read_group(
            [("user_id", "in", (self.rep_a | self.rep_b).ids)],
            ["win_rate:avg", "avg_days_to_win:avg", "won_count:sum"],
            [],
        )
        self.assertAlmostEqual(groups[0]["win_rate"], 60.0, places=2)
        self.assertEqual(groups[0]["won_count"], 3)
        # days: (64 + 47 + 87) / 3 = 66, not the average of 55.5 and 87
        self.assertAlmostEqual(groups[0]["avg_days_to_win"], 66.0, places=1)

    def test_get_kpis_query_count_does_not_grow_with_the_rows(self):
        def count(date_to):
            self.env.invalidate_all()
            self.env.registry.clear_cache()
            before = self.cr.sql_log_count
            rows = self.Report.get_kpis("2025-01-01", date_to, ["user_id", "date:month"])
            return self.cr.sql_log_count - before, rows

        queries_one_month, rows_one_month = count("2025-01-31")
        queries_year, rows_year = count("2025-12-31")
        self.assertLess(len(rows_one_month), len(rows_year))
        self.assertEqual(queries_one_month, queries_year)
        # warm caches: JIT off, the grouped figures, the names of the salespeople, JIT back
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            self.Report.get_kpis("2025-01-01", "2025-12-31", ["user_id", "date:month"])

    def test_get_kpis_refuses_bad_arguments(self):
        with self.assertRaisesRegex(UserError, "after its end"):
            self.Report.get_kpis("2025-03-01", "2025-02-01")
        with self.assertRaisesRegex(UserError, "two dates"):
            self.Report.get_kpis("March", "2025-02-01")
        with self.assertRaisesRegex(UserError, "start date and an end date"):
            self.Report.get_kpis(False, "2025-02-01")
        with self.assertRaisesRegex(UserError, "can be grouped by"):
            self.Report.get_kpis("2025-01-01", "2025-02-01", ["partner_id"])
        with self.assertRaisesRegex(UserError, "not a valid domain"):
            self.Report.get_kpis("2025-01-01", "2025-02-01", ["user_id"], [("nope", "=", 1)])
        with self.assertRaisesRegex(UserError, "must be a domain"):
            self.Report.get_kpis("2025-01-01", "2025-02-01", ["user_id"], "user_id = 1")

    def test_excel_export_uses_the_shared_helper(self):
        action = self.Report.search([("user_id", "=", self.rep_a.id)]).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        export = self.env["crm.manufacturing.xlsx.file"].search([], order="id desc", limit=1)
        self.assertTrue(export.name.endswith(".xlsx"))
        self.assertTrue(export.data)
