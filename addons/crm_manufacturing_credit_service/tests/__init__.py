from . import test_credit_service
