from . import service_settings
