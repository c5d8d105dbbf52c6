from . import crm_expense_budget_report
