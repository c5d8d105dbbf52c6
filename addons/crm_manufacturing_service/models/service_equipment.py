from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.crm_manufacturing.tools import check_number, to_date

WARRANTY_STATES = [
    ("in_warranty", "In Warranty"),
    ("expiring", "Expiring"),
    ("expired", "Expired"),
    ("none", "No Warranty"),
]
EXPIRING_DAYS = 30
MAX_MONTHS = 1200  # 100 years
DATE_FIELDS = (
    "delivery_date",
    "install_date",
    "warranty_end_date",
    "next_maintenance_date",
    "warranty_reminder_date",
)
# what decides the warranty of a machine, hence what is free: service managers only
WARRANTY_FIELDS = (
    "install_date",
    "delivery_date",
    "warranty_extension_months",
    "warranty_end_date",
)
# maintenance requests and warranty reminders per call of the daily cron (committed by ir.cron)
CRON_BATCH_SIZE = 500


class ServiceEquipment(models.Model):
    """A machine of the installed base (装机档案): who has it, since when, under warranty until when."""

    _name = "service.equipment"
    _description = "Installed Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin", "service.point.mixin"]
    _order = "partner_id, name, id"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Machine",
        required=True,
        domain=[("is_serviceable", "=", True)],
        tracking=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        index="btree_not_null",
        tracking=True,
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
    sale_order_id = fields.Many2one("sale.order", check_company=True)
    delivery_date = fields.Date(tracking=True)
    install_date = fields.Date(string="Installation Date", tracking=True)
    warranty_extension_months = fields.Integer(
        string="Extended Warranty (Months)",
        help="Months added to the product's warranty, e.g. by a service contract.",
        tracking=True,
    )
    warranty_end_date = fields.Date(
        compute="_compute_warranty_end_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Installation date (else delivery date) plus the product's warranty and any "
        "extension. Can be set by hand.",
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        compute="_compute_warranty_state",
        search="_search_warranty_state",
        help="As of today: expiring means at most 30 days of warranty left.",
    )
    warranty_reminder_date = fields.Date(
        readonly=True,
        copy=False,
        help="Warranty end date for which the salesperson was already reminded.",
    )
    service_point_id = fields.Many2one(tracking=True)
    maintenance_interval_months = fields.Integer(
        string="Maintenance Every (Months)", help="0: no scheduled maintenance."
    )
    next_maintenance_date = fields.Date(
        compute="_compute_next_maintenance_date", store=True, readonly=False
    )
    request_ids = fields.One2many("service.request", "equipment_id", string="Service Requests")
    can_edit_warranty = fields.Boolean(
        compute="_compute_can_edit_warranty",
        help="Technical: the user is a service manager (the warranty is theirs to change).",
    )
    request_count = fields.Integer(compute="_compute_request_count")
    note = fields.Html()

    _rec_names_search = ["name", "lot_id.name", "partner_id.name", "product_id.default_code"]

    _sql_constraints = [
        ("lot_uniq", "unique(lot_id)", "A serial number is recorded on one equipment only."),
    ]

    @api.depends_context("uid")
    def _compute_can_edit_warranty(self):
        self.can_edit_warranty = self.env["service.request"]._is_service_manager()

    @api.depends("product_id", "lot_id")
    def _compute_name(self):
        for equipment in self:
            if equipment.lot_id:
                equipment.name = f"{equipment.product_id.name} ({equipment.lot_id.name})"
            else:
                equipment.name = equipment.name or equipment.product_id.name

    @api.depends("product_id", "install_date", "delivery_date", "warranty_extension_months")
    def _compute_warranty_end_date(self):
        for equipment in self:
            equipment.warranty_end_date = equipment._standard_warranty_end(
                equipment.warranty_extension_months
            )

    def _standard_warranty_end(self, extension_months=0):
        self.ensure_one()
        start = self.install_date or self.delivery_date
        months = self.product_id.warranty_months + extension_months
        return start + relativedelta(months=months) if start and months > 0 else False

    @api.model
    def _warranty_state_at(self, end_date, date):
        if not end_date:
            return "none"
        if end_date < date:
            return "expired"
        if (end_date - date).days <= EXPIRING_DAYS:
            return "expiring"
        return "in_warranty"

    @api.depends("warranty_end_date")
    def _compute_warranty_state(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.warranty_state = self._warranty_state_at(equipment.warranty_end_date, today)

    def _search_warranty_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                _("Unsupported search on the warranty state: %(operator)s", operator=operator)
            )
        if isinstance(value, str) or value is False:
            values = [value]
        elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            values = list(value)
        else:
            raise UserError(
                _(
                    "The warranty state is one of %(states)s, not %(value)r.",
                    states=", ".join(key for key, _label in WARRANTY_STATES),
                    value=value,
                )
            )
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=EXPIRING_DAYS)
        domains = {
            "none": [("warranty_end_date", "=", False)],
            "expired": [("warranty_end_date", "<", today)],
            "expiring": [("warranty_end_date", ">=", today), ("warranty_end_date", "<=", limit)],
            "in_warranty": [("warranty_end_date", ">", limit)],
        }
        domain = expression.OR([domains[v] for v in values if v in domains] or [[(0, "=", 1)]])
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.depends("partner_id", "company_id")
    def _compute_service_point_id(self):
        return super()._compute_service_point_id()

    @api.depends(
        "maintenance_interval_months",
        "install_date",
        "delivery_date",
        "request_ids.state",
        "request_ids.date_done",
    )
    def _compute_next_maintenance_date(self):
        last_done = dict(
            self.env["service.request"]._read_group(
                [
                    ("equipment_id", "in", self.ids),
                    ("request_type", "=", "maintenance"),
                    ("state", "in", ("done", "closed")),
                ],
                ["equipment_id"],
                ["date_done:max"],
            )
        )
        for equipment in self:
            start = last_done.get(equipment)
            start = start.date() if start else equipment.install_date or equipment.delivery_date
            months = equipment.maintenance_interval_months
            equipment.next_maintenance_date = (
                start + relativedelta(months=months) if start and months > 0 else False
            )

    def _compute_request_count(self):
        counts = dict(
            self.env["service.request"]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )
        for equipment in self:
            equipment.request_count = counts.get(equipment, 0)

    @api.constrains("product_id", "lot_id")
    def _check_lot_product(self):
        for equipment in self:
            equipment.lot_id._check_lot_of_product(equipment.product_id)

    @api.constrains("maintenance_interval_months", "warranty_extension_months")
    def _check_months(self):
        for equipment in self:
            for months in (
                equipment.maintenance_interval_months,
                equipment.warranty_extension_months,
            ):
                if not 0 <= months <= MAX_MONTHS:
                    raise ValidationError(
                        _(
                            "Months on %(equipment)s must be between 0 and %(max)s, not %(value)s.",
                            equipment=equipment.name,
                            max=MAX_MONTHS,
                            value=months,
                        )
                    )

    # ------------------------------------------------------------------
    # CRUD: the same guards for create and write
    # ------------------------------------------------------------------
    @api.model
    def _check_vals(self, vals):
        """Dates and months that make sense, before anything is computed from them."""
        for name in DATE_FIELDS:
            if vals.get(name):
                to_date(
                    self.env, vals[name], self._fields[name].get_description(self.env)["string"]
                )
        for name in ("maintenance_interval_months", "warranty_extension_months"):
            if vals.get(name):
                label = self._fields[name].get_description(self.env)["string"]
                check_number(self.env, vals[name], label, minimum=0, maximum=MAX_MONTHS)

    def _warranty_values(self):
        return {e.id: tuple(e[name] for name in WARRANTY_FIELDS) for e in self}

    def _raise_warranty_manager_only(self):
        raise UserError(
            _(
                "Only a service manager can change the dates and the warranty of equipment "
                "(%(equipment)s).",
                equipment=", ".join(self.mapped("display_name")),
            )
        )

    def _check_new_warranty(self):
        """A non-manager records a machine with the standard warranty of its product, from an
        installation or delivery that has happened: no extension, no date of their own."""
        if self.env["service.request"]._is_service_manager():
            return
        today = fields.Date.context_today(self)
        wrong = self.filtered(
            lambda e: (
                e.warranty_extension_months
                or (e.install_date and e.install_date > today)
                or (e.delivery_date and e.delivery_date > today)
                or e.warranty_end_date != e._standard_warranty_end()
            )
        )
        if wrong:
            wrong._raise_warranty_manager_only()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_vals(vals)
        equipment = super().create(vals_list)
        equipment._check_new_warranty()
        return equipment

    def write(self, vals):
        # the warranty decides what is free: only service managers change it, whatever
        # field moves it (dates, extension, the end itself, or the machine's product)
        self._check_vals(vals)
        manager = self.env["service.request"]._is_service_manager()
        before = {} if manager else self._warranty_values()
        result = super().write(vals)
        if not manager:
            after = self._warranty_values()
            changed = self.filtered(lambda e: before[e.id] != after[e.id])
            if changed:
                changed._raise_warranty_manager_only()
        return result

    def unlink(self):
        # sudo: counting only, so that requests the user cannot read still block the deletion
        used = (
            self.env["service.request"]
            .sudo()
            ._read_group([("equipment_id", "in", self.ids)], ["equipment_id"])
        )
        if used:
            raise UserError(
                _(
                    "%(equipment)s has service requests: equipment with a history cannot be "
                    "deleted; archive it instead.",
                    equipment=used[0][0].sudo().display_name,
                )
            )
        return super().unlink()

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing_service.service_request_action"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Installed base from deliveries
    # ------------------------------------------------------------------
    @api.model
    def _create_from_move_lines(self, move_lines):
        """One equipment per delivered serial of a serviceable product, never twice."""
        lines = move_lines.filtered(
            lambda ml: (
                ml.lot_id
                and ml.product_id.is_serviceable
                and ml.location_dest_id.usage == "customer"
                and ml.picking_id.partner_id
            )
        )
        if not lines:
            return self.browse()
        known = set(
            self.with_context(active_test=False)
            .search([("lot_id", "in", lines.lot_id.ids)])
            .lot_id.ids
        )
        # the default point of every delivery address, one search per company
        points = {}
        for company in lines.picking_id.company_id:
            points[company] = self.env["service.point"]._point_for_states(
                lines.picking_id.partner_id.state_id, company
            )
        vals_list = []
        for line in lines:
            if line.lot_id.id in known:
                continue
            known.add(line.lot_id.id)
            picking = line.picking_id
            address = picking.partner_id
            company = picking.company_id
            vals_list.append(
                {
                    "product_id": line.product_id.id,
                    "lot_id": line.lot_id.id,
                    "partner_id": address.commercial_partner_id.id,
                    "sale_order_id": picking.sale_id.id,
                    "delivery_date": fields.Date.context_today(self, picking.date_done),
                    "company_id": company.id,
                    "service_point_id": points[company]
                    .get(address.state_id, company.service_default_point_id)
                    .id,
                }
            )
        equipment = self.create(vals_list)
        for record in equipment:
            record.message_post_with_source(
                "mail.message_origin_link",
                render_values={"self": record, "origin": record.sale_order_id}
                if record.sale_order_id
                else {"self": record, "origin": record.lot_id},
                subtype_xmlid="mail.mt_note",
            )
        return equipment

    # ------------------------------------------------------------------
    # Cron: proactive care (客户关怀)
    # ------------------------------------------------------------------
    @api.model
    def _cron_service_care(self, maintenance_days=14, reminder_days=60, batch_size=CRON_BATCH_SIZE):
        """At most ``batch_size`` maintenance requests and warranty reminders per call,
        reported to ir.cron, which commits and calls again while some are left; each call
        picks only the machines without their request or reminder yet."""
        requests = self._schedule_maintenance(maintenance_days, limit=batch_size)
        reminded = self.browse()
        if len(requests) < batch_size:
            reminded = self._remind_warranty_end(reminder_days, limit=batch_size - len(requests))
        done = len(requests) + len(reminded)
        remaining = 0
        if done == batch_size:
            remaining = len(self._maintenance_to_schedule(maintenance_days)) + len(
                self._warranty_ends_to_remind(reminder_days)
            )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _schedule_maintenance(self, days=14, limit=None):
        """A maintenance request for each machine whose next maintenance falls in `days` days
        (for the first ``limit`` of them when given)."""
        due = self._maintenance_to_schedule(days)[:limit]
        vals_list = [
            {
                "partner_id": equipment.partner_id.id,
                "equipment_id": equipment.id,
                "request_type": "maintenance",
                "maintenance_date": equipment.next_maintenance_date,
                "service_point_id": equipment.service_point_id.id,
                "company_id": equipment.company_id.id,
                "description": _(
                    "Scheduled maintenance due on %(date)s.", date=equipment.next_maintenance_date
                ),
            }
            for equipment in due
        ]
        # maintenance_date is only set here (it keeps the cron from planning a date twice)
        return self.env["service.request"]._with_action().create(vals_list)

    @api.model
    def _maintenance_to_schedule(self, days=14):
        """The machines whose next maintenance falls in `days` days and has no request yet."""
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("next_maintenance_date", "!=", False),
                ("next_maintenance_date", "<=", today + timedelta(days=days)),
            ],
            order="id",
        )
        if not due:
            return due
        existing = {
            (equipment.id, date)
            for equipment, date in self.env["service.request"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("equipment_id", "in", due.ids),
                    ("request_type", "=", "maintenance"),
                    ("maintenance_date", "!=", False),
                ],
                ["equipment_id", "maintenance_date:day"],
            )
        }
        return due.filtered(lambda e: (e.id, e.next_maintenance_date) not in existing)

    @api.model
    def _remind_warranty_end(self, days=60, limit=None):
        """An activity to the salesperson for warranties ending in the next `days` days, once
        (for the first ``limit`` machines when given)."""
        ending = self._warranty_ends_to_remind(days)[:limit]
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for equipment in ending:
            user = (
                equipment.salesperson_id
                or equipment.sale_order_id.user_id
                or equipment.service_point_id.manager_id
            )
            if user:
                equipment.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    date_deadline=equipment.warranty_end_date,
                    summary=_(
                        "Warranty ends on %(date)s: offer a service contract",
                        date=equipment.warranty_end_date,
                    ),
                    user_id=user.id,
                )
        for end_date, records in ending.grouped("warranty_end_date").items():
            records.warranty_reminder_date = end_date
        return ending

    @api.model
    def _warranty_ends_to_remind(self, days=60):
        """The machines whose warranty ends in the next `days` days, not reminded yet."""
        today = fields.Date.context_today(self)
        return self.search(
            [
                ("warranty_end_date", ">=", today),
                ("warranty_end_date", "<=", today + timedelta(days=days)),
            ],
            order="id",
        ).filtered(lambda e: e.warranty_reminder_date != e.warranty_end_date)
