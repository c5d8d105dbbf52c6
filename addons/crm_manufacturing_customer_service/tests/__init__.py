from . import test_customer_service
from . import test_cron_batches
