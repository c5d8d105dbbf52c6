from . import test_customer_competitor
from . import test_i18n
