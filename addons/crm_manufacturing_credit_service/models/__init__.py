from . import service_request
from . import stock_picking
