from . import crm_funnel_wizard
from . import crm_forecast_export_wizard
