from . import test_customer_contract
from . import test_i18n
