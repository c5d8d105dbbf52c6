from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KpiCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestKpiSecurity(KpiCommon):
    def _users_seen(self, user):
        rows = self.Report.with_user(user).search(
            [("user_id", "in", (self.rep_a | self.rep_b).ids)]
        )
        return rows.user_id

    def test_report_rows_per_group(self):
        self.assertEqual(self._users_seen(self.rep_a), self.rep_a)
        self.assertEqual(self._users_seen(self.rep_b), self.rep_b)
        self.assertEqual(self._users_seen(self.leader), self.rep_a)  # leader of East
        self.assertEqual(self._users_seen(self.manager), self.rep_a | self.rep_b)

    def test_get_kpis_returns_the_visible_rows_only(self):
        rows = self.Report.with_user(self.rep_b).get_kpis("2025-01-01", "2025-12-31", ["user_id"])
        self.assertEqual([row["user_id"][0] for row in rows], [self.rep_b.id])
        rows = self.Report.with_user(self.leader).get_kpis("2025-01-01", "2025-12-31", ["user_id"])
        self.assertEqual([row["user_id"][0] for row in rows], [self.rep_a.id])

    def test_report_refused_without_sales_rights(self):
        employee = new_test_user(self.env, login="kpi_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.Report.with_user(employee).get_kpis("2025-01-01", "2025-12-31")
        with self.assertRaises(AccessError):
            self.Target.with_user(employee).search([])

    def test_targets_read_own_and_team_set_by_managers(self):
        Target = self.Target.with_user(self.manager)
        period = {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31), "target_value": 10}
        own = Target.create(dict(period, name="A", user_id=self.rep_a.id))
        team = Target.create(dict(period, name="East", team_id=self.team_east.id))
        other = Target.create(dict(period, name="B", user_id=self.rep_b.id))
        west = Target.create(dict(period, name="West", team_id=self.team_west.id))
        everything = own | team | other | west
        seen = self.Target.with_user(self.rep_a).search([("id", "in", everything.ids)])
        self.assertEqual(seen, own | team)
        seen = self.Target.with_user(self.leader).search([("id", "in", everything.ids)])
        self.assertEqual(seen, own | team)  # their team's target and their member's
        # the figure of the team target sums the members' rows (not only what rep A sees)
        self.assertEqual(own.with_user(self.rep_a).actual_value, 150000.0)
        team_as_rep = team.with_user(self.rep_a)
        self.assertEqual(team_as_rep.actual_value, 150000.0)
        with self.assertRaises(AccessError):
            own.with_user(self.rep_a).write({"target_value": 1})
        with self.assertRaises(AccessError):
            self.Target.with_user(self.rep_a).create(
                dict(period, name="Mine", user_id=self.rep_a.id)
            )
        with self.assertRaises(AccessError):
            own.with_user(self.rep_a).action_split_months()
        with self.assertRaises(AccessError):
            other.with_user(self.rep_a).read(["name"])
        own.with_user(self.manager).write({"target_value": 20})
        self.assertEqual(own.target_value, 20)

    def test_targets_multi_company(self):
        company2 = self.env["res.company"].create({"name": "KPI Second Company"})
        rep2 = new_test_user(
            self.env,
            login="kpi_rep2",
            groups="sales_team.group_sale_salesman",
            company_id=company2.id,
            company_ids=[(6, 0, (company2 | self.company).ids)],
        )
        target = self.Target.create(
            {
                "name": "Elsewhere",
                "user_id": rep2.id,
                "company_id": company2.id,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
                "target_value": 10,
            }
        )
        self.assertFalse(self.Target.with_user(self.manager).search([("id", "=", target.id)]))
        self.assertEqual(
            self.Target.with_user(rep2)
            .with_context(allowed_company_ids=company2.ids)
            .search([("id", "=", target.id)]),
            target,
        )
