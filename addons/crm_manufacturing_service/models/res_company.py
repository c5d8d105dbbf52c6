from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    service_response_hours_0 = fields.Float(string="Response Time, Normal (Hours)", default=72.0)
    service_response_hours_1 = fields.Float(string="Response Time, Medium (Hours)", default=48.0)
    service_response_hours_2 = fields.Float(string="Response Time, High (Hours)", default=24.0)
    service_response_hours_3 = fields.Float(string="Response Time, Urgent (Hours)", default=8.0)
    service_labour_product_id = fields.Many2one(
        "product.product",
        domain=[("type", "=", "service")],
        help="Added for the labour hours to the quotations of billable service requests.",
    )

    def _service_response_hours(self, priority):
        self.ensure_one()
        return self[f"service_response_hours_{priority or '0'}"]
