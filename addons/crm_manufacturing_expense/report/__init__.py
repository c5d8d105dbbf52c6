from . import crm_expense_budget_summary
from . import crm_expense_budget_report
