from . import crm_sales_kpi_report
from . import crm_sales_target
