from . import test_won_shares
