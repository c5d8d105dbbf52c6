from . import test_team
from . import test_handover
from . import test_web_client
from . import test_i18n
