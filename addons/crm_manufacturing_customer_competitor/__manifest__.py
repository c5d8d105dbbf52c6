{
    "name": "Manufacturing CRM: Customer Value with Competitors",
    "summary": "Competitors met on the customer's deals in the Customer 360 view, each "
    "linked to its record",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_customer", "crm_manufacturing_competitor"],
    "data": [
        "views/res_partner_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
