from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import execution_template


@tagged("post_install", "-at_install")
class TestExecutionPlanWebClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        template = execution_template(
            cls.env,
            "Tour: full payment on acceptance",
            [("Acceptance", "acceptance", 30, 0), ("Full payment", "payment", 40, 100)],
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


@tagged("post_install", "-at_install")
class TestCollectionPlanPivot(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="pivot_rep", groups="sales_team.group_sale_salesman"
        )
        template = execution_template(
            cls.env, "Tour: 50/50", [("Advance", "payment", 0, 50), ("Balance", "payment", 30, 50)]
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Pivot Plant Co.", "is_company": True}
        )
        product = cls.env["product.product"].create(
            {"name": "Tour Lathe", "type": "service", "list_price": 8000.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": cls.salesman.id,
                "execution_template_id": template.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
            }
        )
        cls.order.action_confirm()

    def test_collection_plan_pivot_exports_to_excel(self):
        files = self.env["crm.manufacturing.xlsx.file"]
        before = files.search([]).ids
        self.start_tour(
            "/odoo/action-crm_manufacturing_contract.sale_execution_step_action_collection",
            "crm_manufacturing_collection_plan_pivot_tour",
            login="pivot_rep",
        )
        exported = files.search([("id", "not in", before)])
        self.assertEqual(len(exported), 1)
        self.assertEqual(exported.create_uid, self.salesman)
        self.assertEqual(exported.name, "collection_plan.xlsx")
