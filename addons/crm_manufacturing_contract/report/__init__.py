from . import crm_cash_forecast
