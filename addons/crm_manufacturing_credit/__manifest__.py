{
    "name": "Manufacturing CRM: Credit Risk",
    "summary": "Receivable exposure, aging, risk grade, credit hold and blocked confirmation beyond the limit",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing", "sale", "account"],
    "data": [
        "security/crm_manufacturing_credit_groups.xml",
        "security/ir.model.access.csv",
    ],
    "demo": [],
    "installable": True,
}
