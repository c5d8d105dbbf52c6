from . import models
from . import tools
from . import report
from . import wizards
from . import demo
from .hooks import post_init_hook
