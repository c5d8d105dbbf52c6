from . import test_credit_block_delivery
