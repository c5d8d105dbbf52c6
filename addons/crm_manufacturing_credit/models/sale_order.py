from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare

from .credit_privilege import CREDIT_READERS, is_server_write, server_write

# the approval of an order beyond the credit limit: written by the server alone
APPROVAL_FIELDS = (
    "credit_approval_state",
    "credit_approved_amount",
    "credit_approved_by_id",
    "credit_approved_partner_id",
    "credit_approved_currency_id",
)
NO_APPROVAL = {
    "credit_approval_state": "not_needed",
    "credit_approved_amount": 0.0,
    "credit_approved_by_id": False,
    "credit_approved_partner_id": False,
    "credit_approved_currency_id": False,
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_approval_state = fields.Selection(
        [
            ("not_needed", "Not Needed"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="not_needed",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
    )
    credit_approved_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    credit_approved_amount = fields.Monetary(copy=False, readonly=True)
    credit_approved_partner_id = fields.Many2one(
        "res.partner",
        string="Credit Approved for",
        copy=False,
        readonly=True,
        help="The customer (commercial entity) the credit approval was given for: another "
        "customer needs another approval.",
    )
    credit_approved_currency_id = fields.Many2one("res.currency", copy=False, readonly=True)
    credit_partner_grade = fields.Selection(
        related="partner_id.commercial_partner_id.credit_grade",
        string="Credit Grade",
        groups=CREDIT_READERS,
    )
    credit_partner_hold = fields.Boolean(
        related="partner_id.commercial_partner_id.credit_hold",
        string="Credit Hold",
        groups=CREDIT_READERS,
    )
    credit_partner_available = fields.Monetary(
        related="partner_id.commercial_partner_id.credit_available",
        string="Available Credit",
        currency_field="company_currency_id",
        groups=CREDIT_READERS,
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    credit_approval_needed = fields.Boolean(
        compute="_compute_credit_quotation_check",
        help="This quotation takes the customer beyond the credit limit and no approval covers "
        "it: it needs a credit approval before it can be confirmed.",
    )
    credit_banner = fields.Text(
        string="Credit Check",
        compute="_compute_credit_quotation_check",
        groups=CREDIT_READERS,
        help="What the credit check says of this quotation before it is confirmed.",
    )

    @api.depends(
        "state",
        "partner_id",
        "company_id",
        "currency_id",
        "currency_rate",
        "amount_total",
        "order_line",
        "credit_approval_state",
        "credit_approved_amount",
        "credit_approved_partner_id",
        "credit_approved_currency_id",
    )
    def _compute_credit_quotation_check(self):
        """Before Confirm, as soon as the customer and the lines are set: the customer's hold,
        grade and available credit, and whether this quotation needs a credit approval."""
        quotations = self.filtered(
            lambda o: o.state in ("draft", "sent") and o.partner_id and o.order_line
        )
        for order in self - quotations:
            order.credit_approval_needed = False
            order.credit_banner = False
        for company, orders in quotations.grouped("company_id").items():
            # one figures query per company for every customer of the quotations
            figures = orders.partner_id._get_credit_figures_of(company=company)
            currency = company.currency_id
            for order in orders:
                values = order._get_credit_check_values(figures=figures)
                data = figures[values["partner"].id]
                needed = (
                    values["limit"] > 0
                    and values["excess"] > 0
                    and not order._credit_approval_covers()
                )
                lines = []
                if values["hold"]:
                    lines.append(
                        _(
                            "Customer %(name)s is on credit hold: %(reason)s. A credit manager "
                            "must lift the hold before this quotation is confirmed.",
                            name=values["partner"].name,
                            reason=values["hold_reason"] or _("no reason given"),
                        )
                    )
                lines.append(
                    _(
                        "Credit grade %(grade)s, available credit %(available)s.",
                        grade=data["credit_grade"],
                        available=currency.format(float(data["credit_available"] or 0.0)),
                    )
                )
                if needed:
                    lines.append(
                        _(
                            "This quotation exceeds the credit limit by %(excess)s: it needs a "
                            "credit approval before it is confirmed.",
                            excess=currency.format(values["excess"]),
                        )
                    )
                elif values["limit"] > 0 and values["excess"] > 0:
                    lines.append(_("The credit approval covers this quotation."))
                else:
                    lines.append(_("This quotation needs no credit approval."))
                order.credit_approval_needed = needed
                order.credit_banner = "\n".join(lines)

    # ------------------------------------------------------------ credit check
    def _get_credit_check_values(self, pending=0.0, figures=None):
        """Plain values of the credit check of one order, in company currency.

        :param pending: the orders of the same customer confirmed before this one in the
            same batch (company currency): they count against the limit too
        :param figures: the figures of the customer already read (_get_credit_figures_of
            in the order's company), to check many orders with one query
        """
        self.ensure_one()
        # sudo: the check applies to whoever confirms (a portal customer signing online, a
        # user without access to the figures); the figures are shown only to their readers
        partner = self.partner_id.commercial_partner_id.sudo()
        if figures is None or partner.id not in figures:
            figures = partner._get_credit_figures_of(company=self.company_id)
        data = figures[partner.id]
        limit = float(data["credit_limit"] or 0.0)
        exposure = float(data["credit_exposure"] or 0.0) + pending
        amount = self.amount_total / (self.currency_rate or 1.0)
        return {
            "partner": partner,
            "hold": partner.credit_hold,
            "hold_reason": partner.credit_hold_reason or "",
            "limit": limit,
            "exposure": exposure,
            "amount": amount,
            "excess": exposure + amount - limit if limit > 0 else 0.0,
        }

    def _lock_credit_partner(self, partners):
        """Serialize the credit checks of the customers ``partners`` (commercial entities),
        in a fixed order so that two batches never wait for each other crosswise.

        The check writes the customer's row, not only locks it: under Odoo's REPEATABLE READ
        a transaction whose snapshot was taken before another check of the same customer
        committed cannot see the order that check confirmed. Writing the row makes its own
        write fail with a serialization failure (at once, or as soon as the other commits),
        and Odoo retries the request with a fresh snapshot, in which that order counts."""
        for partner in partners.sorted("id"):
            self.env.cr.execute(
                SQL("UPDATE res_partner SET write_date = write_date WHERE id = %s", partner.id)
            )

    def _credit_approval_covers(self):
        """The order's approval still covers it: approved for this customer, in this
        currency, for at least this amount."""
        self.ensure_one()
        return (
            self.credit_approval_state == "approved"
            and self.credit_approved_partner_id == self.partner_id.commercial_partner_id
            and self.credit_approved_currency_id == self.currency_id
            and float_compare(
                self.amount_total,
                self.credit_approved_amount,
                precision_rounding=self.currency_id.rounding,
            )
            <= 0
        )

    def _check_credit_limit(self):
        """Refuse to confirm orders of customers on hold or beyond their limit. The orders
        of one customer in ``self`` count against each other; the approved ones first."""
        batches = defaultdict(lambda: self.browse())
        for order in self:
            batches[order.company_id, order.partner_id.commercial_partner_id] |= order
        self._lock_credit_partner(self.partner_id.commercial_partner_id)
        readers = self.env.su or self.env.user.has_groups(CREDIT_READERS)
        for orders in batches.values():
            pending = 0.0
            for order in orders.sorted(lambda o: (not o._credit_approval_covers(), o.id)):
                values = order._get_credit_check_values(pending)
                pending += values["amount"]
                message = order._get_credit_refusal_message(values, readers)
                if message:
                    raise UserError(message)

    def _get_credit_refusal_message(self, values, readers=True):
        """The refusal of ``values`` (of _get_credit_check_values), or False."""
        self.ensure_one()
        currency = self.company_id.currency_id
        if values["hold"]:
            return _(
                "Customer %(name)s is on credit hold: %(reason)s. Ask a credit manager to lift the hold.",
                name=values["partner"].name,
                reason=values["hold_reason"] or _("no reason given"),
            )
        if values["limit"] <= 0 or values["excess"] <= 0 or self._credit_approval_covers():
            return False
        if not readers:
            return _(
                "Order %(order)s exceeds the credit limit of %(name)s. Ask a salesperson to "
                "request a credit approval.",
                order=self.name,
                name=values["partner"].name,
            )
        return _(
            "Order %(order)s exceeds the credit limit of %(name)s: limit %(limit)s, exposure "
            "%(exposure)s, this order %(amount)s, excess %(excess)s. Request a credit approval.",
            order=self.name,
            name=values["partner"].name,
            limit=currency.format(values["limit"]),
            exposure=currency.format(values["exposure"]),
            amount=currency.format(values["amount"]),
            excess=currency.format(values["excess"]),
        )

    def _confirmation_error_message(self):
        """Odoo's check of each order before a confirmation: a customer on hold, or this
        order beyond the credit limit without an approval that covers it, refuses it."""
        message = super()._confirmation_error_message()
        if message:
            return message
        self._lock_credit_partner(self.partner_id.commercial_partner_id)
        return self._get_credit_refusal_message(
            self._get_credit_check_values(),
            self.env.su or self.env.user.has_groups(CREDIT_READERS),
        )

    def _prepare_confirmation_values(self):
        # Odoo's one step of the confirmation that sees all the orders confirmed together
        # before anything is written (each passed _confirmation_error_message alone): the
        # orders of one customer count against each other
        if len(self) > 1:
            self._check_credit_limit()
        return super()._prepare_confirmation_values()

    def action_draft(self):
        # a cancelled order set back to quotation is confirmed again later, against the
        # exposure of that day: the approval given before does not carry over
        res = super().action_draft()
        self.filtered(lambda o: o.credit_approval_state != "not_needed")._set_credit_approval(
            NO_APPROVAL
        )
        return res

    # ------------------------------------------------------------ approval guard
    def _set_credit_approval(self, values):
        """The one way the approval fields are written (the server's own write)."""
        # sudo: the approval is the server's; the callers checked who may trigger it
        server_write(self.sudo()).write(values)

    def _credit_approval_snapshot(self):
        return {order.id: tuple(order[name] for name in APPROVAL_FIELDS) for order in self.sudo()}

    def _check_credit_approval_fields(self, before=None):
        """Guard shared by create and write, on the saved values: the approval fields are
        written by action_request_credit_approval, action_approve_credit,
        action_refuse_credit and the reset only."""
        if is_server_write(self.env):
            return
        after = self._credit_approval_snapshot()
        for order in self:
            if before is None:
                expected = tuple(
                    order.env[order._fields[name].comodel_name]
                    if order._fields[name].type == "many2one"
                    else NO_APPROVAL[name]
                    for name in APPROVAL_FIELDS
                )
            else:
                expected = before[order.id]
            if after[order.id] != expected:
                raise AccessError(
                    _(
                        "The credit approval of %(order)s is given by a credit manager with "
                        "Approve Credit or Refuse Credit, never written directly.",
                        order=order.name,
                    )
                )

    def _reset_credit_approval(self):
        """An approval is for one customer, one currency and up to one amount: a quotation
        that changes customer or currency, or grows beyond it, needs a new approval."""
        lapsed = self.filtered(
            lambda o: (
                o.credit_approval_state == "approved"
                and o.state in ("draft", "sent")
                and not o._credit_approval_covers()
            )
        )
        if lapsed:
            lapsed._set_credit_approval(NO_APPROVAL)
            for order in lapsed:
                order.message_post(
                    body=_(
                        "The order changed (customer, currency or an amount beyond the approved "
                        "credit): a new credit approval is needed."
                    )
                )

    def _check_credit_partner_change(self, before):
        """A confirmed order keeps its customer (commercial entity), except for credit
        managers: its exposure would move to a customer that nobody checked."""
        if self.env.su or self.env["res.partner"]._is_credit_manager():
            return
        for order in self:
            if (
                order.state == "sale"
                and order.partner_id.commercial_partner_id.id != before[order.id]
            ):
                raise AccessError(
                    _(
                        "Order %(order)s is confirmed: only a credit manager moves it to "
                        "another customer.",
                        order=order.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._check_credit_approval_fields()
        return orders

    def write(self, vals):
        guarded = set(APPROVAL_FIELDS) & set(vals) and not is_server_write(self.env)
        before = self._credit_approval_snapshot() if guarded else None
        partners_before = (
            {order.id: order.partner_id.commercial_partner_id.id for order in self}
            if "partner_id" in vals
            else None
        )
        res = super().write(vals)
        if guarded:
            self._check_credit_approval_fields(before)
        if partners_before:
            self._check_credit_partner_change(partners_before)
        if not is_server_write(self.env):
            self._reset_credit_approval()
        return res

    # ------------------------------------------------------------ approval
    def _check_credit_manager(self):
        if not self.env["res.partner"]._is_credit_manager():
            raise AccessError(
                _("Only credit managers approve or refuse orders beyond the credit limit.")
            )

    def action_request_credit_approval(self):
        # the request is written by the server: check that the caller may change the orders
        self.check_access("write")
        managers = (
            self.env.ref("crm_manufacturing_credit.group_credit_manager")
            .sudo()
            .users.filtered(lambda u: not u.share)
        )
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(_("Only quotations need a credit approval."))
            if order.credit_approval_state == "to_approve":
                raise UserError(
                    _("The credit approval of %(order)s is already requested.", order=order.name)
                )
            order._set_credit_approval(NO_APPROVAL | {"credit_approval_state": "to_approve"})
            values = order._get_credit_check_values()
            order.message_post(
                body=_(
                    "Credit approval requested for %(amount)s (limit %(limit)s, exposure %(exposure)s).",
                    amount=order.currency_id.format(order.amount_total),
                    limit=order.company_id.currency_id.format(values["limit"]),
                    exposure=order.company_id.currency_id.format(values["exposure"]),
                )
            )
            for manager in managers:
                order.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=manager.id,
                    summary=_("Approve the credit of %(order)s", order=order.name),
                )
        return True

    def action_approve_credit(self):
        """Approve the order for its customer and currency, up to its current total."""
        self._check_credit_manager()
        for order in self:
            if order.credit_approval_state != "to_approve" or order.state not in ("draft", "sent"):
                raise UserError(
                    _("Order %(order)s has no credit approval request.", order=order.name)
                )
            order._set_credit_approval(
                {
                    "credit_approval_state": "approved",
                    "credit_approved_by_id": self.env.uid,
                    "credit_approved_amount": order.amount_total,
                    "credit_approved_partner_id": order.partner_id.commercial_partner_id.id,
                    "credit_approved_currency_id": order.currency_id.id,
                }
            )
            order.message_post(
                body=_(
                    "Credit approved up to %(amount)s.",
                    amount=order.currency_id.format(order.amount_total),
                )
            )
            order.activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Credit approved"))
        return True

    def action_refuse_credit(self):
        """Refuse a requested approval, or withdraw a given one, of a quotation."""
        self._check_credit_manager()
        for order in self:
            if order.credit_approval_state not in ("to_approve", "approved") or order.state not in (
                "draft",
                "sent",
            ):
                raise UserError(
                    _(
                        "Order %(order)s has no credit approval request or approval to refuse.",
                        order=order.name,
                    )
                )
            order._set_credit_approval(NO_APPROVAL | {"credit_approval_state": "refused"})
            order.message_post(body=_("Credit approval refused."))
            order.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    @api.depends("partner_id", "amount_total", "company_id")
    def _compute_partner_credit_warning(self):
        res = super()._compute_partner_credit_warning()
        if self.env.su or self.env.user.has_groups(CREDIT_READERS):
            # the credit banner of this module says it with the exposure the confirmation
            # checks (Odoo's own message counts less: two different totals would mislead)
            for order in self.filtered(lambda o: o.state in ("draft", "sent") and o.order_line):
                order.partner_credit_warning = ""
        return res


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._reset_credit_approval()
        return lines

    def write(self, vals):
        res = super().write(vals)
        self.order_id._reset_credit_approval()
        return res
