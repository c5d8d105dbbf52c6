from . import test_installed_base_from_plan
