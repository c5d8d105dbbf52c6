from . import crm_customer_lifecycle_report
from . import crm_customer_profile_report
from . import crm_customer_order_year
