from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_manufacturing_kpi.tests.dashboard_check import DashboardCheckMixin

DASHBOARD = (
    "crm_manufacturing_kpi_competitor/data/files/manufacturing_crm_competitors_dashboard.json"
)
XMLID = "crm_manufacturing_kpi_competitor.spreadsheet_dashboard_manufacturing_crm_competitors"


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCheckMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="competitors_dash_rep", groups="sales_team.group_sale_salesman"
        )

    def test_every_model_and_field_of_the_dashboard_exists(self):
        self.assertGreaterEqual(self._check_dashboard_names(DASHBOARD), 4)

    def test_every_measure_can_be_read_grouped_by_a_salesperson(self):
        self._check_dashboard_reads(DASHBOARD)
        self.env = self.env(user=self.salesman)
        self._check_dashboard_reads(DASHBOARD)

    def test_dashboard_is_published_next_to_the_manufacturing_crm_one(self):
        dashboard = self.env.ref(XMLID)
        main = self.env.ref("crm_manufacturing_kpi.spreadsheet_dashboard_manufacturing_crm")
        self.assertTrue(dashboard.is_published)
        self.assertEqual(dashboard.dashboard_group_id, main.dashboard_group_id)
        self.assertIn(
            dashboard, self.env["spreadsheet.dashboard"].with_user(self.salesman).search([])
        )
        data = dashboard.with_user(self.salesman).get_readonly_dashboard()
        self.assertIn("snapshot", data)

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
        data = self._load_dashboard(DASHBOARD)
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
