from . import test_customer_competitor, test_i18n
