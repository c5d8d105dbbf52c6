from . import test_dashboard
from . import test_dashboard_web
from . import test_demo
from . import test_i18n
from . import test_kpi_figures
from . import test_security
from . import test_targets
