from . import test_install
from . import test_credit_risk
