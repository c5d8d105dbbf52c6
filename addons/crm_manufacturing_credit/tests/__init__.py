from . import test_install
from . import test_credit_risk
from . import test_credit_exposure
from . import test_credit_integrity
from . import test_credit_concurrency
from . import test_i18n
from . import test_oca_coexistence
from . import test_web_client
