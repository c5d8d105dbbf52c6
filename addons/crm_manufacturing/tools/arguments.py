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

import psycopg2

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

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


def to_datetime(env, value, label):
    """``value`` (datetime, date or ISO string) as a naive datetime; UserError if it is not one."""
    try:
        if isinstance(value, datetime.datetime):
            result = value.replace(tzinfo=None)
        elif isinstance(value, datetime.date):
            result = datetime.datetime.combine(value, datetime.time.min)
        elif isinstance(value, str) and value:
            result = fields.Datetime.to_datetime(value[:19])
        else:
            raise ValueError(value)
    except (TypeError, ValueError):
        raise UserError(
            env._(
                "%(label)s must be a date and time (YYYY-MM-DD HH:MM:SS), not %(value)r.",
                label=label,
                value=value,
            )
        ) from None
    to_date(env, result.date(), label)  # the same range as dates
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
        # parse: unknown fields, operators and malformed terms raise here
        query = model.sudo().with_context(active_test=False)._search(domain)
        if not query.is_empty():
            # plan it without fetching anything: values of the wrong type for their column
            # ("abc" for a number, a list for a date) are refused by PostgreSQL here
            with model.env.cr.savepoint():
                model.env.cr.execute(SQL("%s LIMIT 0", query.select()))
    except (ValueError, TypeError, KeyError, AttributeError, AssertionError, UserError) as error:
        raise UserError(
            model.env._(
                "The filter %(domain)r is not valid for %(model)s: %(error)s",
                domain=domain,
                model=model._description,
                error=error,
            )
        ) from None
    except psycopg2.DataError as error:
        raise UserError(
            model.env._(
                "The filter %(domain)r is not valid for %(model)s: %(error)s",
                domain=domain,
                model=model._description,
                error=(error.diag.message_primary or str(error)).strip(),
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


def check_selection(model, vals):
    """Refuse values of selection fields that are not among their choices (the ORM answers
    them with a ValueError, a traceback over XML-RPC). ``vals``: the values of a create or
    write; an empty value only where the field is not required."""
    for fname, value in vals.items():
        field = model._fields.get(fname)
        if not field or field.type != "selection":
            continue
        choices = field._description_selection(model.env)
        if value in (False, None, ""):
            if field.required:
                raise UserError(
                    model.env._(
                        "%(field)s is required; choose one of: %(choices)s.",
                        field=field._description_string(model.env),
                        choices=", ".join(f"{key} ({label})" for key, label in choices),
                    )
                )
        elif value not in dict(choices):
            raise UserError(
                model.env._(
                    "%(value)r is not a valid %(field)s; choose one of: %(choices)s.",
                    value=value,
                    field=field._description_string(model.env),
                    choices=", ".join(f"{key} ({label})" for key, label in choices),
                )
            )


def check_field_values(records, bounds):
    """Check saved values of ``records`` (for ``@api.constrains``): ``bounds`` maps a numeric
    or date field name to ``(minimum, maximum)`` (either may be None). Numbers must be finite,
    dates within MIN_DATE..MAX_DATE; empty values pass. ValidationError naming the field and
    the record."""
    env = records.env
    for record in records:
        for fname, (minimum, maximum) in bounds.items():
            field = records._fields[fname]
            value = record[fname]
            if value is False or value is None:
                continue
            label = env._(
                "%(field)s of %(record)s",
                field=field._description_string(env),
                record=record.display_name,
            )
            try:
                if field.type in ("date", "datetime"):
                    to_date(env, value, label)
                else:
                    check_number(env, value, label, minimum, maximum)
            except UserError as error:
                raise ValidationError(error.args[0]) from None


def check_one(records):
    """``records`` as one record: the ``ensure_one()`` of public methods, answered with a
    UserError (not a ValueError, a traceback over XML-RPC) when called on none or several."""
    if len(records) != 1:
        raise UserError(
            records.env._(
                "This action works on exactly one %(model)s, not %(count)s.",
                model=records._description,
                count=len(records),
            )
        )
    return records
