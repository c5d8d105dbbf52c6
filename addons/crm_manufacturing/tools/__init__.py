from .arguments import (
    check_domain,
    check_field_values,
    check_number,
    check_one,
    check_period,
    check_selection,
    to_date,
    to_datetime,
)
from .server_marks import server_mark, server_marked
