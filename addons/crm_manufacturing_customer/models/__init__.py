from . import res_company
from . import res_config_settings
from . import crm_customer_stage_history
from . import crm_customer_profile_rule
from . import res_partner
from . import crm_lead
from . import sale_order
