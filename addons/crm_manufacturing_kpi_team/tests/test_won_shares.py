from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_manufacturing.tests.common import (
    SALES_MANAGER,
    CrmManufacturingCase,
    make_users,
)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestWonAmountWithTeamShares(CrmManufacturingCase):
    """Rep A sells a 100,000 deal with rep B as presales engineer, 60/40; rep B wins a 50,000
    deal alone (the salesperson is the team, 100 %); rep A wins a 20,000 deal whose team was
    emptied (100 % the salesperson's) and loses one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep_a, cls.rep_b = make_users(
            cls.env, ("kt_rep_a", "KT Rep A"), ("kt_rep_b", "KT Rep B")
        )
        [cls.manager] = make_users(cls.env, ("kt_manager", "KT Boss"), groups=SALES_MANAGER)
        cls.team = cls.env["crm.team"].create(
            {
                "name": "KT Press Lines",
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.rep_a.id}),
                    Command.create({"user_id": cls.rep_b.id}),
                ],
            }
        )
        customer = cls.env["res.partner"].create({"name": "KT Stamping Works", "is_company": True})

        def deal(name, user, revenue, members=None):
            vals = {
                "name": name,
                "type": "opportunity",
                "user_id": user.id,
                "team_id": cls.team.id,
                "partner_id": customer.id,
                "expected_revenue": revenue,
            }
            if members is not None:
                vals["team_member_ids"] = [
                    Command.create({"user_id": u.id, "role": role, "share_percent": share})
                    for u, role, share in members
                ]
            return cls.env["crm.lead"].create(vals)

        cls.shared = deal(
            "KT Shared press line",
            cls.rep_a,
            100000,
            [(cls.rep_a, "sales", 60.0), (cls.rep_b, "presales", 40.0)],
        )
        cls.alone = deal("KT B alone", cls.rep_b, 50000)
        cls.no_team = deal("KT A no team", cls.rep_a, 20000)
        cls.no_team.team_member_ids.unlink()
        cls.lost = deal("KT A lost", cls.rep_a, 70000)
        with freeze_time("2025-03-15 10:00:00"):
            (cls.shared | cls.alone | cls.no_team).action_set_won()
        with freeze_time("2025-03-20 10:00:00"):
            cls.lost.action_set_lost()
        cls.Report = cls.env["crm.sales.kpi.report"]

    def _kpis(self, group_by, user=None):
        report = self.Report.with_user(user) if user else self.Report
        rows = report.get_kpis(
            "2025-01-01", "2025-12-31", group_by, [("team_id", "=", self.team.id)]
        )
        return rows

    def test_won_amount_per_rep_with_the_shares_60_40(self):
        rows = {row["user_id"][0]: row for row in self._kpis(["user_id"])}
        self.assertEqual(set(rows), {self.rep_a.id, self.rep_b.id})
        # A: 60 % of 100,000 + 20,000 (no team); B: 40 % of 100,000 + 50,000 (alone)
        self.assertEqual(rows[self.rep_a.id]["won_amount"], 80000.0)
        self.assertEqual(rows[self.rep_b.id]["won_amount"], 90000.0)
        # the deals stay the salesperson's: counted once, win rate and days unchanged
        self.assertEqual(
            (rows[self.rep_a.id]["won_count"], rows[self.rep_a.id]["lost_count"]), (2, 1)
        )
        self.assertAlmostEqual(rows[self.rep_a.id]["win_rate"], 66.67)
        self.assertEqual(rows[self.rep_b.id]["won_count"], 1)
        self.assertEqual(rows[self.rep_b.id]["win_rate"], 100.0)
        # the same figure as the team module's own
        self.assertEqual(
            self.env["crm.lead.team.member"]._won_amount_by_user(
                "2025-01-01", "2025-12-31", [self.rep_a.id, self.rep_b.id]
            ),
            {self.rep_a.id: 80000.0, self.rep_b.id: 90000.0},
        )

    def test_team_and_month_totals_count_each_deal_once(self):
        [team] = self._kpis(["team_id"])
        self.assertEqual((team["won_amount"], team["won_count"]), (170000.0, 3))
        march = {
            (row["user_id"][0], row["date:month"]): row["won_amount"]
            for row in self._kpis(["user_id", "date:month"])
        }
        self.assertEqual(march[(self.rep_b.id, "2025-03-01")], 90000.0)

    def test_share_changes_move_the_amount(self):
        member_b = self.shared.team_member_ids.filtered(lambda m: m.user_id == self.rep_b)
        member_a = self.shared.team_member_ids - member_b
        member_b.share_percent = 20.0
        member_a.share_percent = 80.0
        rows = {row["user_id"][0]: row["won_amount"] for row in self._kpis(["user_id"])}
        self.assertEqual(rows, {self.rep_a.id: 100000.0, self.rep_b.id: 70000.0})

    def test_target_achievement_uses_the_shares(self):
        target = (
            self.env["crm.sales.target"]
            .with_user(self.manager)
            .create(
                {
                    "name": "KT B March",
                    "user_id": self.rep_b.id,
                    "metric": "won_amount",
                    "target_value": 120000,
                    "date_from": date(2025, 3, 1),
                    "date_to": date(2025, 3, 31),
                }
            )
        )
        self.assertEqual((target.actual_value, target.achievement_percent), (90000.0, 75.0))

    def test_a_salesperson_reads_only_their_own_share(self):
        rows = self._kpis(["user_id"], user=self.rep_b)
        self.assertEqual(
            [(row["user_id"][0], row["won_amount"]) for row in rows], [(self.rep_b.id, 90000.0)]
        )
        employee = new_test_user(self.env, login="kt_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Report.with_user(employee).get_kpis("2025-01-01", "2025-12-31")
