from . import crm_manufacturing_xlsx
from . import crm_stage
from . import res_company
from . import res_config_settings
from . import crm_evaluation
from . import crm_lead_stage_history
from . import crm_lead_stage_plan
from . import crm_lead
