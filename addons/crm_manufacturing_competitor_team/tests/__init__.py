from . import test_team_member_access
