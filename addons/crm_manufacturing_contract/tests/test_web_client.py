from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestExecutionPlanWebClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        template = cls.env["sale.execution.template"].create(
            {
                "name": "Tour: full payment on acceptance",
                "line_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Acceptance",
                            "step_type": "acceptance",
                            "offset_days": 30,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Full payment",
                            "step_type": "payment",
                            "offset_days": 40,
                            "percent": 100,
                        }
                    ),
                ],
            }
        )
        customer = cls.env["res.partner"].create({"name": "Tour Plant Co.", "is_company": True})
        product = cls.env["product.product"].create(
            {
                "name": "Tour Press",
                "type": "service",
                "list_price": 50000.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "execution_template_id": template.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
            }
        )
        cls.order.action_confirm()

    def test_execution_plan_tab_marks_the_acceptance_done(self):
        self.assertEqual(len(self.order.execution_step_ids), 2)
        self.start_tour(
            f"/odoo/action-sale.action_orders/{self.order.id}",
            "crm_manufacturing_execution_plan_tour",
            login="admin",
        )
        acceptance = self.order.execution_step_ids.filtered(lambda s: s.step_type == "acceptance")
        self.assertEqual(acceptance.state, "done")
        self.assertEqual(acceptance.done_user_id, self.env.ref("base.user_admin"))
        self.assertEqual(acceptance.actual_date, fields.Date.today())
        self.assertEqual(self.order.execution_progress, 50.0)
