{
    "name": "Manufacturing CRM: Contract Execution and After-Sales Service",
    "summary": "Installation and acceptance start the warranty of the installed base; the "
    "retention follows the warranty",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    "depends": ["crm_manufacturing_contract", "crm_manufacturing_service"],
    "data": [
        "views/res_config_settings_views.xml",
        "views/service_settings_views.xml",
        "views/service_equipment_views.xml",
        "views/sale_execution_step_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
