from . import models
from . import report
from . import demo
from .models.credit_figure import drop_triggers


def uninstall_hook(env):
    """The triggers that mark changed customers for the stored credit figures."""
    drop_triggers(env.cr)
