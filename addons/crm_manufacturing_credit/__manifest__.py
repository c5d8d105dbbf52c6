{
    "name": "Manufacturing CRM: Credit Risk",
    "summary": "Receivable exposure, aging, risk grade, credit hold and blocked confirmation beyond the limit",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing", "sale", "account"],
    "data": [
        "security/crm_manufacturing_credit_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_manufacturing_credit_security.xml",
        "security/crm_credit_figure_security.xml",
        "data/crm_manufacturing_credit_data.xml",
        "data/crm_credit_figure_data.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/credit_risk_report_views.xml",
        "views/res_company_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_manufacturing_credit_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_manufacturing_credit/static/tests/tours/**/*",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
