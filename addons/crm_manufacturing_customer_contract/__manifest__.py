{
    "name": "Manufacturing CRM: Customer Value with Contract Execution",
    "summary": "Execution plans in the Customer 360 view: open plans, overdue steps and "
    "installments, each linked to its record",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_customer", "crm_manufacturing_contract"],
    "data": [
        "views/res_partner_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
