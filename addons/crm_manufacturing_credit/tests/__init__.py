from . import test_install
from . import test_credit_risk
from . import test_web_client
from . import test_cron_batches
