from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_manufacturing_kpi.tests.dashboard_check import DashboardCheckMixin

DASHBOARD = (
    "crm_manufacturing_kpi_contract/data/files/manufacturing_crm_installments_dashboard.json"
)
XMLID = "crm_manufacturing_kpi_contract.spreadsheet_dashboard_manufacturing_crm_installments"


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCheckMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="installments_dash_rep", groups="sales_team.group_sale_salesman"
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
