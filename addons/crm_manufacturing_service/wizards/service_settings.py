from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class ServiceSettings(models.TransientModel):
    """After-Sales Service › Configuration › Settings: the service fields of the company, for
    service managers (the full settings page is for system administrators only)."""

    _name = "service.settings"
    _description = "After-Sales Service Settings"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    service_response_hours_0 = fields.Float(string="Response Time, Normal (Hours)")
    service_response_hours_1 = fields.Float(string="Response Time, Medium (Hours)")
    service_response_hours_2 = fields.Float(string="Response Time, High (Hours)")
    service_response_hours_3 = fields.Float(string="Response Time, Urgent (Hours)")
    service_default_point_id = fields.Many2one(
        "service.point",
        string="Default Service Point",
        domain="[('company_id', '=', company_id)]",
        help="Serves the customers of provinces that no service point covers.",
    )
    service_labour_product_id = fields.Many2one(
        "product.product",
        string="Service Labour",
        domain=[("type", "=", "service")],
        help="Added for the labour hours to the quotations of billable service requests.",
    )

    @api.model
    def _company_fields(self):
        """The company fields this form shows and saves (glue modules add theirs)."""
        return [
            "service_response_hours_0",
            "service_response_hours_1",
            "service_response_hours_2",
            "service_response_hours_3",
            "service_default_point_id",
            "service_labour_product_id",
        ]

    def _check_manager(self):
        # the groups granted this form's fields of the company (service managers)
        if not self.env["res.company"]._get_user_settings_fields(self._name):
            raise AccessError(_("Only service managers can change the after-sales settings."))

    @api.model
    def default_get(self, fields_list):
        self._check_manager()
        values = super().default_get(fields_list)
        company = self.env.company
        names = [name for name in self._company_fields() if name in fields_list]
        values.update(company._convert_to_write({name: company[name] for name in names}))
        return values

    @api.model_create_multi
    def create(self, vals_list):
        self._check_manager()
        return super().create(vals_list)

    def action_save(self):
        """Write the form's values on its company (the company's own constraints check them)."""
        self.ensure_one()
        self._check_manager()
        values = self._convert_to_write({name: self[name] for name in self._company_fields()})
        # with the user's own rights: res.company lets a non-administrator write only the
        # fields his groups are granted on this form, of the companies he works in
        self.company_id._write_manager_settings(self._name, values)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("The after-sales service settings are saved."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
