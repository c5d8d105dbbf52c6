from . import test_customer_credit, test_i18n
