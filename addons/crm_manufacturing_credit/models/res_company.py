import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PROVISION_FIELDS = (
    "credit_provision_current",
    "credit_provision_1_30",
    "credit_provision_31_60",
    "credit_provision_61_90",
    "credit_provision_over_90",
)

# ten years: beyond, a hold would never be set
MAX_HOLD_DAYS = 3650


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_overdue_hold_days = fields.Integer(
        string="Hold after Overdue Days",
        default=90,
        help="The daily credit check puts a customer on hold when an invoice is overdue by more "
        "than this number of days, and lifts the holds it set once nothing is.",
    )
    credit_provision_current = fields.Float(string="Provision: Not Due (%)", default=0.0)
    credit_provision_1_30 = fields.Float(string="Provision: 1-30 Days (%)", default=1.0)
    credit_provision_31_60 = fields.Float(string="Provision: 31-60 Days (%)", default=5.0)
    credit_provision_61_90 = fields.Float(string="Provision: 61-90 Days (%)", default=20.0)
    credit_provision_over_90 = fields.Float(string="Provision: Over 90 Days (%)", default=50.0)

    @api.constrains("credit_overdue_hold_days", *PROVISION_FIELDS)
    def _check_credit_settings(self):
        for company in self:
            if not 1 <= company.credit_overdue_hold_days <= MAX_HOLD_DAYS:
                raise ValidationError(
                    _(
                        "The overdue days before a credit hold must be between 1 and %(max)s, not %(days)s.",
                        max=MAX_HOLD_DAYS,
                        days=company.credit_overdue_hold_days,
                    )
                )
            for name in PROVISION_FIELDS:
                # NaN and infinities fail the comparison too
                if not (math.isfinite(company[name]) and 0 <= company[name] <= 100):
                    raise ValidationError(
                        _(
                            "Bad-debt provision rates are percentages between 0 and 100, not %(rate)s.",
                            rate=company[name],
                        )
                    )
