from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ServicePoint(models.Model):
    """A service point (服务网点): technicians and a spare-parts stock for a region."""

    _name = "service.point"
    _description = "Service Point"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one("res.partner", string="Address")
    location_id = fields.Many2one(
        "stock.location",
        string="Parts Location",
        required=True,
        domain="[('usage', '=', 'internal'), ('company_id', 'in', [company_id, False])]",
        check_company=True,
        tracking=True,
        help="Internal stock location holding the spare parts of this point "
        "(its sub-locations included).",
    )
    manager_id = fields.Many2one("res.users", tracking=True)
    technician_ids = fields.Many2many(
        "res.users",
        "service_point_technician_rel",
        "point_id",
        "user_id",
        string="Technicians",
    )
    state_ids = fields.Many2many(
        "res.country.state",
        string="Regions Covered",
        help="Provinces this point serves: new equipment and requests of customers there go "
        "to this point by default.",
    )
    request_count = fields.Integer(compute="_compute_counts")
    equipment_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The code of a service point must be unique per company.",
        ),
    ]

    def _compute_counts(self):
        open_states = ("new", "assigned", "in_progress")
        request_counts = dict(
            self.env["service.request"]._read_group(
                [("service_point_id", "in", self.ids), ("state", "in", open_states)],
                ["service_point_id"],
                ["__count"],
            )
        )
        equipment = dict(
            self.env["service.equipment"]._read_group(
                [("service_point_id", "in", self.ids)], ["service_point_id"], ["__count"]
            )
        )
        for point in self:
            point.request_count = request_counts.get(point, 0)
            point.equipment_count = equipment.get(point, 0)

    @api.constrains("location_id")
    def _check_location_usage(self):
        for point in self:
            if point.location_id.usage != "internal":
                raise ValidationError(
                    _(
                        "The parts location of %(point)s must be an internal location, "
                        "not %(location)s.",
                        point=point.display_name,
                        location=point.location_id.display_name,
                    )
                )

    def unlink(self):
        """Points with a history are archived, never deleted: their requests, equipment and
        stock moves would lose their point and the parts report its rows."""
        # sudo: existence checks only, over records the manager may not all be able to read
        for point in self:
            location = point.sudo().location_id
            history = (
                self.env["service.request"]
                .sudo()
                .search_count([("service_point_id", "=", point.id)], limit=1)
                or self.env["service.equipment"]
                .sudo()
                .with_context(active_test=False)
                .search_count([("service_point_id", "=", point.id)], limit=1)
                or self.env["stock.quant"]
                .sudo()
                .search_count(
                    [("location_id", "child_of", location.id), ("quantity", "!=", 0)], limit=1
                )
                or self.env["stock.move"]
                .sudo()
                .search_count(
                    [
                        "|",
                        ("location_id", "child_of", location.id),
                        ("location_dest_id", "child_of", location.id),
                    ],
                    limit=1,
                )
            )
            if history:
                raise UserError(
                    _(
                        "The service point %(point)s has requests, equipment or spare parts "
                        "stock: archive it instead of deleting it.",
                        point=point.display_name,
                    )
                )
        return super().unlink()

    @api.model
    def _point_for_states(self, states, company):
        """The first point (by sequence) covering each state: {state: point}."""
        points = self.search([("state_ids", "in", states.ids), ("company_id", "=", company.id)])
        result = {}
        for point in points:
            for state in point.state_ids & states:
                result.setdefault(state, point)
        return result

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing_service.service_request_action"
        )
        action["domain"] = [("service_point_id", "=", self.id)]
        action["context"] = {"default_service_point_id": self.id}
        return action

    def action_view_equipment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing_service.service_equipment_action"
        )
        action["domain"] = [("service_point_id", "=", self.id)]
        action["context"] = {"default_service_point_id": self.id}
        return action

    def action_view_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing_service.service_parts_report_action"
        )
        action["domain"] = [("service_point_id", "=", self.id)]
        return action
