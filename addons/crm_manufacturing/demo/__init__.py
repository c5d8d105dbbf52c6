from . import crm_manufacturing_demo
