from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare


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
        tracking=True,
    )
    credit_approved_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    credit_approved_amount = fields.Monetary(copy=False, readonly=True)
    credit_partner_grade = fields.Selection(
        related="partner_id.commercial_partner_id.credit_grade", string="Credit Grade"
    )
    credit_partner_hold = fields.Boolean(
        related="partner_id.commercial_partner_id.credit_hold", string="Credit Hold"
    )
    credit_partner_available = fields.Monetary(
        related="partner_id.commercial_partner_id.credit_available",
        string="Available Credit",
        currency_field="company_currency_id",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )

    # ------------------------------------------------------------ credit check
    def _get_credit_check_values(self):
        """Plain values of the credit check of one order, in company currency."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        figures = partner.with_company(self.company_id)._get_credit_figures(
            [partner.id], company=self.company_id
        )
        data = figures.get(partner.id, {})
        limit = float(data.get("credit_limit") or 0.0)
        if not data:
            limit = partner.sudo().with_company(self.company_id).credit_limit or 0.0
        exposure = float(data.get("credit_exposure") or 0.0)
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

    def _lock_credit_partner(self, partner):
        """Serialize the credit checks of one customer: a concurrent confirmation waits for
        none and fails at once; Odoo retries the request, which checks again."""
        self.env.cr.execute(
            SQL("SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE NOWAIT", partner.id)
        )

    def _check_credit_limit(self):
        for order in self:
            self._lock_credit_partner(order.partner_id.commercial_partner_id)
            values = order._get_credit_check_values()  # figures as of the lock
            currency = order.company_id.currency_id
            if values["hold"]:
                raise UserError(
                    _(
                        "Customer %(name)s is on credit hold: %(reason)s. Ask a credit manager to lift the hold.",
                        name=values["partner"].name,
                        reason=values["hold_reason"] or _("no reason given"),
                    )
                )
            if values["limit"] <= 0 or values["excess"] <= 0:
                continue
            if (
                order.credit_approval_state == "approved"
                and float_compare(
                    order.amount_total,
                    order.credit_approved_amount,
                    precision_rounding=order.currency_id.rounding,
                )
                <= 0
            ):
                continue
            raise UserError(
                _(
                    "Order %(order)s exceeds the credit limit of %(name)s: limit %(limit)s, exposure "
                    "%(exposure)s, this order %(amount)s, excess %(excess)s. Request a credit approval.",
                    order=order.name,
                    name=values["partner"].name,
                    limit=currency.format(values["limit"]),
                    exposure=currency.format(values["exposure"]),
                    amount=currency.format(values["amount"]),
                    excess=currency.format(values["excess"]),
                )
            )

    def action_confirm(self):
        self._check_credit_limit()
        return super().action_confirm()

    def _reset_increased_credit_approval(self):
        """An approved quotation that grows beyond the approved amount needs a new approval."""
        raised = self.filtered(
            lambda o: (
                o.credit_approval_state == "approved"
                and o.state in ("draft", "sent")
                and float_compare(
                    o.amount_total,
                    o.credit_approved_amount,
                    precision_rounding=o.currency_id.rounding,
                )
                > 0
            )
        )
        for order in raised:
            order.sudo().credit_approval_state = "not_needed"
            order.message_post(
                body=_("The order grew beyond the approved credit: a new approval is needed.")
            )

    def write(self, vals):
        res = super().write(vals)
        if "order_line" in vals:
            self._reset_increased_credit_approval()
        return res

    # ------------------------------------------------------------ approval
    def _check_credit_manager(self):
        if not self.env["res.partner"]._is_credit_manager():
            raise AccessError(
                _("Only credit managers approve or refuse orders beyond the credit limit.")
            )

    def action_request_credit_approval(self):
        managers = (
            self.env.ref("crm_manufacturing_credit.group_credit_manager")
            .sudo()
            .users.filtered(lambda u: not u.share)
        )
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(_("Only quotations need a credit approval."))
            order.credit_approval_state = "to_approve"
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
        self._check_credit_manager()
        for order in self:
            if order.credit_approval_state != "to_approve":
                raise UserError(
                    _("Order %(order)s has no credit approval request.", order=order.name)
                )
            order.sudo().write(
                {
                    "credit_approval_state": "approved",
                    "credit_approved_by_id": self.env.uid,
                    "credit_approved_amount": order.amount_total,
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
        self._check_credit_manager()
        for order in self:
            order.sudo().write({"credit_approval_state": "refused", "credit_approved_amount": 0.0})
            order.message_post(body=_("Credit approval refused."))
            order.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    @api.depends("partner_id", "amount_total", "company_id")
    def _compute_partner_credit_warning(self):
        res = super()._compute_partner_credit_warning()
        for order in self.filtered(lambda o: o.state in ("draft", "sent") and o.partner_id):
            partner = order.partner_id.commercial_partner_id.with_company(order.company_id)
            extra = _(
                "Credit grade %(grade)s, available credit %(available)s.",
                grade=partner.credit_grade,
                available=order.company_id.currency_id.format(partner.credit_available),
            )
            if partner.credit_hold:
                extra = (
                    _(
                        "Customer on credit hold: %(reason)s. ",
                        reason=partner.credit_hold_reason or "",
                    )
                    + extra
                )
            if (
                partner.credit_hold
                or partner.credit_grade in ("D", "E")
                or order.partner_credit_warning
            ):
                order.partner_credit_warning = " ".join(
                    filter(None, [order.partner_credit_warning, extra])
                )

        return res


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.order_id._reset_increased_credit_approval()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"product_uom_qty", "price_unit", "discount", "tax_id"} & set(vals):
            self.order_id._reset_increased_credit_approval()
        return res
