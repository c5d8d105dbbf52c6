{
    "name": "Manufacturing CRM",
    "summary": "CRM for manufacturers selling machines and production lines in "
    "long, team-run project sales",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm", "sale_crm", "sale_management", "web_hierarchy"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/crm_manufacturing_groups.xml",
        "security/ir.model.access.csv",
        "security/crm_stage_security.xml",
        "data/crm_stage_data.xml",
        "views/res_config_settings_views.xml",
        "views/crm_stage_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_lead_stage_history_views.xml",
        "views/crm_lead_stage_plan_views.xml",
        "views/crm_evaluation_views.xml",
        "wizards/crm_funnel_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_manufacturing_demo.xml",
        "demo/crm_stage_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_tests": [
            "crm_manufacturing/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
