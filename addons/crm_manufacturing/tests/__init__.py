from . import test_install
from . import test_xlsx_export
from . import test_web_client
from . import test_stage_history
from . import test_stage_plan
from . import test_evaluation
from . import test_funnel
from . import test_decision_tree
