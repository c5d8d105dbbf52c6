from . import test_budget_figures
from . import test_expense_rules
from . import test_approval
from . import test_budget_report
from . import test_i18n
from . import test_views
from . import test_demo
from . import test_budget_summary
