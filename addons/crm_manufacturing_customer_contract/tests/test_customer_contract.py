from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing_customer.tests.common import setup_customer_360


@tagged("post_install", "-at_install")
class TestCustomerContract360(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_customer_360(cls, "c360", "Plan")
        cls.product = cls.env["product.product"].create(
            {"name": "Press", "type": "consu", "list_price": 1000, "taxes_id": [Command.clear()]}
        )
        # sequence, name, type, days after confirmation, percent of the order
        steps = [
            (1, "Advance", "payment", 5, 30),
            (2, "Installation", "installation", 30, 0),
            (3, "Final", "payment", 200, 70),
        ]
        cls.template = cls.env["sale.execution.template"].create(
            {
                "name": "30/60/10",
                "line_ids": [
                    Command.create(
                        {"sequence": sequence, "name": name, "step_type": kind, "offset_days": days}
                        | ({"percent": percent} if percent else {})
                    )
                    for sequence, name, kind, days, percent in steps
                ],
            }
        )
        # ordered by a contact of the customer: counts for the company
        cls.order = cls._order(cls.buyer)
        cls.other_order = cls._order(cls.other_customer)
        cls.advance = cls.order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        cls.installation = cls.order.execution_step_ids.filtered(lambda s: s.name == "Installation")
        cls.final = cls.order.execution_step_ids.filtered(lambda s: s.name == "Final")

    @classmethod
    def _order(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.salesman.id,
                "execution_template_id": cls.template.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 10, "price_unit": 1000}
                    )
                ],
            }
        )
        with freeze_time("2026-01-10 09:00:00"):
            order.action_confirm()
        return order

    def _as(self, user):
        self.env.invalidate_all()  # a new request, as the web client's
        return self.customer.with_user(user)

    @freeze_time("2026-03-01")
    def test_block_lists_open_plans_and_overdue_steps_and_installments(self):
        customer = self._as(self.salesman)
        self.assertEqual(len(self.order.execution_step_ids), 3)
        # the advance (due 15 Jan) and the installation (30 Jan... 9 Feb) are late, the final
        # installment (due end of July) is not; the other customer's plan is not shown
        self.assertEqual(
            customer.customer_overdue_step_ids.ids, (self.advance | self.installation).ids
        )
        self.assertEqual(customer.customer_overdue_step_count, 2)
        self.assertEqual(customer.customer_overdue_installment_count, 1)
        self.assertIn(self.order, customer.customer_execution_order_ids)
        self.assertNotIn(self.other_order, customer.customer_execution_order_ids)
        # a contact's form shows its company's block
        self.assertEqual(
            self.buyer.with_user(self.salesman).customer_overdue_step_ids,
            customer.customer_overdue_step_ids,
        )

    @freeze_time("2026-03-01")
    def test_done_steps_leave_the_overdue_list(self):
        self.installation.action_done()
        customer = self._as(self.salesman)
        self.assertEqual(customer.customer_overdue_step_ids, self.advance)
        self.assertEqual(customer.customer_overdue_installment_count, 1)

    @freeze_time("2026-03-01")
    def test_block_links_open_the_customer_steps(self):
        customer = self._as(self.salesman)
        action = customer.action_open_customer_overdue_steps()
        self.assertEqual(action["res_model"], "sale.execution.step")
        self.assertEqual(action["context"], {"search_default_overdue": 1})
        Step = self.env["sale.execution.step"].with_user(self.salesman)
        self.assertEqual(
            Step.search(action["domain"] + [("is_overdue", "=", True)]),
            self.advance | self.installation,
        )
        action = customer.action_open_customer_execution_steps()
        self.assertEqual(Step.search(action["domain"]), self.order.execution_step_ids)
        self.assertIn("Plan Plant", action["name"])

    @freeze_time("2026-03-01")
    def test_other_salesperson_sees_no_plan_of_orders_they_may_not_read(self):
        customer = self._as(self.other_rep)
        self.assertFalse(customer.customer_overdue_step_ids)
        self.assertFalse(customer.customer_execution_order_ids)
        self.assertEqual(customer.customer_overdue_step_count, 0)

    def test_users_without_plan_rights_cannot_read_the_block(self):
        customer = self._as(self.employee)
        self.assertTrue(customer.name)
        for name in (
            "customer_overdue_step_ids",
            "customer_execution_order_ids",
            "customer_overdue_installment_count",
        ):
            with self.subTest(field=name), self.assertRaises(AccessError):
                customer.read([name])

    def test_form_shows_the_block_to_salespeople_only(self):
        arch = self.env["res.partner"].with_user(self.salesman).get_views([(False, "form")])
        arch = arch["views"]["form"]["arch"]
        self.assertIn('name="customer_360_execution"', arch)
        self.assertIn("action_open_customer_overdue_steps", arch)
        arch = self.env["res.partner"].with_user(self.employee).get_views([(False, "form")])
        self.assertNotIn("customer_overdue_step_ids", arch["views"]["form"]["arch"])
