{
    "name": "Manufacturing CRM: Lost-to Competitors in the Dashboards",
    "summary": "A Manufacturing CRM dashboard of the competitors who took our deals",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_kpi", "crm_manufacturing_competitor"],
    "data": [
        "data/spreadsheet_dashboard_data.xml",
    ],
    "installable": True,
    "auto_install": True,
}
