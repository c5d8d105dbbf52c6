{
    "name": "Manufacturing CRM: Competitors for Project Teams",
    "summary": "The current project team members of a deal read and edit its competitors",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_competitor", "crm_manufacturing_team"],
    "data": [
        "security/crm_lead_competitor_security.xml",
    ],
    "installable": True,
    "auto_install": True,
}
