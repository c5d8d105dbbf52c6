from . import crm_competitor
from . import crm_lead_competitor
from . import crm_lead
