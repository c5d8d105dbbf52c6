"""Validation of the arguments of public methods (XML-RPC entry points).

Every public method of the modules that takes dates, domains or numbers from a caller goes
through these helpers, so that bad input is answered with a ``UserError`` that says what is
wrong (fault code 2 over XML-RPC), never with a traceback (fault code 1)::

    from odoo.addons.crm_manufacturing.tools import check_domain, check_period

    date_from, date_to = check_period(self.env, date_from, date_to)
    domain = check_domain(self.env["crm.lead"], domain)
"""

import datetime
import math

from odoo import fields
from odoo.exceptions import UserError
from odoo.osv import expression

# PostgreSQL and Python both handle these, and no business date of the modules is outside them.
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2999, 12, 31)


def to_date(env, value, label):
    """``value`` (date, datetime or ISO string) as a date; UserError if it is not one."""
    try:
        if isinstance(value, datetime.datetime):
            result = value.date()
        elif isinstance(value, datetime.date):
            result = value
        elif isinstance(value, str) and value:
            result = fields.Date.to_date(value[:10])
        else:
            raise ValueError(value)
    except (TypeError, ValueError):
        raise UserError(
            env._("%(label)s must be a date (YYYY-MM-DD), not %(value)r.", label=label, value=value)
        ) from None
    if not MIN_DATE <= result <= MAX_DATE:
        raise UserError(
            env._(
                "%(label)s must be between %(min)s and %(max)s, not %(value)s.",
                label=label,
                min=MIN_DATE,
                max=MAX_DATE,
                value=result,
            )
        )
    return result


def check_period(env, date_from, date_to):
    """Both ends of a period as dates, the start not after the end."""
    start = to_date(env, date_from, env._("The start date"))
    end = to_date(env, date_to, env._("The end date"))
    if start > end:
        raise UserError(
            env._("The period starts on %(start)s, after its end %(end)s.", start=start, end=end)
        )
    return start, end


def check_domain(model, domain):
    """``domain`` as a list that ``model`` can search, or a UserError naming the problem."""
    if domain in (None, False):
        return []
    if not isinstance(domain, list | tuple):
        raise UserError(
            model.env._("A filter must be a list of conditions, not %(value)r.", value=domain)
        )
    domain = list(domain)
    try:
        # parse without running: unknown fields, operators and malformed terms raise here
        expression.expression(domain, model.sudo().with_context(active_test=False))
    except (ValueError, TypeError, KeyError, AttributeError, AssertionError) as error:
        raise UserError(
            model.env._(
                "The filter %(domain)r is not valid for %(model)s: %(error)s",
                domain=domain,
                model=model._description,
                error=error,
            )
        ) from None
    return domain


def check_number(env, value, label, minimum=None, maximum=None):
    """``value`` as a finite float within [minimum, maximum] (either bound optional)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserError(
            env._("%(label)s must be a number, not %(value)r.", label=label, value=value)
        )
    if not math.isfinite(value):
        raise UserError(env._("%(label)s must be a finite number.", label=label))
    if minimum is not None and value < minimum:
        raise UserError(env._("%(label)s cannot be less than %(min)s.", label=label, min=minimum))
    if maximum is not None and value > maximum:
        raise UserError(env._("%(label)s cannot be more than %(max)s.", label=label, max=maximum))
    return float(value)
