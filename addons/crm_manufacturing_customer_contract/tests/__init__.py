from . import test_customer_contract, test_i18n
