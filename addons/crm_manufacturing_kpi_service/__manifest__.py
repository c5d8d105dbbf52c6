{
    "name": "Manufacturing CRM: Complaints in the Sales KPIs",
    "summary": "Counts the complaints (service requests) of each salesperson's customers in "
    "the sales KPIs and targets",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_kpi", "crm_manufacturing_service"],
    "data": [
        "views/crm_sales_kpi_report_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
