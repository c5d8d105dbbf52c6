from . import test_i18n
from . import test_team_member_access
