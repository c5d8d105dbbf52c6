{
    "name": "Manufacturing CRM: Customer Value",
    "summary": "Customer 360 view, lifecycle stages, RFM and value growth, "
    "order ratio and profile completeness with a responsible",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing", "sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_manufacturing_customer_security.xml",
        "data/crm_manufacturing_customer_data.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/crm_customer_stage_history_views.xml",
        "views/crm_customer_profile_rule_views.xml",
        "report/crm_customer_lifecycle_report_views.xml",
        "report/crm_customer_profile_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_tests": [
            "crm_manufacturing_customer/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
