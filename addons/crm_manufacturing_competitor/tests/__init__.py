from . import test_competitor
from . import test_lost_wizard
from . import test_win_rates
from . import test_report
from . import test_security
from . import test_i18n
from . import test_web_client
from . import test_demo
