from . import crm_sales_kpi_report
