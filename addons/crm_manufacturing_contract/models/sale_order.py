from datetime import date, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.crm_manufacturing.tools import check_one, server_marked

from .sale_execution_step import NO_ORDER_LOG_KEY
from .sale_execution_template import MONEY_STEP_TYPES

# Who reads execution plans: the users with access to the steps (salespeople, within their
# orders' visibility, and invoicing users). Others who may read an order (stock users opening
# it from a delivery, technicians, portal customers) do not get these fields at all, so the
# order opens for them without an access error on the steps.
PLAN_GROUPS = "sales_team.group_sale_salesman,account.group_account_invoice"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    execution_template_id = fields.Many2one(
        "sale.execution.template",
        string="Execution Plan Template",
        groups=PLAN_GROUPS,
        default=lambda self: self.env.company.execution_template_id,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    execution_step_ids = fields.One2many(
        "sale.execution.step", "order_id", string="Execution Plan", copy=False, groups=PLAN_GROUPS
    )
    execution_progress = fields.Float(
        string="Execution Progress (%)",
        compute="_compute_execution_progress",
        store=True,
        groups=PLAN_GROUPS,
    )
    execution_next_step_id = fields.Many2one(
        "sale.execution.step",
        string="Next Step",
        compute="_compute_execution_next_step",
        store=True,
        index="btree_not_null",
        groups=PLAN_GROUPS,
        help="The open step of the order's execution plan planned first.",
    )
    execution_next_step_type = fields.Selection(
        related="execution_next_step_id.step_type",
        string="Next Step Type",
        store=True,
        groups=PLAN_GROUPS,
    )
    execution_next_step_date = fields.Date(
        related="execution_next_step_id.planned_date",
        string="Next Step Date",
        store=True,
        groups=PLAN_GROUPS,
    )
    collection_overdue_amount = fields.Monetary(
        string="Overdue Collection", compute="_compute_collection_overdue", groups=PLAN_GROUPS
    )

    @api.depends("execution_step_ids.state")
    def _compute_execution_progress(self):
        for order in self:
            steps = order.execution_step_ids.filtered(lambda s: s.state != "cancelled")
            done = steps.filtered(lambda s: s.state == "done")
            order.execution_progress = round(len(done) * 100.0 / len(steps), 1) if steps else 0.0

    @api.depends(
        "execution_step_ids.state",
        "execution_step_ids.planned_date",
        "execution_step_ids.sequence",
    )
    def _compute_execution_next_step(self):
        for order in self:
            open_steps = order.execution_step_ids.filtered(
                lambda s: s.state in ("planned", "in_progress")
            )
            order.execution_next_step_id = open_steps.sorted(
                lambda s: (s.planned_date or date.max, s.sequence, s.id)
            )[:1]

    def _compute_collection_overdue(self):
        data = self.env["sale.execution.step"]._read_group(
            [("order_id", "in", self.ids), ("is_money_step", "=", True), ("is_overdue", "=", True)],
            ["order_id"],
            ["amount_due:sum"],
        )
        amounts = {order.id: amount for order, amount in data}
        for order in self:
            order.collection_overdue_amount = amounts.get(order.id, 0.0)

    @api.constrains("execution_step_ids")
    def _check_execution_percent(self):
        for order in self:
            if message := order._execution_percent_error():
                raise ValidationError(message)

    def _execution_percent_error(self):
        """Why the installments of the order are refused (they must add up to 100 %), or False."""
        self.ensure_one()
        money = self.execution_step_ids.filtered(
            lambda s: s.step_type in MONEY_STEP_TYPES and s.state != "cancelled"
        )
        total = sum(money.mapped("percent"))
        if money and abs(total - 100.0) > 0.01:
            return _(
                "The installments of %(order)s add up to %(total)s %%; they must add up to 100 %%.",
                order=self.name,
                total=round(total, 2),
            )
        return False

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_execution_steps(self):
        # sudo: the check covers every step of the orders, whoever may read them
        self.sudo().execution_step_ids._check_no_posted_invoice("delete")

    def unlink(self):
        # the steps go first, through the ORM (their guards, messages and activities), never
        # by the database's cascade; their foreign key restricts the order's deletion
        self._unlink_except_posted_execution_steps()
        # sudo: the order's deletion was allowed (checked by super() below, in the same
        # transaction); the steps are part of the order
        self.sudo().execution_step_ids.unlink()
        return super().unlink()

    def _prepare_execution_steps(self):
        """Values of the steps of the order's template, dated from its confirmation."""
        self.ensure_one()
        start = (
            fields.Date.to_date(self.date_order)
            if self.date_order
            else fields.Date.context_today(self)
        )
        return [
            {
                "order_id": self.id,
                "sequence": line.sequence,
                "name": line.name,
                "step_type": line.step_type,
                "planned_date": start + timedelta(days=line.offset_days),
                "percent": line.percent if line.step_type in MONEY_STEP_TYPES else 0.0,
                "user_id": (self.user_id if line.user_role == "salesperson" else line.user_id).id,
            }
            for line in self.execution_template_id.line_ids
        ]

    def _apply_execution_template(self):
        for order in self.filtered("execution_template_id"):
            if order.execution_step_ids.invoice_ids or order.execution_step_ids.filtered(
                lambda s: s.state == "done"
            ):
                raise UserError(
                    _(
                        "The plan of %(order)s has invoiced or done steps: edit it instead.",
                        order=order.name,
                    )
                )
            order.execution_step_ids.unlink()
            server_marked(self.env["sale.execution.step"], NO_ORDER_LOG_KEY).create(
                order._prepare_execution_steps()
            )
            order.message_post(
                body=_(
                    "Execution plan created from %(template)s.",
                    template=order.execution_template_id.name,
                )
            )

    def action_apply_execution_template(self):
        # (all() of a recordset of templates is true when it is empty: test each order)
        if not self or any(not order.execution_template_id for order in self):
            raise UserError(_("Choose an execution plan template first."))
        self._apply_execution_template()
        return True

    def _confirmation_error_message(self):
        """Refuse the confirmation of an order whose installments do not add up to 100 %."""
        return super()._confirmation_error_message() or self._execution_percent_error()

    def _action_confirm(self):
        """Create the execution plan of the confirmed orders from their template; say on the
        order when there is no template, so that an empty plan is never silent."""
        res = super()._action_confirm()
        self.filtered(
            lambda o: o.execution_template_id and not o.execution_step_ids
        )._apply_execution_template()
        for order in self.filtered(
            lambda o: not o.execution_template_id and not o.execution_step_ids
        ):
            order.message_post(
                body=_(
                    "Confirmed without an execution plan: no execution plan template was "
                    "chosen (and the company has no default one). Choose a template on the "
                    "Execution Plan tab and apply it."
                )
            )
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        steps = self.execution_step_ids.filtered(
            lambda s: (
                s.state in ("planned", "in_progress")
                and not any(m.state == "posted" for m in s.invoice_ids)
                # sudo: whoever cancels the order, a step paid in advance stays open
                and not s.sudo().payment_ids.filtered(lambda p: p.state in ("in_process", "paid"))
            )
        )
        server_marked(steps, NO_ORDER_LOG_KEY)._state_change().write({"state": "cancelled"})
        return res

    def action_view_execution_steps(self):
        check_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing_contract.sale_execution_step_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def _complete_delivery_steps(self):
        """Delivery steps are done when all the order's outgoing transfers are done."""
        # sudo: called when a transfer is validated, often by a stock user who has no access
        # to the plan; it only completes the delivery steps of the transfer's own orders
        for order in self.sudo():
            outgoing = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
            )
            if outgoing and all(p.state == "done" for p in outgoing):
                steps = order.execution_step_ids.filtered(
                    lambda s: s.step_type == "delivery" and s.state in ("planned", "in_progress")
                )
                steps._state_change().write(
                    {"state": "done", "actual_date": fields.Date.context_today(self)}
                )
