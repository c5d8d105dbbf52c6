{
    "name": "Manufacturing CRM: Project Expenses",
    "summary": "Expense budget per deal and stage, expenses linked to deals and contacts, "
    "approval over budget, budget execution analysis",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-manufacturing/crm-manufacturing",
    "author": "Manufacturing CRM developers",
    "license": "LGPL-3",
    # sale_crm: sale.order.opportunity_id, for the pre-sales cost of an order (already a
    # dependency of crm_manufacturing, named here because this module reads its field)
    "depends": ["crm_manufacturing", "hr_expense", "sale_crm"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_manufacturing_expense_security.xml",
        "data/crm_manufacturing_expense_data.xml",
        "views/res_config_settings_views.xml",
        "views/crm_lead_expense_budget_views.xml",
        "views/crm_lead_views.xml",
        "views/hr_expense_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/crm_expense_budget_report_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/crm_manufacturing_expense_demo.xml",
    ],
    "installable": True,
}
