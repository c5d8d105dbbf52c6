from . import res_company
from . import res_config_settings
from . import crm_lead_expense_budget
from . import crm_lead
from . import hr_expense
from . import hr_expense_sheet
from . import res_partner
from . import sale_order
