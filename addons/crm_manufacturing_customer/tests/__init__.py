from . import test_lifecycle
from . import test_rfm
from . import test_access
from . import test_profile
from . import test_customer_360
from . import test_i18n
from . import test_web_client
from . import test_order_index
