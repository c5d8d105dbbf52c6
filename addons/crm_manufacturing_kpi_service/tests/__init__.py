from . import test_complaints
from . import test_i18n
