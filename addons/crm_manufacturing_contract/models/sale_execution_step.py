from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.tools import (
    check_field_values,
    check_number,
    check_selection,
    server_mark,
    server_marked,
)

from .sale_execution_template import MONEY_STEP_TYPES, STEP_TYPES

# overdue steps reminded per call of the daily cron (committed by ir.cron after each call)
CRON_BATCH_SIZE = 500

STATES = [
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


# Context key of the state changes made by the step's own action_* methods and by the events
# that complete steps (payments, deliveries, order cancellation), holding a server mark that
# no XML-RPC or JSON-RPC caller can send (crm_manufacturing.tools.server_marks).
STATE_CHANGE_KEY = "execution_step_state_change"
# Context key (a server mark too) of the writes that log the plan on the order themselves
# (plan creation, events): the step's own log of the change is left out
NO_ORDER_LOG_KEY = "execution_no_order_log"

# Fields the system computes: never written by anyone (money figures, due date, related).
SYSTEM_FIELDS = (
    "amount",
    "amount_invoiced",
    "amount_paid",
    "amount_due",
    "date_due",
    "is_money_step",
    "is_overdue",
    "overdue_days",
    "partner_id",
    "company_id",
    "currency_id",
    "salesperson_id",
)


class SaleExecutionStep(models.Model):
    """One step of the execution plan (合同执行计划) of a confirmed order."""

    _name = "sale.execution.step"
    _description = "Contract Execution Step"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.manufacturing.search.guard",
        "crm.manufacturing.xlsx.export.mixin",
    ]
    _order = "order_id, sequence, planned_date, id"
    # found by its label, its order's reference or its customer's name
    _rec_names_search = ["name", "order_id.name", "partner_id.name"]

    # restrict: an order is deleted only after its steps, through the ORM (sale.order.unlink),
    # so that a step with posted accounting is never removed by an SQL cascade
    order_id = fields.Many2one("sale.order", required=True, ondelete="restrict", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    step_type = fields.Selection(STEP_TYPES, required=True, default="other")
    is_money_step = fields.Boolean(
        string="Is Installment",
        compute="_compute_is_money_step",
        store=True,
        help="Installments and retentions: the steps that collect money.",
    )
    planned_date = fields.Date(tracking=True)
    actual_date = fields.Date(
        compute="_compute_money_completion", store=True, readonly=False, tracking=True
    )
    user_id = fields.Many2one("res.users", string="Responsible", tracking=True)
    done_user_id = fields.Many2one("res.users", string="Completed By", readonly=True)
    state = fields.Selection(
        STATES,
        default="planned",
        required=True,
        compute="_compute_money_completion",
        store=True,
        readonly=True,
        tracking=True,
        help="Moves only through the step's buttons (Start, Mark Done, Cancel) and, for "
        "installments, with their invoices and payments.",
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id.commercial_partner_id", string="Customer", store=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    salesperson_id = fields.Many2one(related="order_id.user_id", string="Salesperson", store=True)
    percent = fields.Float(string="Percent (%)")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    invoice_ids = fields.One2many("account.move", "execution_step_id", string="Invoices")
    payment_ids = fields.One2many(
        "account.payment",
        "execution_step_id",
        string="Advance Payments",
        groups="account.group_account_invoice",
        help="Customer payments received for this installment before its invoice; they "
        "count as paid until they are reconciled with an invoice.",
    )
    amount_invoiced = fields.Monetary(compute="_compute_amounts", store=True)
    amount_paid = fields.Monetary(compute="_compute_amounts", store=True)
    amount_due = fields.Monetary(compute="_compute_amounts", store=True)
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_amounts",
        store=True,
        help="When the step's money is due: the planned date while some of it is not "
        "invoiced, else the due date of its oldest open invoice (the invoice falls due on "
        "the planned date unless its payment term says otherwise).",
    )
    is_overdue = fields.Boolean(compute="_compute_overdue", search="_search_is_overdue")
    overdue_days = fields.Integer(compute="_compute_overdue", search="_search_overdue_days")
    note = fields.Text()

    @api.depends("name", "order_id.name", "partner_id.name")
    def _compute_display_name(self):
        for step in self:
            step.display_name = " · ".join(
                part for part in (step.order_id.name, step.partner_id.name, step.name) if part
            )

    @api.depends("step_type")
    def _compute_is_money_step(self):
        for step in self:
            step.is_money_step = step.step_type in MONEY_STEP_TYPES

    @api.depends("percent", "step_type", "order_id.amount_total")
    def _compute_amount(self):
        for step in self:
            step.amount = (
                step.order_id.currency_id.round(step.order_id.amount_total * step.percent / 100.0)
                if step.step_type in MONEY_STEP_TYPES
                else 0.0
            )

    @api.depends(
        "amount",
        "planned_date",
        "invoice_ids.state",
        "invoice_ids.amount_total",
        "invoice_ids.amount_residual",
        "invoice_ids.move_type",
        "invoice_ids.invoice_date_due",
        "invoice_ids.payment_state",
        "payment_ids.state",
        "payment_ids.move_id.line_ids.amount_residual_currency",
    )
    def _compute_amounts(self):
        """Invoiced and paid amounts of the linked customer invoices and credit notes, and
        the advance payments linked to the step that no invoice has consumed yet, for the
        whole set: two grouped queries to read them and, for saved steps, one
        UPDATE to store them (the ORM would convert and write the three money fields
        record by record, which costs seconds for tens of thousands of steps)."""
        fnames = ("amount_invoiced", "amount_paid", "amount_due", "date_due")
        # The ORM recomputes a stored field in batches of 1,000 records: take every step
        # waiting for these amounts in this batch, so that a payment run over thousands
        # of steps costs the same few queries as one step.
        pending = self.env.records_to_compute(self._fields["amount_due"])
        extra = (pending - self).filtered(lambda step: isinstance(step.id, int))
        if extra:
            self |= extra
            for fname in fnames:
                self.env.remove_to_compute(self._fields[fname], extra)
        data = self.env["account.move"]._read_group(
            [("execution_step_id", "in", self.ids), ("state", "=", "posted")],
            ["execution_step_id", "move_type", "payment_state"],
            ["amount_total:sum", "amount_residual:sum", "invoice_date_due:min"],
        )
        totals = {}
        open_due = {}  # oldest due date of the open invoices of each step
        for step, move_type, payment_state, total, residual, due in data:
            sign = -1 if move_type == "out_refund" else 1
            invoiced, paid = totals.get(step.id, (0.0, 0.0))
            totals[step.id] = (invoiced + sign * total, paid + sign * (total - residual))
            if (
                move_type == "out_invoice"
                and payment_state in ("not_paid", "partial")
                and residual > 0
                and due
            ):
                open_due[step.id] = min(open_due.get(step.id, due), due)
        # An advance payment counts by what is still open on its receivable line: once it is
        # reconciled with the step's invoice, the invoice counts it (paid once, never twice);
        # reconciled with another invoice, it paid that invoice instead.
        advances = self.env["account.move.line"]._read_group(
            [
                ("payment_id.execution_step_id", "in", self.ids),
                ("payment_id.state", "in", ("in_process", "paid")),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
            ],
            ["payment_id"],
            ["amount_residual_currency:sum"],
        )
        for payment, residual in advances:
            step_id = payment.execution_step_id.id
            invoiced, paid = totals.get(step_id, (0.0, 0.0))
            # an inbound payment's open receivable is a credit (negative)
            totals[step_id] = (invoiced, paid - residual)
        # (ids, not records, in the loops below: tens of thousands of steps)
        step_ids = self._ids
        real = self.browse([id_ for id_ in step_ids if isinstance(id_, int)])
        # one query for the whole set, not one per 1,000 steps (with the dates and states
        # that the overdue figures read next)
        real.fetch(["amount", "currency_id", "step_type", "planned_date", "state"])
        amounts = self._fields["amount"].mapped(self)
        # the currencies' ids as cached (one lookup of the decimal places per currency)
        currency_field = self._fields["currency_id"]
        currency_field.recompute(self)  # (nothing to do unless an order changed currency)
        currency_ids = list(self.env.cache.get_until_miss(self, currency_field))
        if len(currency_ids) < len(self):  # new records of a form (onchange)
            currency_ids = [step.currency_id.id for step in self]
        digits = {
            currency.id: currency.decimal_places
            for currency in self.env["res.currency"].browse(set(filter(None, currency_ids)))
        }
        step_types = self._fields["step_type"].mapped(self)
        planned_dates = self._fields["planned_date"].mapped(self)
        invoiced_values, paid_values, due_values, date_values = [], [], [], []
        for step_id, amount, currency_id, step_type, planned in zip(
            step_ids, amounts, currency_ids, step_types, planned_dates, strict=True
        ):
            places = digits.get(currency_id, 2)
            invoiced, paid = totals.get(step_id, (0.0, 0.0))
            invoiced_values.append(round(invoiced, places))
            paid_values.append(round(paid, places))
            due_values.append(
                round(amount - paid, places) if step_type in MONEY_STEP_TYPES else 0.0
            )
            # the money not invoiced yet is due on the planned date; invoiced money on the
            # due date of its invoice (the planned date unless the payment term says otherwise)
            dates = [open_due[step_id]] if step_id in open_due else []
            if planned and (not dates or round(amount - invoiced, places) > 0):
                dates.append(planned)
            date_values.append(min(dates) if dates else (planned or None))
        columns = (invoiced_values, paid_values, due_values, date_values)
        saved = [index for index, id_ in enumerate(step_ids) if isinstance(id_, int)]
        if saved:
            ids = [self._ids[index] for index in saved]
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE sale_execution_step s
                       SET amount_invoiced = v.invoiced, amount_paid = v.paid,
                           amount_due = v.due, date_due = v.date_due
                      FROM unnest(%s::int[], %s::numeric[], %s::numeric[], %s::numeric[],
                                  %s::date[])
                           AS v(id, invoiced, paid, due, date_due)
                     WHERE s.id = v.id
                       AND (s.amount_invoiced, s.amount_paid, s.amount_due, s.date_due)
                           IS DISTINCT FROM (v.invoiced, v.paid, v.due, v.date_due)
                    """,
                    ids,
                    *([column[index] for index in saved] for column in columns),
                )
            )
            saved_steps = self.browse(ids)
            for fname, column in zip(fnames, columns, strict=True):
                # the values are stored: put them in the cache as clean values
                self.env.cache.update(
                    saved_steps, self._fields[fname], [column[index] for index in saved]
                )
        for index, id_ in enumerate(step_ids):
            if not isinstance(id_, int):  # new records of a form (onchange)
                for fname, column in zip(fnames, columns, strict=True):
                    self[index][fname] = column[index]

    @api.depends("amount_due", "amount_invoiced")
    def _compute_money_completion(self):
        """An installment completes itself when its invoices cover its amount and are paid."""
        today = fields.Date.context_today(self)
        for step in self:
            step.state = step.state or "planned"
            if (
                step.step_type in MONEY_STEP_TYPES
                and step.state not in ("done", "cancelled")
                and step.amount
                and step.currency_id.compare_amounts(step.amount_invoiced, step.amount) >= 0
                and step.currency_id.compare_amounts(step.amount_due, 0.0) <= 0
            ):
                step.state = "done"
                step.actual_date = step.actual_date or today
            else:
                step.actual_date = step.actual_date

    @api.depends("date_due", "state")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        # the ORM computes this field 1,000 records at a time: read the dates and states of
        # every record being read (its prefetch set) at once, in one query
        prefetch = self.browse(self._prefetch_ids)
        missing = [
            id_
            for id_ in self.env.cache.get_missing_ids(prefetch, self._fields["date_due"])
            if isinstance(id_, int)
        ]
        if missing:
            self.browse(missing).fetch(["date_due", "planned_date", "state"])
        overdue, days = [], []
        for due, state in zip(
            self._fields["date_due"].mapped(self),
            self._fields["state"].mapped(self),
            strict=True,
        ):
            late = bool(due and due < today and state not in ("done", "cancelled"))
            overdue.append(late)
            days.append((today - due).days if late else 0)
        self.env.cache.update(self, self._fields["is_overdue"], overdue)
        self.env.cache.update(self, self._fields["overdue_days"], days)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool | int):
            raise UserError(
                _(
                    "Overdue steps are searched with = or != and true or false, not %(value)r.",
                    value=value,
                )
            )
        domain = [
            ("date_due", "<", fields.Date.context_today(self)),
            ("state", "not in", ("done", "cancelled")),
        ]
        if (operator == "=") == bool(value):
            return domain
        return ["!", "&", *domain]

    def _search_overdue_days(self, operator, value):
        flip = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "="}
        if operator not in flip:
            raise UserError(
                _(
                    "Overdue days are searched with a comparison (=, <, <=, >, >=), not "
                    "%(operator)s.",
                    operator=operator,
                )
            )
        days = check_number(self.env, value, _("The overdue days"), 0, 100000)
        if days != int(days):
            raise UserError(_("Overdue days are whole days, not %(value)s.", value=value))
        # overdue_days > n  <=>  date_due < today - n (open steps)
        today = fields.Date.context_today(self)
        limit = today - timedelta(days=int(days))
        return [
            ("date_due", flip[operator], limit),
            ("state", "not in", ("done", "cancelled")),
            ("date_due", "<", today),
        ]

    # ------------------------------------------------------------ constraints
    @api.constrains("percent", "step_type", "order_id")
    def _check_percent(self):
        for step in self:
            check_field_values(step, {"percent": (0, 100)})
        self.order_id._check_execution_percent()

    @api.constrains("planned_date", "actual_date")
    def _check_dates(self):
        check_field_values(self, {"planned_date": (None, None), "actual_date": (None, None)})

    # ------------------------------------------------------------------ CRUD
    def _is_state_change(self):
        return bool(server_mark(self.env, STATE_CHANGE_KEY))

    def _state_change(self):
        """The steps in the context of their own state changes (actions and events)."""
        return server_marked(self, STATE_CHANGE_KEY)

    def _check_step_vals(self, vals):
        """One guard for create (on an empty recordset) and write: what users may set."""
        check_selection(self, vals)
        computed = [fname for fname in SYSTEM_FIELDS if fname in vals]
        if computed:
            raise UserError(
                _(
                    "%(fields)s of an execution step are computed from its order, invoices "
                    "and payments: they cannot be written.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env) for fname in computed
                    ),
                )
            )
        if "done_user_id" in vals and not self._is_state_change():
            raise UserError(
                _("Who completed a step is recorded by its Mark Done button; it cannot be written.")
            )
        if "state" in vals and not self._is_state_change():
            changed = self.filtered(lambda step: step.state != vals["state"])
            if changed or (not self and vals["state"] not in (False, "planned")):
                raise UserError(
                    _(
                        "The state of an execution step moves only with its buttons (Start, "
                        "Mark Done, Cancel) and, for installments, with their invoices and "
                        "payments; it cannot be written."
                    )
                )
        if "payment_ids" in vals:
            self.env["account.payment"]._check_execution_link_access()
        if "order_id" in vals:
            moved = self.filtered(lambda step: step.order_id.id != vals["order_id"])
            if moved:
                raise UserError(
                    _(
                        "Step %(step)s belongs to %(order)s: a step never moves to another "
                        "order or leaves its order (create a new step there instead).",
                        step=moved[0].name,
                        order=moved[0].order_id.name,
                    )
                )
        if "step_type" in vals:
            invoiced = self.filtered(
                lambda step: step.step_type != vals["step_type"] and step.invoice_ids
            )
            if invoiced:
                raise UserError(
                    _(
                        "Step %(step)s has invoices: its type cannot change.",
                        step=invoiced[0].name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.browse()._check_step_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_step_vals(vals)
        if vals.get("state") == "cancelled":
            self._check_no_posted_invoice("cancel")
        res = super().write(vals)
        tracked = {"planned_date", "user_id", "state", "name", "percent"} & set(vals)
        if tracked and not server_mark(self.env, NO_ORDER_LOG_KEY):
            for order in self.order_id:
                steps = self.filtered(lambda s, order=order: s.order_id == order)
                order.message_post(
                    body=_(
                        "Execution plan changed: %(steps)s",
                        steps=", ".join(
                            f"{s.name} ({dict(STATES)[s.state]}, {s.planned_date or '-'})"
                            for s in steps
                        ),
                    ),
                    partner_ids=order.user_id.partner_id.ids,
                )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_invoice(self):
        self._check_no_posted_invoice("delete")

    def _check_no_posted_invoice(self, action):
        """Refuse to delete (action "delete") or cancel (action "cancel") steps that carry
        posted accounting: a posted invoice or a linked advance payment."""
        for step in self:
            invoiced = any(move.state == "posted" for move in step.invoice_ids)
            # sudo: the check covers every payment linked to the step, whoever asks
            paid = step.sudo().payment_ids.filtered(lambda p: p.state in ("in_process", "paid"))
            if not (invoiced or paid):
                continue
            delete = action == "delete"
            if invoiced:
                message = (
                    _("Step %(step)s of %(order)s has a posted invoice: it cannot be deleted.")
                    if delete
                    else _(
                        "Step %(step)s of %(order)s has a posted invoice: it cannot be cancelled."
                    )
                )
            else:
                message = (
                    _(
                        "Step %(step)s of %(order)s has a linked advance payment (%(payment)s): it "
                        "cannot be deleted. Unlink the payment from the step first."
                    )
                    if delete
                    else _(
                        "Step %(step)s of %(order)s has a linked advance payment (%(payment)s): it "
                        "cannot be cancelled. Unlink the payment from the step first."
                    )
                )
            values = {"step": step.name, "order": step.order_id.name, "payment": paid[:1].name}
            raise UserError(message % values)

    def _check_document_currency(self, document, message):
        """Refuse to link ``document`` (an invoice, an advance payment) in another currency
        than the step's. ``message``: the translated sentence, with %(document)s,
        %(currency)s, %(step)s and %(step_currency)s."""
        self.ensure_one()
        if document.currency_id != self.currency_id:
            raise ValidationError(
                message
                % {
                    "document": document.display_name,
                    "currency": document.currency_id.name,
                    "step": self.display_name,
                    "step_currency": self.currency_id.name,
                }
            )

    # --------------------------------------------------------------- actions
    def action_start(self):
        self.filtered(lambda s: s.state == "planned")._state_change().write(
            {"state": "in_progress"}
        )
        return True

    def action_done(self):
        """Record the completion of an installation, training, acceptance or other step."""
        for step in self:
            if step.state in ("done", "cancelled"):
                raise UserError(
                    _(
                        "Step %(step)s is already %(state)s.",
                        step=step.name,
                        state=dict(STATES)[step.state],
                    )
                )
            if step.step_type in MONEY_STEP_TYPES:
                raise UserError(
                    _(
                        "Installment %(step)s completes itself when its invoices are paid.",
                        step=step.name,
                    )
                )
        self._state_change().write(
            {
                "state": "done",
                "actual_date": fields.Date.context_today(self),
                "done_user_id": self.env.uid,
            }
        )
        return True

    def action_cancel(self):
        self._state_change().write({"state": "cancelled"})
        return True

    def action_create_invoice(self):
        """Invoice the open part of an installment through Odoo's down payments, so that the
        order's invoiced amounts stay right; link the invoice and start the step."""
        invoices = self.env["account.move"]
        for step in self:
            if step.step_type not in MONEY_STEP_TYPES:
                raise UserError(_("Only installment and retention steps are invoiced."))
            if step.order_id.state != "sale":
                raise UserError(
                    _(
                        "Confirm order %(order)s before invoicing its steps.",
                        order=step.order_id.name,
                    )
                )
            to_invoice = (
                step.amount
                - step.amount_invoiced
                - sum(
                    step.invoice_ids.filtered(lambda m: m.state == "draft").mapped("amount_total")
                )
            )
            if step.currency_id.compare_amounts(to_invoice, 0.0) <= 0:
                raise UserError(_("Step %(step)s is already fully invoiced.", step=step.name))
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_context(active_model="sale.order", active_ids=step.order_id.ids)
                .create(
                    {
                        "advance_payment_method": "fixed",
                        "fixed_amount": to_invoice,
                        "sale_order_ids": step.order_id.ids,
                    }
                )
            )
            invoice = wizard._create_invoices(step.order_id)
            # sudo: like Odoo's down-payment wizard, which creates the invoice as superuser so
            # that salespeople can invoice; the link is to the step just checked above
            invoice.sudo().execution_step_id = step
            if step.state == "planned":
                server_marked(step, NO_ORDER_LOG_KEY)._state_change().write(
                    {"state": "in_progress"}
                )
            invoices |= invoice
        if len(invoices) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "account.move",
                "res_id": invoices.id,
                "view_mode": "form",
            }
        return True

    # ------------------------------------------------------------------- cron
    @api.model
    def _cron_overdue_activities(self, batch_size=CRON_BATCH_SIZE):
        """One activity (never two) for the responsible of each overdue step.

        One batch of ``batch_size`` steps per call, reported to ir.cron, which commits and
        calls again while some are left; each call picks only steps without the activity."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        domain = [
            ("is_overdue", "=", True),
            ("user_id", "!=", False),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ]
        steps = self.search(domain, order="id", limit=batch_size)
        for step in steps:
            step.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=step.user_id.id,
                date_deadline=fields.Date.context_today(self),
                summary=_(
                    "Overdue: %(step)s of %(order)s", step=step.name, order=step.order_id.name
                ),
            )
        remaining = self.search_count(domain) if len(steps) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(steps), remaining=remaining)

    @api.model
    def _collection_plan_rows(self, domain=None):
        """Collection plan (回款计划): amount due of open installments per planned month and customer."""
        groups = self._read_group(
            [
                ("is_money_step", "=", True),
                ("state", "not in", ("done", "cancelled")),
                *(domain or []),
            ],
            ["planned_date:month", "partner_id", "currency_id"],
            ["amount_due:sum", "__count"],
        )
        return [
            (month and month.strftime("%Y-%m"), partner.display_name, count, amount, currency.id)
            for month, partner, currency, amount, count in groups
        ]

    @api.model
    def _collection_plan_xlsx_table(self, rows):
        """Columns and rows of the collection plan's Excel file for rows of
        ``_collection_plan_rows``: each row says its currency (ISO code) and its amount is in
        that currency. When all the rows share one currency, the amount column is formatted
        and totalled in it; when they mix currencies, the amounts stay plain numbers in their
        row's currency and are not totalled (a sum over currencies would mean nothing)."""
        currencies = self.env["res.currency"].browse({row[4] for row in rows if row[4]})
        single = currencies if len(currencies) == 1 else None
        amount_column = {"label": _("Amount Due"), "width": 18}
        if single or not currencies:
            amount_column.update(
                type="monetary",
                currency_id=(single or self.env.company.currency_id).id,
                total=True,
            )
        else:
            amount_column.update(type="float", total=False)
        columns = [
            {"label": _("Month"), "type": "char", "width": 10},
            {"label": _("Customer"), "type": "char", "width": 36},
            {"label": _("Currency"), "type": "char", "width": 10},
            {"label": _("Installments"), "type": "integer", "total": True},
            amount_column,
        ]
        names = {currency.id: currency.name for currency in currencies}
        table = [
            [month, customer, names.get(currency_id, ""), count, amount]
            for month, customer, count, amount, currency_id in rows
        ]
        return columns, table

    def _xlsx_title(self):
        return _("Collection Plan")

    def _xlsx_filename(self):
        return "collection_plan"

    def _xlsx_export_arguments(self, domain):
        """The columns follow the currencies of the rows (``_collection_plan_xlsx_table``)."""
        rows = self._collection_plan_rows(self._xlsx_check_domain(domain))
        columns, table = self._collection_plan_xlsx_table(rows)
        return self._xlsx_title(), columns, table

    def action_export_collection_plan(self):
        """The collection plan (the selected steps' or all) in Excel."""
        return self.action_export_xlsx()
