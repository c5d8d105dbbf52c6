{
    "name": "Manufacturing CRM: Sales KPIs and Targets",
    "summary": "Visits, decision-maker meetings, quotes and wins per rep, team and region "
    "against sales targets, and a Manufacturing CRM dashboard",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing", "sale_crm", "calendar", "spreadsheet_dashboard"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_sales_target_security.xml",
        "security/crm_sales_kpi_report_security.xml",
        "data/crm_manufacturing_kpi_data.xml",
        "data/spreadsheet_dashboard_data.xml",
        "views/crm_sales_target_views.xml",
        "views/crm_sales_kpi_report_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_manufacturing_kpi_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_tests": [
            "crm_manufacturing_kpi/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
