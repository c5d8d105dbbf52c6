from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_serviceable = fields.Boolean(
        string="Serviceable Machine",
        help="A machine we serve after the sale: delivering it with serial numbers records it "
        "in the installed base.",
    )
    warranty_months = fields.Integer(
        string="Warranty (Months)",
        help="Warranty from the installation date (else the delivery date) of each machine.",
    )
    is_spare_part = fields.Boolean(
        string="Spare Part", help="A part the service points keep in stock and use on requests."
    )

    @api.constrains("warranty_months")
    def _check_warranty_months(self):
        for template in self:
            if template.warranty_months < 0:
                raise ValidationError(
                    _(
                        "The warranty of %(product)s cannot be negative.",
                        product=template.display_name,
                    )
                )
