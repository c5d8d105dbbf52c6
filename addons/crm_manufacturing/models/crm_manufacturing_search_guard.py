from odoo import models
from odoo.exceptions import UserError

TEXT_TYPES = ("char", "text", "html", "selection")


class CrmManufacturingSearchGuard(models.AbstractModel):
    """Searches answer a value of the wrong type for its field ("abc" for a number, a list
    for a date) with a UserError that says so, instead of the ValueError or TypeError of the
    ORM (a traceback, fault 1, over XML-RPC). Inherited by the models of the modules that
    XML-RPC integrations search."""

    _name = "crm.manufacturing.search.guard"
    _description = "Manufacturing CRM: search values checked"

    def _condition_to_sql(self, alias, fname, operator, value, query):
        field = self._fields.get(fname)
        try:
            if field and field.type in TEXT_TYPES and field.store:
                values = value if isinstance(value, list | tuple) else [value]
                if any(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
                    # PostgreSQL would refuse to compare text with a number
                    raise ValueError(self.env._("a text value is expected"))
            if field and field.type in ("date", "datetime") and field.store:
                values = value if isinstance(value, list | tuple) else [value]
                for item in values:
                    if isinstance(item, str):
                        # PostgreSQL would refuse a string that is not a date at execution
                        parse = field.to_date if field.type == "date" else field.to_datetime
                        parse(item)
            return super()._condition_to_sql(alias, fname, operator, value, query)
        except (ValueError, TypeError, OverflowError) as error:
            raise UserError(
                self.env._(
                    "The filter (%(field)s %(operator)s %(value)r) is not valid for "
                    "%(model)s: %(error)s",
                    field=field._description_string(self.env) if field else fname,
                    operator=operator,
                    value=value,
                    model=self._description,
                    error=error,
                )
            ) from None
