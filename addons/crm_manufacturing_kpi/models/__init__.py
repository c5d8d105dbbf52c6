from . import sale_order
from . import crm_sales_target
