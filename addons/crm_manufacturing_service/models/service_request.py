from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.osv.expression import normalize_domain
from odoo.tools import float_compare

from odoo.addons.crm_manufacturing.tools import check_number, server_mark, server_marked, to_date

REQUEST_TYPES = [
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("installation", "Installation"),
    ("inspection", "Inspection"),
    ("complaint", "Complaint"),
    ("care", "Customer Care"),
]
PRIORITIES = [("0", "Normal"), ("1", "Medium"), ("2", "High"), ("3", "Urgent")]
STATES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
RATINGS = [
    ("1", "Very Dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very Satisfied"),
]
OPEN_STATES = ("new", "assigned", "in_progress")
MANAGER_GROUP = "crm_manufacturing_service.group_service_manager"

# Fields that move only through the action_* methods (or are computed): a write or a create
# that names them is refused unless the context carries a server mark under ACTION_KEY, which
# no XML-RPC or JSON-RPC caller can forge (crm_manufacturing.tools.server_marks).
ACTION_KEY = "service_request_action"
PROTECTED_FIELDS = (
    "name",
    "state",
    "picking_id",
    "sale_order_id",
    "date_done",
    "date_closed",
    "maintenance_date",
    "in_warranty",
    "rating_value",
    "hours_to_close",
)


class ServiceRequest(models.Model):
    """A service request (服务请求) of a customer, from the call to the closure and feedback."""

    _name = "service.request"
    _description = "Service Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "service.point.mixin"]
    _order = "priority desc, date_deadline, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default=lambda self: _("New")
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    salesperson_id = fields.Many2one(
        related="partner_id.commercial_partner_id.user_id", string="Salesperson", store=True
    )
    equipment_id = fields.Many2one(
        "service.equipment",
        domain="[('partner_id', '=', commercial_partner_id)]",
        check_company=True,
        ondelete="restrict",
        index=True,
        tracking=True,
    )
    lot_id = fields.Many2one(related="equipment_id.lot_id", string="Serial Number")
    product_id = fields.Many2one(related="equipment_id.product_id", string="Machine")
    warranty_state = fields.Selection(related="equipment_id.warranty_state")
    warranty_end_date = fields.Date(related="equipment_id.warranty_end_date")
    request_type = fields.Selection(
        REQUEST_TYPES, string="Type", required=True, default="repair", tracking=True
    )
    priority = fields.Selection(PRIORITIES, default="0", required=True, tracking=True)
    description = fields.Html()
    service_point_id = fields.Many2one(tracking=True)
    technician_id = fields.Many2one(
        "res.users",
        domain="[('id', 'in', allowed_technician_ids)]",
        tracking=True,
        index=True,
    )
    allowed_technician_ids = fields.Many2many(
        "res.users", compute="_compute_allowed_technician_ids"
    )
    date_request = fields.Datetime(
        string="Requested On", required=True, default=fields.Datetime.now, tracking=True
    )
    date_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        tracking=True,
        help="Request date plus the response time of the priority (Settings).",
    )
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Still open and past its deadline (date and time), as of now.",
    )
    maintenance_date = fields.Date(
        string="Maintenance Due", readonly=True, help="Scheduled maintenance this request is for."
    )
    state = fields.Selection(
        STATES,
        default="new",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand="_group_expand_states",
    )
    in_warranty = fields.Boolean(
        compute="_compute_in_warranty",
        store=True,
        help="The equipment was under warranty on the request date.",
    )
    billable = fields.Boolean(
        compute="_compute_billable",
        store=True,
        readonly=False,
        tracking=True,
        help="Charged to the customer. Out of warranty, only a service manager can make a "
        "request free of charge.",
    )
    part_line_ids = fields.One2many("service.request.part", "request_id", string="Parts", copy=True)
    labour_hours = fields.Float(string="Labour (Hours)")
    picking_id = fields.Many2one(
        "stock.picking",
        string="Parts Transfer",
        readonly=True,
        copy=False,
        check_company=True,
        ondelete="restrict",
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Quotation", readonly=True, copy=False, check_company=True
    )
    rating = fields.Selection(RATINGS, string="Customer Rating", tracking=True, copy=False)
    rating_value = fields.Integer(
        string="Rating (1-5)", compute="_compute_rating_value", store=True, aggregator="avg"
    )
    feedback = fields.Text(string="Customer Feedback", copy=False)
    resolution = fields.Html(copy=False)
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    hours_to_close = fields.Float(
        string="Hours to Close", compute="_compute_hours_to_close", store=True, aggregator="avg"
    )
    color = fields.Integer()

    @api.model
    def _group_expand_states(self, states, domain):
        """The kanban shows the whole workflow, in its order, even empty columns."""
        return [key for key, _label in STATES]

    @api.model
    def _web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        groups = super()._web_read_group(
            domain, fields, groupby, limit=limit, offset=offset, orderby=orderby, lazy=lazy
        )
        if groupby and groupby[0] == "state":
            for group in groups:
                group["__fold"] = group.get("state") == "cancelled"
        return groups

    @api.depends("equipment_id", "partner_id")
    def _compute_service_point_id(self):
        return super()._compute_service_point_id()

    def _service_point_states(self):
        return self.partner_id.state_id | self.commercial_partner_id.state_id

    def _service_point_covering(self, points):
        # the machine's point first, then the contact's province, then the company's
        return (
            self.equipment_id.service_point_id
            or points.get(self.partner_id.state_id)
            or points.get(self.commercial_partner_id.state_id)
        )

    @api.depends("service_point_id")
    def _compute_allowed_technician_ids(self):
        for request in self:
            point = request.service_point_id
            request.allowed_technician_ids = point.technician_ids | point.manager_id

    @api.depends("date_request", "priority", "company_id")
    def _compute_date_deadline(self):
        for request in self:
            hours = request.company_id._service_response_hours(request.priority)
            request.date_deadline = (
                request.date_request + timedelta(hours=hours)
                if request.date_request and hours
                else False
            )

    @api.depends("state", "date_deadline")
    def _compute_is_late(self):
        now = fields.Datetime.now()
        for request in self:
            request.is_late = bool(
                request.state in OPEN_STATES
                and request.date_deadline
                and request.date_deadline < now
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search late requests with = or != and True or False."))
        late = [("state", "in", OPEN_STATES), ("date_deadline", "<", fields.Datetime.now())]
        return late if (operator == "=") == value else ["!", *normalize_domain(late)]

    @api.depends("equipment_id", "equipment_id.warranty_end_date", "date_request")
    def _compute_in_warranty(self):
        for request in self:
            end = request.equipment_id.warranty_end_date
            day = fields.Date.context_today(request, request.date_request or fields.Datetime.now())
            request.in_warranty = bool(end and end >= day)

    @api.depends("in_warranty")
    def _compute_billable(self):
        for request in self:
            request.billable = not request.in_warranty

    @api.depends("rating")
    def _compute_rating_value(self):
        for request in self:
            request.rating_value = int(request.rating) if request.rating else 0

    @api.depends("date_request", "date_closed", "date_done")
    def _compute_hours_to_close(self):
        for request in self:
            end = request.date_closed or request.date_done
            request.hours_to_close = (
                (end - request.date_request).total_seconds() / 3600.0
                if end and request.date_request
                else 0.0
            )

    @api.onchange("equipment_id")
    def _onchange_equipment_id(self):
        # a request opened from the machine (found by serial, name or customer) gets its customer
        if self.equipment_id and (
            not self.partner_id
            or self.partner_id.commercial_partner_id != self.equipment_id.commercial_partner_id
        ):
            self.partner_id = self.equipment_id.partner_id

    @api.constrains("equipment_id", "partner_id")
    def _check_equipment_partner(self):
        for request in self:
            equipment = request.equipment_id
            if equipment and equipment.commercial_partner_id != request.commercial_partner_id:
                raise ValidationError(
                    _(
                        "%(equipment)s belongs to %(owner)s, not to the customer %(customer)s "
                        "of %(name)s.",
                        equipment=equipment.display_name,
                        owner=equipment.commercial_partner_id.display_name,
                        customer=request.commercial_partner_id.display_name,
                        name=request.name,
                    )
                )

    @api.constrains("labour_hours")
    def _check_labour_hours(self):
        for request in self:
            check_number(self.env, request.labour_hours, _("The labour hours"), minimum=0.0)

    # ------------------------------------------------------------------
    # CRUD: one set of guards shared by create and write
    # ------------------------------------------------------------------
    def _is_action(self):
        """True inside the action_* methods (the context mark cannot come from a client)."""
        return bool(server_mark(self.env, ACTION_KEY))

    def _with_action(self):
        return server_marked(self, ACTION_KEY)

    @api.model
    def _check_vals(self, vals, create=False):
        """Refuse what no caller may write, and values that make no sense, before they are
        stored (a nonsense date would make the deadline computation crash). A new request
        may say that it is new (its default), nothing else."""
        if not self._is_action():
            protected = [
                name
                for name in PROTECTED_FIELDS
                if name in vals
                and not (create and name == "state" and vals[name] == "new")
                and not (create and name == "name" and vals[name] in (False, _("New")))
            ]
            if protected:
                labels = ", ".join(
                    self._fields[name].get_description(self.env)["string"] for name in protected
                )
                raise UserError(
                    _(
                        "%(fields)s of a service request cannot be written: they change only "
                        "through the request's buttons (assign, start, done, close, cancel, "
                        "quotation).",
                        fields=labels,
                    )
                )
        for name in ("date_request", "date_deadline"):
            if vals.get(name):
                label = self._fields[name].get_description(self.env)["string"]
                try:
                    fields.Datetime.to_datetime(vals[name])
                except (TypeError, ValueError):
                    raise UserError(
                        _(
                            "%(label)s must be a date and time (YYYY-MM-DD HH:MM:SS), "
                            "not %(value)r.",
                            label=label,
                            value=vals[name],
                        )
                    ) from None
                to_date(self.env, vals[name], label)
        if "labour_hours" in vals and vals["labour_hours"] is not False:
            check_number(self.env, vals["labour_hours"], _("The labour hours"), minimum=0.0)

    @api.model
    def _strip_protected_defaults(self):
        """Defaults of protected fields from the context (``default_state``) are ignored."""
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[8:] in PROTECTED_FIELDS)
        }
        if len(context) == len(self.env.context):
            return self
        # the whole context is replaced on purpose: keys are removed, which kwargs cannot do
        return self.with_context(context)  # pylint: disable=context-overridden

    @api.model_create_multi
    def create(self, vals_list):
        model = self._strip_protected_defaults()
        for vals in vals_list:
            model._check_vals(vals, create=True)
            model._check_date_request(vals.get("date_request"))
            if not vals.get("name") or vals["name"] == _("New"):
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "service.request"
                ) or _("New")
        requests = super(ServiceRequest, model).create(vals_list)
        requests._check_free_of_charge()
        return requests

    def write(self, vals):
        self._check_vals(vals)
        manager = self._is_service_manager()
        if not manager:
            if "equipment_id" in vals:
                changed = self.filtered(
                    lambda r: r.equipment_id and r.equipment_id.id != vals["equipment_id"]
                )
                if changed:
                    raise UserError(
                        _(
                            "The machine of %(name)s decides its warranty: only a service "
                            "manager can change it once set (or cancel the request and open "
                            "a new one).",
                            name=changed[0].name,
                        )
                    )
            if vals.get("date_request"):
                new_date = fields.Datetime.to_datetime(vals["date_request"])
                if self.filtered(lambda r: r.date_request != new_date):
                    self._check_date_request(new_date)
        # a manager's free-of-charge decision stands; a write must not make other requests free
        decided = self.browse() if manager else self._free_out_of_warranty()
        result = super().write(vals)
        # the free-of-charge rule on the saved result, whatever field was written
        (self - decided)._check_free_of_charge()
        return result

    def unlink(self):
        for request in self:
            if (
                request.state not in ("new", "cancelled")
                or request.picking_id
                or (request.sale_order_id and request.sale_order_id.state != "cancel")
            ):
                raise UserError(
                    _(
                        "Service request %(name)s is %(state)s or has a parts transfer or a "
                        "quotation: only new or cancelled requests without them can be deleted.",
                        name=request.name,
                        state=request._state_label(),
                    )
                )
        return super().unlink()

    # ------------------------------------------------------------------
    # Warranty check and service point of technicians
    # ------------------------------------------------------------------
    def _is_service_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    @api.model
    def _check_date_request(self, value):
        """The request date decides the warranty: only service managers back-date a request."""
        if not value or self._is_service_manager():
            return
        today = fields.Date.context_today(self)
        day = fields.Date.context_today(self, fields.Datetime.to_datetime(value))
        if day < today:
            raise UserError(
                _(
                    "The request date %(date)s is in the past: the request date decides the "
                    "warranty, so only a service manager can record a request for an earlier "
                    "day.",
                    date=day,
                )
            )

    @api.constrains("service_point_id", "partner_id", "equipment_id", "company_id")
    def _check_service_point_access(self):
        """Technicians record requests of their own service points only (a constraint: it
        runs on the saved point, before the record rules would refuse the creation with a
        less helpful message)."""
        if self._is_service_manager():
            return
        user = self.env.user
        for request in self:
            point = request.sudo().service_point_id  # sudo: reading the point's staff only
            if user not in point.technician_ids and user != point.manager_id:
                raise UserError(
                    _(
                        "%(name)s belongs to the service point %(point)s, which is not yours: "
                        "you can only record requests of your own service points. Choose one "
                        "of them or ask a service manager.",
                        name=request.name,
                        point=point.name or _("(none)"),
                    )
                )

    def _free_out_of_warranty(self):
        return self.filtered(lambda r: not r.in_warranty and not r.billable)

    def _check_free_of_charge(self):
        """Out of warranty, free service is a service manager's decision."""
        if self._is_service_manager():
            return
        for request in self:
            if not request.in_warranty and not request.billable:
                raise UserError(
                    _(
                        "%(name)s: the equipment %(equipment)s is out of warranty "
                        "(warranty end: %(end)s). Only a service manager can make this request "
                        "free of charge.",
                        name=request.name,
                        equipment=request.equipment_id.display_name or _("(none)"),
                        end=request.warranty_end_date or _("none"),
                    )
                )

    # ------------------------------------------------------------------
    # State machine
    # ------------------------------------------------------------------
    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_state(self, allowed, action):
        for request in self:
            if request.state not in allowed:
                raise UserError(
                    _(
                        "Service request %(name)s is %(state)s: it cannot be %(action)s.",
                        name=request.name,
                        state=request._state_label(),
                        action=action,
                    )
                )

    def action_assign(self):
        self._check_state(("new", "assigned"), _("assigned"))
        for request in self:
            if not request.service_point_id or not request.technician_id:
                raise UserError(
                    _(
                        "Choose the service point and the technician of %(name)s before "
                        "assigning it.",
                        name=request.name,
                    )
                )
            if request.technician_id not in request.allowed_technician_ids:
                raise UserError(
                    _(
                        "%(technician)s is not a technician of the service point %(point)s.",
                        technician=request.technician_id.name,
                        point=request.service_point_id.name,
                    )
                )
        self._with_action().write({"state": "assigned"})
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for request in self:
            request.message_subscribe(partner_ids=request.technician_id.partner_id.ids)
            request.activity_schedule(
                activity_type_id=activity_type.id if activity_type else False,
                date_deadline=fields.Date.context_today(
                    request, request.date_deadline or fields.Datetime.now()
                ),
                summary=_("Service request %(name)s", name=request.name),
                user_id=request.technician_id.id,
            )
        return True

    def action_start(self):
        self._check_state(("assigned",), _("started"))
        self._with_action().write({"state": "in_progress"})
        return True

    def action_done(self):
        self._check_state(("in_progress",), _("marked as done"))
        for request in self:
            request._consume_parts()
        self._with_action().write({"state": "done", "date_done": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_close(self):
        self._check_state(("done",), _("closed"))
        self._with_action().write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._check_state(OPEN_STATES, _("cancelled"))
        self._with_action().write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    # ------------------------------------------------------------------
    # Spare parts
    # ------------------------------------------------------------------
    def _check_parts_editable(self):
        """The parts of a done, closed or cancelled request are history: they never change."""
        for request in self:
            if request.state in ("done", "closed", "cancelled"):
                raise UserError(
                    _(
                        "The parts of %(name)s cannot change: the request is %(state)s.",
                        name=request.name,
                        state=request._state_label(),
                    )
                )

    def _get_part_shortages(self):
        """[(part product, location, needed, available)] for parts the point lacks."""
        self.ensure_one()
        location = self.service_point_id.location_id
        parts = self.part_line_ids
        if not parts:
            return []
        available = {
            (product, lot): quantity - reserved
            for product, lot, quantity, reserved in self.env["stock.quant"]._read_group(
                [
                    ("product_id", "in", parts.product_id.ids),
                    ("location_id", "child_of", location.id),
                ],
                ["product_id", "lot_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        }
        needed = {}
        for part in parts:
            key = (part.product_id, part.lot_id)
            needed[key] = needed.get(key, 0.0) + part.quantity
        shortages = []
        for (product, lot), quantity in needed.items():
            if lot:
                on_hand = available.get((product, lot), 0.0)
            else:
                on_hand = sum(q for (p, _lot), q in available.items() if p == product)
            rounding = product.uom_id.rounding
            if float_compare(on_hand, quantity, precision_rounding=rounding) < 0:
                shortages.append((product, lot, location, quantity, max(on_hand, 0.0)))
        return shortages

    def _prepare_picking_vals(self):
        self.ensure_one()
        location = self.service_point_id.location_id
        warehouse = location.warehouse_id
        picking_type = warehouse.out_type_id or self.env["stock.picking.type"].search(
            [("code", "=", "outgoing"), ("company_id", "=", self.company_id.id)], limit=1
        )
        destination = self.partner_id.property_stock_customer
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "origin": self.name,
            "company_id": self.company_id.id,
            "location_id": location.id,
            "location_dest_id": destination.id,
            "move_ids": [
                Command.create(
                    {
                        "name": part.product_id.display_name,
                        "product_id": part.product_id.id,
                        "product_uom_qty": part.quantity,
                        "product_uom": part.product_id.uom_id.id,
                        "location_id": location.id,
                        "location_dest_id": destination.id,
                        "company_id": self.company_id.id,
                    }
                )
                for part in self.part_line_ids
            ],
        }

    def _consume_parts(self):
        """Take the parts from the point's location to the customer in one validated transfer."""
        self.ensure_one()
        if not self.part_line_ids:
            return self.env["stock.picking"]
        if not self.service_point_id:
            raise UserError(
                _(
                    "Choose the service point of %(name)s: its parts come from there.",
                    name=self.name,
                )
            )
        shortages = self._get_part_shortages()
        if shortages:
            lines = []
            for product, lot, location, needed, available in shortages:
                name = product.display_name
                if lot:
                    name = "%s (%s)" % (name, lot.name)
                lines.append(
                    _(
                        "%(product)s at %(location)s: %(missing)s %(uom)s missing "
                        "(needed %(needed)s, available %(available)s)",
                        product=name,
                        location=location.display_name,
                        missing=needed - available,
                        uom=product.uom_id.name,
                        needed=needed,
                        available=available,
                    )
                )
            raise UserError(
                _(
                    "Not enough spare parts to finish %(name)s:\n%(lines)s",
                    name=self.name,
                    lines="\n".join(lines),
                )
            )
        picking = self.env["stock.picking"].create(self._prepare_picking_vals())
        # one move per part line (no merge of lines of the same part): each line keeps its lot
        picking.move_ids._action_confirm(merge=False)
        picking.action_assign()
        for move, part in zip(picking.move_ids.sorted("id"), self.part_line_ids, strict=True):
            if part.lot_id:
                move.move_line_ids.unlink()
                # the lot may sit in a sub-location of the point's location
                quant = (
                    self.env["stock.quant"]
                    ._gather(part.product_id, move.location_id, lot_id=part.lot_id)
                    .filtered(lambda q: q.quantity > 0)[:1]
                )
                self.env["stock.move.line"].create(
                    {
                        "move_id": move.id,
                        "picking_id": picking.id,
                        "product_id": part.product_id.id,
                        "product_uom_id": part.product_id.uom_id.id,
                        "lot_id": part.lot_id.id,
                        "quantity": part.quantity,
                        "location_id": (quant.location_id or move.location_id).id,
                        "location_dest_id": move.location_dest_id.id,
                    }
                )
            else:
                move.quantity = part.quantity
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        if picking.state != "done":
            raise UserError(
                _(
                    "The parts transfer %(picking)s of %(name)s could not be validated; "
                    "check the serial numbers of the parts.",
                    picking=picking.name,
                    name=self.name,
                )
            )
        self._with_action().picking_id = picking
        return picking

    def action_create_quotation(self):
        """A quotation for the billable parts, plus the labour when configured."""
        self.ensure_one()
        if self.sale_order_id and self.sale_order_id.state != "cancel":
            raise UserError(
                _(
                    "%(name)s already has the quotation %(order)s.",
                    name=self.name,
                    order=self.sale_order_id.name,
                )
            )
        lines = [
            Command.create(
                {
                    "product_id": part.product_id.id,
                    "product_uom_qty": part.quantity,
                    "price_unit": part.price_unit,
                }
            )
            for part in self.part_line_ids
            if part.billable
        ]
        labour = self.company_id.service_labour_product_id
        if labour and self.billable and self.labour_hours > 0:
            lines.append(
                Command.create(
                    {
                        "product_id": labour.id,
                        "name": _("Labour for %(name)s", name=self.name),
                        "product_uom_qty": self.labour_hours,
                    }
                )
            )
        if not lines:
            raise UserError(
                _(
                    "%(name)s has nothing to charge: no billable part and no billable labour.",
                    name=self.name,
                )
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "origin": self.name,
                "order_line": lines,
            }
        )
        self._with_action().sale_order_id = order
        self.message_post(
            body=_("Quotation %(order)s created.", order=order.name),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_picking(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": self.picking_id.id,
            "view_mode": "form",
        }
