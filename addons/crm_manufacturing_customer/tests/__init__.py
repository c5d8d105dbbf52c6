from . import test_lifecycle
from . import test_rfm
from . import test_access
