from . import test_install
from . import test_execution_plan
from . import test_web_client
from . import test_cash_forecast
from . import test_cron_batches
from . import test_security
from . import test_menus
from . import test_demo
