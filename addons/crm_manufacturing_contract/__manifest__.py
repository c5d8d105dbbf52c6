{
    "name": "Manufacturing CRM: Contract Execution",
    "summary": "Delivery, installation, acceptance and installment plans on confirmed orders, linked to invoices and payments",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing", "sale_stock", "account"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_manufacturing_contract_security.xml",
        "data/crm_manufacturing_contract_data.xml",
        "views/sale_execution_template_views.xml",
        "views/sale_execution_step_views.xml",
        "views/sale_order_views.xml",
        "views/crm_cash_forecast_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_manufacturing_contract_demo.xml",
    ],
    "assets": {
        # a pivot view: loaded with Odoo's pivot, in the lazy bundle
        "web.assets_backend_lazy": [
            "crm_manufacturing_contract/static/src/views/**/*",
        ],
        "web.assets_tests": [
            "crm_manufacturing_contract/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
