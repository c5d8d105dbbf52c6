from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    service_life_years = fields.Integer(
        string="Service Life (Years)",
        default=10,
        help="A machine older than this (from its installation, else delivery date) is due for "
        "replacement.",
    )

    @api.constrains("service_life_years")
    def _check_service_life_years(self):
        for template in self:
            if template.service_life_years < 1:
                raise ValidationError(
                    _(
                        "The service life of %(product)s must be at least one year.",
                        product=template.display_name,
                    )
                )
