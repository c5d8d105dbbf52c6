from .arguments import check_domain, check_number, check_period, to_date
