from . import models
from . import report
from . import wizards
from .report.service_parts_use import uninstall


def uninstall_hook(env):
    """The triggers that keep the latest consumption of the parts (service_parts_use)."""
    uninstall(env.cr)
