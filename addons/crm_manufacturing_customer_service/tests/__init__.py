from . import test_customer_service
