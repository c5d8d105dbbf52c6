from . import test_team
