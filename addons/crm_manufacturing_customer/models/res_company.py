from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_dormant_months = fields.Integer(
        string="Dormant after (Months)",
        default=24,
        help="A customer without any confirmed order for this number of months becomes dormant.",
    )
    crm_rfm_years = fields.Integer(
        string="RFM Window (Years)",
        default=3,
        help="Frequency and monetary value count the confirmed orders of these last years.",
    )
    crm_profile_min_completeness = fields.Integer(
        string="Minimum Profile Completeness (%)",
        default=80,
        help="The weekly check gives the responsible of each customer below this completeness "
        "an activity listing what is missing.",
    )

    @api.constrains("crm_dormant_months", "crm_rfm_years", "crm_profile_min_completeness")
    def _check_customer_value_settings(self):
        for company in self:
            if company.crm_dormant_months < 1:
                raise ValidationError(
                    _("The months before a customer is dormant must be at least 1.")
                )
            if not 1 <= company.crm_rfm_years <= 20:
                raise ValidationError(_("The RFM window must be between 1 and 20 years."))
            if not 0 <= company.crm_profile_min_completeness <= 100:
                raise ValidationError(
                    _("The minimum profile completeness is a percentage between 0 and 100.")
                )
