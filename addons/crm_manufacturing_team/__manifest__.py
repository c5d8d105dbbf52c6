{
    "name": "Manufacturing CRM: Team Selling and Handover",
    "summary": "A project team with roles and shares on every deal; a leaving salesperson's "
    "customers, deals and activities handed over in one logged step, with a handover brief",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing", "sale_crm"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_lead_team_member_security.xml",
        "security/crm_handover_security.xml",
        "data/crm_handover_data.xml",
        "views/crm_lead_views.xml",
        "views/crm_lead_team_member_views.xml",
        "views/res_partner_views.xml",
        "views/crm_handover_views.xml",
        "report/crm_handover_report.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_manufacturing_team/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
