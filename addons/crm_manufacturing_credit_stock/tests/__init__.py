from . import test_credit_block_delivery
from . import test_credit_exposure_deliveries
from . import test_credit_policy_delivery
from . import test_i18n
