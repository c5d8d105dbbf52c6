from . import test_team
from . import test_handover
