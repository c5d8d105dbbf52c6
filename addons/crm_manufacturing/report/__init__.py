from . import crm_manufacturing_xlsx
from . import crm_manufacturing_xlsx_download
from . import crm_manufacturing_xlsx_export_mixin
