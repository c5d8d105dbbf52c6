from . import crm_funnel_wizard
