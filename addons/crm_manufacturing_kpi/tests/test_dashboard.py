from odoo.tests import TransactionCase, tagged

from .dashboard_check import DashboardCheckMixin

DASHBOARD = "crm_manufacturing_kpi/data/files/manufacturing_crm_dashboard.json"


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCheckMixin, TransactionCase):
    def test_every_model_and_field_of_the_dashboard_exists(self):
        self.assertGreaterEqual(self._check_dashboard_names(DASHBOARD), 10)

    def test_the_checks_catch_a_missing_field(self):
        with self.assertRaises(AssertionError):
            self._check_chain("crm.lead", "stage_id.no_such_field")

    def test_dashboard_is_published_in_the_sales_section(self):
        dashboard = self.env.ref("crm_manufacturing_kpi.spreadsheet_dashboard_manufacturing_crm")
        self.assertTrue(dashboard.is_published)
        self.assertEqual(
            dashboard.dashboard_group_id,
            self.env.ref("spreadsheet_dashboard.spreadsheet_dashboard_group_sales"),
        )
        data = dashboard.get_readonly_dashboard()
        self.assertEqual(data["snapshot"]["pivots"]["1"]["model"], "crm.sales.kpi.report")

    def test_funnel_of_the_current_quarter(self):
        """The funnel chart counts the stage entries, filtered on the current quarter."""
        data = self._load_dashboard(DASHBOARD)
        [funnel] = [
            figure["data"]
            for figure in self._charts(data)
            if figure["data"]["metaData"]["resModel"] == "crm.lead.stage.history"
        ]
        self.assertEqual(funnel["metaData"]["groupBy"], ["stage_id"])
        [quarter] = [f for f in data["globalFilters"] if f["defaultValue"] == "this_quarter"]
        self.assertEqual(funnel["fieldMatching"][quarter["id"]]["chain"], "date_in")

    def test_every_measure_can_be_read_grouped(self):
        self._check_dashboard_reads(DASHBOARD)
