from . import test_installed_base_from_plan
from . import test_service_settings
