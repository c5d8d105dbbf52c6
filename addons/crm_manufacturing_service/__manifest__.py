{
    "name": "Manufacturing CRM: After-Sales Service",
    "summary": "Installed base with warranty, service requests, service points with their own spare parts stock",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing", "stock", "sale_stock"],
    "data": [
        "security/crm_manufacturing_service_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_manufacturing_service_security.xml",
        "data/crm_manufacturing_service_data.xml",
        "views/product_template_views.xml",
        "views/service_point_views.xml",
        "views/service_equipment_views.xml",
        "views/service_request_views.xml",
        "views/service_parts_report_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_manufacturing_service_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_manufacturing_service/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": True,
}
