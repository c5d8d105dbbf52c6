from odoo import fields, models


class ServicePointMixin(models.AbstractModel):
    """What a service point serves (installed equipment, service requests): the point that
    covers the customer's province, else the point already set, else the company's default."""

    _name = "service.point.mixin"
    _description = "Served by a Service Point"

    company_id = fields.Many2one("res.company")
    partner_id = fields.Many2one("res.partner", string="Customer")
    service_point_id = fields.Many2one(
        "service.point",
        compute="_compute_service_point_id",
        store=True,
        readonly=False,
        check_company=True,
        ondelete="restrict",
        index=True,
    )

    # each model declares what the point depends on (api.depends on its override)
    def _compute_service_point_id(self):
        for company in self.company_id:
            records = self.filtered(lambda r, c=company: r.company_id == c)
            points = self.env["service.point"]._point_for_states(
                records._service_point_states(), company
            )
            for record in records:
                record.service_point_id = (
                    record._service_point_covering(points)
                    or record.service_point_id
                    or company.service_default_point_id
                )

    def _service_point_states(self):
        """The provinces whose points may serve these records."""
        return self.partner_id.state_id

    def _service_point_covering(self, points):
        """The point of ``points`` ({province: point}) that serves this record, if any."""
        return points.get(self.partner_id.state_id)
