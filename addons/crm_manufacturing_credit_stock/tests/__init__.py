from . import test_credit_block_delivery
from . import test_credit_exposure_deliveries
