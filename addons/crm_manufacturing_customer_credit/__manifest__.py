{
    "name": "Manufacturing CRM: Customer Value with Credit Control",
    "summary": "Receivables and credit grade in the Customer 360 view, for the users who may "
    "read credit figures, each linked to its record",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_customer", "crm_manufacturing_credit"],
    "data": [
        "views/res_partner_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
