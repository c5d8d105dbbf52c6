from . import sale_execution_template
from . import sale_execution_step
from . import res_company
from . import res_config_settings
from . import sale_order
from . import account_move
from . import stock_picking
from . import account_payment
