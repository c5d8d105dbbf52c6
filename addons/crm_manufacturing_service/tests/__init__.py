from . import test_install
from . import test_equipment
from . import test_service_request
from . import test_parts_report
from . import test_security
from . import test_web_client
from . import test_cron_batches
