from odoo import fields, models

WARRANTY_STARTS = [
    ("delivery", "Delivery"),
    ("installation", "Installation"),
    ("acceptance", "Acceptance"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    service_warranty_start = fields.Selection(
        WARRANTY_STARTS,
        string="Warranty Starts at",
        default="delivery",
        required=True,
        help="Delivery: the warranty of a machine counts from its installation date, else its "
        "delivery date. Installation or Acceptance: for machines sold on an order with an "
        "execution plan, from the actual date of the order's installation or acceptance step; "
        "until then the warranty has not started and service is free.",
    )
