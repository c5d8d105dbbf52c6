from . import res_company
from . import res_config_settings
from . import service_equipment
from . import service_request
from . import sale_execution_step
from . import service_settings
