import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_manufacturing.tools import check_number

SERVICE_MANAGER = "crm_manufacturing_service.group_service_manager"
MAX_RESPONSE_HOURS = 8760.0  # one year
RESPONSE_FIELDS = tuple(f"service_response_hours_{priority}" for priority in "0123")


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
    service_default_point_id = fields.Many2one(
        "service.point",
        string="Default Service Point",
        domain="[('company_id', '=', id)]",
        help="Serves the customers of provinces that no service point covers.",
    )

    @api.model
    def _get_manager_settings_fields(self):
        # service managers write the service settings through their form only
        # (After-Sales Service › Configuration › Settings)
        grants = super()._get_manager_settings_fields()
        names = self.env["service.settings"]._company_fields()
        grants.setdefault("service.settings", {}).setdefault(SERVICE_MANAGER, set()).update(names)
        return grants

    @api.constrains(*RESPONSE_FIELDS)
    def _check_service_response_hours(self):
        for company in self:
            for name in RESPONSE_FIELDS:
                check_number(
                    self.env,
                    company[name],
                    self._fields[name].get_description(self.env)["string"],
                    minimum=0.0,
                    maximum=MAX_RESPONSE_HOURS,
                )

    @api.constrains("service_default_point_id")
    def _check_service_default_point(self):
        for company in self:
            point = company.service_default_point_id
            if point and point.company_id != company:
                raise ValidationError(
                    _(
                        "The default service point %(point)s belongs to %(other)s, not to "
                        "%(company)s.",
                        point=point.display_name,
                        other=point.company_id.name,
                        company=company.name,
                    )
                )

    def _service_response_hours(self, priority):
        self.ensure_one()
        hours = self[f"service_response_hours_{priority or '0'}"]
        # a value stored before the constraint existed must not break every new request
        return hours if math.isfinite(hours) and 0 <= hours <= MAX_RESPONSE_HOURS else 0.0
