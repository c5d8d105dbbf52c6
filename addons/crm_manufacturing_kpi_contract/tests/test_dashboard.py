from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing_kpi.tests.dashboard_check import GlueDashboardTests


@tagged("post_install", "-at_install")
class TestDashboard(GlueDashboardTests, TransactionCase):
    DASHBOARD = (
        "crm_manufacturing_kpi_contract/data/files/manufacturing_crm_installments_dashboard.json"
    )
    XMLID = "crm_manufacturing_kpi_contract.spreadsheet_dashboard_manufacturing_crm_installments"
    LOGIN = "installments_dash_rep"
