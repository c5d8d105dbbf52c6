{
    "name": "Manufacturing CRM: Customer Value with After-Sales Service",
    "summary": "Installed base in the Customer 360 view: machines, their age and replacement, "
    "open service requests, replacement opportunities",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_customer", "crm_manufacturing_service"],
    "data": [
        "data/crm_manufacturing_customer_service_data.xml",
        "views/product_template_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
