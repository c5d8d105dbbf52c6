{
    "name": "Manufacturing CRM: Credit Risk and After-Sales Service",
    "summary": "Service under warranty is never blocked by credit; billable service of customers "
    "on credit hold needs a credit manager",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_credit_stock", "crm_manufacturing_service"],
    "data": [
        "views/service_request_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
