from . import crm_lead_team_member
from . import crm_lead
from . import crm_stage
from . import res_partner
from . import res_users
from . import crm_handover
