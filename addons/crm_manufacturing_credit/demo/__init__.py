from . import crm_manufacturing_credit_demo
