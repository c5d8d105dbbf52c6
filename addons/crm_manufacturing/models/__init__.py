from . import crm_manufacturing_xlsx
