import base64
import io

from odoo.tests import tagged

from .common import CompetitorCase


@tagged("post_install", "-at_install")
class TestCompetitorReport(CompetitorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        hy, ow, kt = cls.hengyuan, cls.ostwerk, cls.kanto
        cls.won = cls._won(
            cls._lead("R won", competitors=[(hy, 88000, 45), (ow, 0, 0)]), "2026-02-01"
        )
        cls.lost = cls._lost(
            cls._lead(
                "R lost",
                revenue=200000,
                user=cls.other_salesman,
                competitors=[(hy, 190000, 80), (kt, 205000, 30)],
            ),
            "2026-02-03",
            winner=kt,
            factor="lead_time",
        )
        cls.open = cls._lead("R open", competitors=[(hy, 1, 1)])
        cls.Report = cls.env["crm.competitor.report"]
        cls.leads = cls.won | cls.lost | cls.open

    def _rows(self, user=None):
        Report = self.Report.with_user(user) if user else self.Report
        rows = Report.search([("lead_id", "in", self.leads.ids)])
        return {(row.lead_id.name, row.competitor_id): row for row in rows}

    def test_one_row_per_competitor_of_a_closed_deal(self):
        self.env.flush_all()
        rows = self._rows()
        self.assertEqual(len(rows), 4, "the open deal is not in the analysis")
        won_hy = rows["R won", self.hengyuan]
        self.assertRecordValues(
            won_hy,
            [
                {
                    "outcome": "won",
                    "price_gap_known": True,
                    "price_gap_band": "them_cheaper_10",
                    "lead_time_gap_days": -15.0,
                    "expected_revenue": 100000.0,
                    "team_id": self.team.id,
                    "user_id": self.salesman.id,
                    "win_rate": 100.0,
                }
            ],
        )
        self.assertAlmostEqual(won_hy.price_gap_percent, -12.0)
        self.assertEqual(str(won_hy.date_closed)[:10], "2026-02-01")
        won_ow = rows["R won", self.ostwerk]
        self.assertEqual(won_ow.price_gap_band, "unknown")
        self.assertFalse(won_ow.price_gap_known)
        self.assertFalse(won_ow.lead_time_gap_known)
        lost_kt = rows["R lost", self.kanto]
        self.assertEqual(lost_kt.outcome, "lost_to_them")
        self.assertEqual(lost_kt.price_gap_band, "we_cheaper")
        self.assertEqual(lost_kt.loss_factor, "lead_time")
        self.assertEqual(lost_kt.lead_time_gap_days, -30.0)
        self.assertEqual(lost_kt.win_rate, 0.0)
        lost_hy = rows["R lost", self.hengyuan]
        self.assertEqual(lost_hy.outcome, "lost_to_other")
        self.assertEqual(lost_hy.price_gap_band, "them_cheaper_0_10")

    def test_pivot_competitor_by_outcome_and_win_rate_measure(self):
        groups = self.Report.read_group(
            [("lead_id", "in", self.leads.ids)],
            ["win_rate:avg", "expected_revenue:sum", "price_gap_percent:avg"],
            ["competitor_id", "outcome"],
            lazy=False,
        )
        table = {
            (g["competitor_id"][0], g["outcome"]): (g["__count"], g["win_rate"]) for g in groups
        }
        self.assertEqual(
            table,
            {
                (self.hengyuan.id, "won"): (1, 100.0),
                (self.hengyuan.id, "lost_to_other"): (1, False),
                (self.ostwerk.id, "won"): (1, 100.0),
                (self.kanto.id, "lost_to_them"): (1, 0.0),
            },
        )
        # the average of the win-rate column is the win rate (lost-to-other rows do not count)
        [hengyuan] = self.Report.read_group(
            [("lead_id", "in", self.leads.ids), ("competitor_id", "=", self.hengyuan.id)],
            ["win_rate:avg", "price_gap_percent:avg"],
            ["competitor_id"],
        )
        self.assertEqual(hengyuan["win_rate"], 100.0)
        self.assertAlmostEqual(hengyuan["price_gap_percent"], (-12.0 - 5.0) / 2)

    def test_salesman_sees_the_rows_of_his_deals_only(self):
        self.env.flush_all()
        rows = self._rows(user=self.salesman)
        self.assertEqual(set(rows), {("R won", self.hengyuan), ("R won", self.ostwerk)})
        self.assertEqual(len(self._rows(user=self.manager)), 4)

    def test_excel_export(self):
        self.env.flush_all()
        Report = self.Report.with_user(self.salesman)
        action = Report.search([("lead_id", "in", self.leads.ids)]).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        result = Report.export_xlsx([("lead_id", "in", self.leads.ids)])
        data = base64.b64decode(result["data"])
        self.assertTrue(data.startswith(b"PK"))
        self.assertEqual(result["filename"], "competitive_analysis.xlsx")
        rows = Report._xlsx_rows([("lead_id", "in", self.leads.ids)])
        by_competitor = {row["competitor"]: row for row in rows}
        self.assertEqual(set(by_competitor), {"Hengyuan Press Machinery", "Ostwerk Umformtechnik"})
        self.assertIsNone(by_competitor["Ostwerk Umformtechnik"]["price_gap_percent"])
        self.assertEqual(by_competitor["Ostwerk Umformtechnik"]["outcome"], "Won")
        try:
            import openpyxl  # noqa: PLC0415 (optional: only to read the sheet back)
        except ImportError:
            return
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        self.assertEqual(sheet.cell(row=3, column=1).value, "Competitor")
