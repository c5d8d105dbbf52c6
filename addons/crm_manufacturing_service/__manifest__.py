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
    ],
    "demo": [],
    "installable": True,
}
