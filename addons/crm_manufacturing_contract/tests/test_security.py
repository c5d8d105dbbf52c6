import math

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ExecutionCommon

MONEY_FIELDS = ("amount_paid", "amount_due", "amount_invoiced", "amount", "date_due")


@tagged("post_install", "-at_install")
class TestExecutionSecurity(ExecutionCommon):
    """The server's rules of the execution plans (issue 11, items 9, 10, 16, 18, 19)."""

    def _posted_advance(self, order):
        advance = order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        advance.action_create_invoice()
        advance.invoice_ids.action_post()
        return advance

    def _figures(self, steps):
        return steps.read(["state", *MONEY_FIELDS, "order_id", "done_user_id"])

    def test_money_figures_and_state_are_not_writable(self):
        order = self._order()
        step = order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        as_rep = step.with_user(self.salesman)
        before = self._figures(step)
        for vals in (
            {"state": "done"},
            {"state": "cancelled"},
            {"state": ""},
            {"amount_paid": 3000.0},
            {"amount_due": 0.0},
            {"amount_invoiced": 3000.0},
            {"amount": 1.0},
            {"done_user_id": self.salesman.id},
            {"partner_id": self.other_customer.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                as_rep.write(vals)
        self.env.invalidate_all()
        self.assertEqual(self._figures(step), before)
        Step = self.env["sale.execution.step"].with_user(self.salesman)
        for vals in ({"state": "done"}, {"amount_paid": 5.0}, {"done_user_id": self.salesman.id}):
            with self.subTest(create=vals), self.assertRaises(UserError):
                Step.create({"order_id": order.id, "name": "Extra", "step_type": "other", **vals})
        # the buttons still move it
        acceptance = order.execution_step_ids.filtered(lambda s: s.step_type == "acceptance")
        acceptance.with_user(self.salesman).action_done()
        self.assertEqual(acceptance.state, "done")
        self.assertEqual(acceptance.done_user_id, self.salesman)

    def test_the_internal_flag_cannot_be_sent_by_a_client(self):
        order = self._order()
        step = order.execution_step_ids[:1]
        # a client can send any JSON value in its context, never the server's own marker
        for value in (True, 1, "1", {"x": 1}):
            ctx = {"execution_step_state_change": value}
            with self.subTest(value=value), self.assertRaises(UserError):
                step.with_user(self.salesman).with_context(**ctx).write({"state": "done"})

    def test_a_client_cannot_silence_the_log_of_a_plan_change(self):
        order = self._order()
        step = order.execution_step_ids[:1]
        logged = order.message_ids
        step.with_user(self.salesman).with_context(execution_no_order_log=True).write(
            {"planned_date": "2026-03-02"}
        )
        new = order.message_ids - logged
        self.assertIn("Execution plan changed", "".join(new.mapped("body")))

    def test_step_with_posted_invoice_is_never_deleted_detached_or_moved(self):
        order = self._order()
        advance = self._posted_advance(order)
        invoice = advance.invoice_ids
        other = self._order(partner=self.other_customer)
        for attempt in (
            lambda: advance.unlink(),
            lambda: advance.write({"order_id": other.id}),
            lambda: other.write({"execution_step_ids": [Command.link(advance.id)]}),
            lambda: order.write({"execution_step_ids": [Command.unlink(advance.id)]}),
            lambda: order.write({"execution_step_ids": [Command.clear()]}),
            lambda: invoice.write({"execution_step_id": False}),
            lambda: advance.write({"invoice_ids": [Command.clear()]}),
            lambda: advance.write({"step_type": "delivery"}),
        ):
            with self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    attempt()
        self.assertEqual(advance.order_id, order)
        self.assertEqual(invoice.execution_step_id, advance)
        # cancelling then deleting the order: refused, nothing deleted by a cascade
        order._action_cancel()
        with self.assertRaisesRegex(UserError, "posted invoice"):
            with self.env.cr.savepoint():
                order.unlink()
        self.assertTrue(advance.exists())
        self.assertEqual(invoice.execution_step_id, advance)

    def test_order_without_accounting_deletes_its_steps_through_the_orm(self):
        order = self._order()
        steps = order.execution_step_ids
        order._action_cancel()
        order.unlink()
        self.assertFalse(steps.exists())

    def test_a_step_never_moves_to_another_order(self):
        mine = self._order()
        other = self._order(user=self.other_rep)
        step = mine.execution_step_ids.filtered(lambda s: s.step_type == "acceptance")
        with self.assertRaises(UserError):
            step.with_user(self.salesman).write({"order_id": other.id})
        self.assertEqual(step.order_id, mine)

    def test_stock_user_opens_an_order_from_its_delivery(self):
        order = self._order()
        stock_user = new_test_user(self.env, login="exec_stock", groups="stock.group_stock_user")
        as_stock = order.with_user(stock_user)
        # the fields of the form, as the web client reads them
        form = as_stock.get_views([(False, "form")])
        fields_in_form = form["models"]["sale.order"]["fields"]
        self.assertNotIn("execution_step_ids", fields_in_form)
        self.assertNotIn("collection_overdue_amount", fields_in_form)
        as_stock.web_read({fname: {} for fname in fields_in_form})
        # a salesperson still sees the plan
        rep_fields = order.with_user(self.salesman).get_views([(False, "form")])["models"]
        self.assertIn("execution_step_ids", rep_fields["sale.order"]["fields"])
        # validating the delivery (as the stock user) completes the delivery step
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.env.ref("stock.stock_location_stock"), 10
        )
        picking = order.picking_ids.with_user(stock_user)
        picking.move_ids.quantity = 10
        picking.move_ids.picked = True
        picking.button_validate()
        delivery = order.execution_step_ids.filtered(lambda s: s.step_type == "delivery")
        self.assertEqual(delivery.state, "done")

    def test_bad_numbers_and_dates_are_refused(self):
        order = self._order()
        step = order.execution_step_ids.filtered(lambda s: s.step_type == "acceptance")
        for vals in (
            {"percent": math.nan},
            {"percent": math.inf},
            {"percent": -5.0},
            {"planned_date": "1000-01-01"},
            {"planned_date": "9999-12-31"},
            {"actual_date": "1000-01-01"},
            {"step_type": "bogus"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    step.with_user(self.salesman).write(vals)
        line = self.template.line_ids[:1]
        for vals in (
            {"offset_days": -10},
            {"offset_days": 100000},
            {"percent": math.nan},
            {"step_type": ""},
            {"user_role": "boss"},
        ):
            with self.subTest(line=vals), self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    line.write(vals)

    def test_overdue_searches_refuse_bad_values(self):
        Step = self.env["sale.execution.step"]
        for domain in (
            [("overdue_days", ">", "abc")],
            [("overdue_days", ">", math.nan)],
            [("overdue_days", "like", 3)],
            [("is_overdue", "=", "maybe")],
            [("is_overdue", "in", [1])],
        ):
            with self.subTest(domain=domain), self.assertRaises(UserError):
                Step.search(domain)

    def test_step_invoice_falls_due_on_the_planned_date(self):
        order = self._order()
        order.payment_term_id = False
        on_delivery = order.execution_step_ids.filtered(lambda s: s.name == "On delivery")
        with freeze_time("2026-01-20"):
            on_delivery.action_create_invoice()
            invoice = on_delivery.invoice_ids
            self.assertEqual(invoice.invoice_date_due, on_delivery.planned_date)
            invoice.action_post()
        self.assertEqual(invoice.invoice_date_due, fields.Date.to_date("2026-02-19"))
        self.assertEqual(on_delivery.date_due, on_delivery.planned_date)
        receivable = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable.date_maturity, on_delivery.planned_date)
        with freeze_time("2026-03-01"):
            on_delivery.invalidate_recordset(["overdue_days", "is_overdue"])
            # both the plan and the receivable count 10 days
            self.assertEqual(on_delivery.overdue_days, 10)
            self.assertEqual(
                (fields.Date.today() - receivable.date_maturity).days, on_delivery.overdue_days
            )

    def test_payment_term_decides_and_the_step_follows_the_invoice(self):
        order = self._order()
        term = self.env.ref("account.account_payment_term_30days")
        order.payment_term_id = term
        advance = order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        with freeze_time("2026-01-15"):
            advance.action_create_invoice()
            invoice = advance.invoice_ids
            invoice.invoice_date = "2026-01-15"
            invoice.action_post()
        self.assertEqual(invoice.invoice_date_due, fields.Date.to_date("2026-02-14"))
        self.assertEqual(advance.date_due, invoice.invoice_date_due)
        with freeze_time("2026-02-20"):
            advance.invalidate_recordset(["overdue_days", "is_overdue"])
            self.assertEqual(advance.overdue_days, 6)

    def test_reads_see_writes_of_the_plan(self):
        order = self._order()
        step = order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        with freeze_time("2026-02-01"):
            self.assertEqual(
                self.env["sale.execution.step"].search(
                    [("id", "=", step.id), ("overdue_days", ">", 10)]
                ),
                step,
            )
            step.planned_date = "2026-01-30"
            # same transaction, not flushed yet: the search sees the new date
            self.assertFalse(
                self.env["sale.execution.step"].search(
                    [("id", "=", step.id), ("overdue_days", ">", 10)]
                )
            )

    def test_accountant_cannot_detach_posted_invoice(self):
        order = self._order()
        advance = self._posted_advance(order)
        accountant = new_test_user(
            self.env, login="exec_acc", groups="account.group_account_invoice"
        )
        with self.assertRaises(UserError):
            advance.invoice_ids.with_user(accountant).write({"execution_step_id": False})
        self.assertTrue(advance.invoice_ids)
