from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ExecutionCommon


@tagged("post_install", "-at_install")
class TestExecutionPlan(ExecutionCommon):
    def test_template_applied_at_confirmation(self):
        order = self._order()
        steps = order.execution_step_ids.sorted("sequence")
        self.assertEqual(
            steps.mapped("name"), ["Advance", "Delivery", "On delivery", "Acceptance", "Retention"]
        )
        self.assertEqual(str(steps[0].planned_date), "2026-01-15")
        self.assertEqual(steps[0].amount, 3000.0)
        self.assertEqual(steps[4].amount, 1000.0)
        self.assertEqual(steps[0].user_id, self.salesman)
        self.assertEqual(steps[3].user_id, self.installer)
        self.assertEqual(order.execution_progress, 0.0)
        self.assertEqual(order.execution_next_step_id, steps[0])

    def test_percent_rule(self):
        order = self._order()
        step = order.execution_step_ids.filtered(lambda s: s.name == "Retention")
        with self.assertRaisesRegex(ValidationError, "95"):
            step.percent = 5
        quotation = self._order(confirm=False)
        with self.assertRaisesRegex(ValidationError, "50"):
            quotation.execution_step_ids = [
                Command.create({"name": "Half", "step_type": "payment", "percent": 50})
            ]
        with self.assertRaises(ValidationError):
            self.env["sale.execution.template"].create(
                {
                    "name": "bad",
                    "line_ids": [
                        Command.create({"name": "x", "step_type": "payment", "percent": 90})
                    ],
                }
            )

    def test_invoice_a_step_and_payments_complete_it(self):
        order = self._order()
        advance = order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        advance.with_user(self.salesman).action_create_invoice()
        invoice = advance.invoice_ids
        self.assertEqual(invoice.amount_total, 3000.0)
        self.assertEqual(advance.state, "in_progress")
        invoice.action_post()
        # the order's invoiced amounts stay right: a down payment of 3000 on 10000
        self.assertEqual(order.amount_invoiced, 3000.0)
        self.assertEqual(
            (advance.amount_invoiced, advance.amount_paid, advance.amount_due),
            (3000.0, 0.0, 3000.0),
        )
        self._pay(invoice, 1000)
        self.assertEqual(
            (advance.amount_paid, advance.amount_due, advance.state),
            (1000.0, 2000.0, "in_progress"),
        )
        self._pay(invoice, 2000)
        self.assertEqual((advance.amount_due, advance.state), (0.0, "done"))
        self.assertTrue(advance.actual_date)
        with self.assertRaises(UserError):
            advance.action_create_invoice()

    def test_delivery_step_done_from_validated_transfer(self):
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.env.ref("stock.stock_location_stock"), 10
        )
        order = self._order()
        delivery = order.execution_step_ids.filtered(lambda s: s.step_type == "delivery")
        picking = order.picking_ids
        self.assertEqual(delivery.state, "planned")
        picking.move_ids.quantity = 10
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.actual_date, fields.Date.today())

    def test_acceptance_button_records_date_and_user(self):
        order = self._order()
        acceptance = order.execution_step_ids.filtered(lambda s: s.step_type == "acceptance")
        acceptance.with_user(self.salesman).action_done()
        self.assertEqual((acceptance.state, acceptance.done_user_id), ("done", self.salesman))
        self.assertEqual(acceptance.actual_date, fields.Date.today())
        self.assertEqual(order.execution_progress, 20.0)
        money = order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        with self.assertRaises(UserError):
            money.action_done()

    def test_overdue_detection_and_single_activity(self):
        order = self._order()
        with freeze_time("2026-02-01"):
            overdue = self.env["sale.execution.step"].search(
                [("order_id", "=", order.id), ("is_overdue", "=", True)]
            )
            self.assertEqual(overdue.mapped("name"), ["Advance"])
            self.assertEqual(overdue.overdue_days, 17)
            self.assertEqual(
                self.env["sale.execution.step"].search(
                    [("order_id", "=", order.id), ("overdue_days", ">", 10)]
                ),
                overdue,
            )
            self.assertEqual(order.collection_overdue_amount, 3000.0)
            Step = self.env["sale.execution.step"]
            Step._cron_overdue_activities()
            Step._cron_overdue_activities()
            self.assertEqual(len(overdue.activity_ids), 1)
            self.assertEqual(overdue.activity_ids.user_id, self.salesman)

    def test_accountant_link_and_refusal_across_partners(self):
        order = self._order()
        step = order.execution_step_ids.filtered(lambda s: s.name == "On delivery")
        invoice = self.init_invoice("out_invoice", partner=self.customer, amounts=[6000], taxes=[])
        invoice.execution_step_id = step
        invoice.action_post()
        self.assertEqual(step.amount_invoiced, 6000.0)
        foreign = self.init_invoice(
            "out_invoice", partner=self.other_customer, amounts=[10], taxes=[]
        )
        with self.assertRaisesRegex(ValidationError, "Other Plant Co"):
            foreign.execution_step_id = step
        delivery = order.execution_step_ids.filtered(lambda s: s.step_type == "delivery")
        with self.assertRaises(ValidationError):
            invoice.copy().execution_step_id = delivery

    def test_steps_with_posted_invoices_are_protected(self):
        order = self._order()
        advance = order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        advance.action_create_invoice()
        advance.invoice_ids.action_post()
        with self.assertRaises(UserError):
            advance.unlink()
        with self.assertRaises(UserError):
            advance.action_cancel()
        acceptance = order.execution_step_ids.filtered(lambda s: s.step_type == "acceptance")
        acceptance.action_done()
        advance.invoice_ids.button_draft()
        advance.invoice_ids.button_cancel()
        order._action_cancel()
        self.assertEqual(acceptance.state, "done")
        self.assertEqual(
            set((order.execution_step_ids - acceptance).mapped("state")), {"cancelled"}
        )

    def test_salesperson_cannot_touch_steps_of_orders_they_cannot_see(self):
        order = self._order(user=self.other_rep)
        step = order.execution_step_ids[:1]
        with self.assertRaises(AccessError):
            step.with_user(self.salesman).write({"note": "hello"})
        self.assertFalse(
            self.env["sale.execution.step"]
            .with_user(self.salesman)
            .search([("order_id", "=", order.id)])
        )
        step.with_user(self.other_rep).write({"note": "mine"})

    def test_collection_plan_rows_and_export(self):
        self._order()
        rows = self.env["sale.execution.step"]._collection_plan_rows(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(
            [(r[0], r[2], r[3]) for r in rows],
            [("2026-01", 1, 3000.0), ("2026-02", 1, 6000.0), ("2027-02", 1, 1000.0)],
        )
        self.assertEqual(
            self.env["sale.execution.step"].action_export_collection_plan()["type"],
            "ir.actions.act_url",
        )

    def test_amounts_in_constant_queries(self):
        orders = [self._order() for _i in range(6)]
        few = orders[0].execution_step_ids
        many = self.env["sale.execution.step"].search([("order_id", "in", [o.id for o in orders])])
        counts = []
        for steps in (many, few, many):  # the first run warms the caches up
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            steps._compute_amounts()
            counts.append(self.env.cr.sql_log_count - before)
        # six orders cost no more queries than one, and only a handful
        self.assertLessEqual(counts[2], counts[1])
        self.assertLessEqual(counts[2], 12)
        # the same through the ORM's recomputation (what a payment run triggers), stored
        # with one UPDATE, and the overdue figures read without further queries
        counts = []
        for steps in (many, few, many):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            for fname in ("amount_invoiced", "amount_paid", "amount_due"):
                self.env.add_to_compute(steps._fields[fname], steps)
            self.env.flush_all()
            steps.mapped("is_overdue")
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[2], counts[1])
        self.assertLessEqual(counts[2], 8)
        self.env.invalidate_all()
        paid = many.filtered(lambda s: s.is_money_step)
        self.assertTrue(all(s.amount_due == s.amount for s in paid))

    def test_apply_template_from_the_form(self):
        order = self._order(confirm=False)
        order.execution_template_id = False
        with Form(order) as form:
            form.execution_template_id = self.template
        order.action_apply_execution_template()
        self.assertEqual(len(order.execution_step_ids), 5)
