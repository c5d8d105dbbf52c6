from . import service_parts_report
