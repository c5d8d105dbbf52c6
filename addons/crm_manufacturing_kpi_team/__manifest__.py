{
    "name": "Manufacturing CRM: Project Team Shares in the Sales KPIs",
    "summary": "The won amount of the sales KPIs and targets split between the project team "
    "members of each won deal by their shares",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_kpi", "crm_manufacturing_team"],
    "data": [],
    "installable": True,
    "auto_install": True,
}
