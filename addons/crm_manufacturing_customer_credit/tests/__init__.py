from . import test_customer_credit
from . import test_i18n
