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
        "security/crm_manufacturing_contract_groups.xml",
        "security/ir.model.access.csv",
    ],
    "demo": [],
    "installable": True,
}
