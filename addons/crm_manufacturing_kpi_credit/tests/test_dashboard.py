from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing_kpi.tests.dashboard_check import GlueDashboardTests


@tagged("post_install", "-at_install")
class TestDashboard(GlueDashboardTests, TransactionCase):
    DASHBOARD = "crm_manufacturing_kpi_credit/data/files/manufacturing_crm_credit_dashboard.json"
    XMLID = "crm_manufacturing_kpi_credit.spreadsheet_dashboard_manufacturing_crm_credit"
    LOGIN = "credit_dash_rep"
