from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing_kpi.tests.dashboard_check import GlueDashboardTests


@tagged("post_install", "-at_install")
class TestDashboard(GlueDashboardTests, TransactionCase):
    DASHBOARD = (
        "crm_manufacturing_kpi_competitor/data/files/manufacturing_crm_competitors_dashboard.json"
    )
    XMLID = "crm_manufacturing_kpi_competitor.spreadsheet_dashboard_manufacturing_crm_competitors"
    LOGIN = "competitors_dash_rep"

    def test_lost_to_panel_ranks_the_competitors_by_lost_amount(self):
        Competitor = self.env["crm.competitor"]
        hengyuan = Competitor.create({"name": "Dash Hengyuan Press"})
        kanto = Competitor.create({"name": "Dash Kanto Servo"})
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Dash deal {i}",
                    "type": "opportunity",
                    "user_id": self.salesman.id,
                    "expected_revenue": revenue,
                }
                for i, revenue in enumerate((100000, 30000, 50000, 999999))
            ]
        )
        leads[:3].action_set_lost()
        leads[0].lost_to_competitor_id = hengyuan
        leads[1].lost_to_competitor_id = kanto
        leads[2].lost_to_competitor_id = kanto
        data = self._load_dashboard(self.DASHBOARD)
        [chart] = [figure["data"] for figure in self._charts(data)]
        groups = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            ._read_group(
                chart["searchParams"]["domain"],
                chart["metaData"]["groupBy"],
                [f"{chart['metaData']['measure']}:sum"],
            )
        )
        totals = dict(groups)
        self.assertEqual(totals[hengyuan], 100000)
        self.assertEqual(totals[kanto], 80000)  # the open deal does not count
