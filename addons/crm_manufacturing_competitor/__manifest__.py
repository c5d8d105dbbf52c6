{
    "name": "Manufacturing CRM: Competitors",
    "summary": "Competitor profiles, competitors on every deal with their offer, lost-to and "
    "win rate against each, where price or delivery time lost the deal",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_competitor_security.xml",
        "views/crm_competitor_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_competitor_report_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_competitor_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_manufacturing_competitor/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
