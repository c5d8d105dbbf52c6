from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.crm_manufacturing_contract.tests.common import execution_template
from odoo.addons.crm_manufacturing_service.tests.common import ServiceCase


@tagged("post_install", "-at_install")
class TestInstalledBaseFromPlan(ServiceCase):
    """Sell, deliver, install, accept, claim, retention, cash: in the order a user lives it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.service_warranty_start = "acceptance"
        cls.machine.write({"invoice_policy": "order", "taxes_id": [Command.clear()]})
        cls.template = execution_template(
            cls.env,
            "Press line plan",
            [
                ("Advance", "payment", 0, 30),
                ("Delivery", "delivery", 10, 0),
                ("Installation", "installation", 20, 0),
                ("Acceptance", "acceptance", 30, 0),
                ("On acceptance", "payment", 40, 60),
                ("Retention", "retention", 400, 10),
            ],
        )
        cls.lot = cls.env["stock.lot"].create({"name": "PL-0001", "product_id": cls.machine.id})
        cls.env["stock.quant"]._update_available_quantity(
            cls.machine, cls.stock_location, 1, lot_id=cls.lot
        )

    def _sell_and_deliver(self):
        with freeze_time("2026-01-10 09:00:00"):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesman.id,
                    "execution_template_id": self.template.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.machine.id,
                                "product_uom_qty": 1,
                                "price_unit": 1000000.0,
                            }
                        )
                    ],
                }
            )
            order.action_confirm()
        with freeze_time("2026-01-20 09:00:00"):
            picking = order.picking_ids
            picking.action_assign()
            picking.move_ids.picked = True
            picking.button_validate()
        equipment = self.env["service.equipment"].search([("lot_id", "=", self.lot.id)])
        self.assertEqual(equipment.sale_order_id, order)
        return order, equipment

    def _step(self, order, step_type):
        return order.execution_step_ids.filtered(lambda s: s.step_type == step_type)

    def _finish(self, equipment, request_type, when):
        with freeze_time(when):
            request = self._request(
                equipment,
                user=self.technician_a,
                technician_id=self.technician_a.id,
                request_type=request_type,
            )
            request.action_assign()
            request.action_start()
            request.action_done()
        return request

    def test_the_life_of_a_press_line(self):
        order, equipment = self._sell_and_deliver()
        # delivered, not accepted: the warranty has not started, service is on us
        self.assertFalse(equipment.warranty_start_date)
        self.assertEqual(equipment.warranty_state, "not_started")
        self.assertIn(
            equipment,
            self.env["service.equipment"].search([("warranty_state", "=", "not_started")]),
        )
        self.assertNotIn(
            equipment, self.env["service.equipment"].search([("warranty_state", "=", "expired")])
        )
        with freeze_time("2026-02-01 10:00:00"):
            claim = self._request(equipment, user=self.technician_a)
            self.assertTrue(claim.in_warranty)
            self.assertFalse(claim.billable)
            # an open repair under warranty puts the retention at risk (checked below)
            claim.action_cancel()

        # the installation request completes the installation step on its date
        installation = self._finish(equipment, "installation", "2026-02-10 15:00:00")
        step = self._step(order, "installation")
        self.assertEqual(step.state, "done")
        self.assertEqual(step.actual_date, fields.Date.to_date("2026-02-10"))
        self.assertEqual(step.service_request_id, installation)
        self.assertEqual(equipment.install_date, fields.Date.to_date("2026-02-10"))
        self.assertEqual(equipment.warranty_state, "not_started")

        # acceptance starts the twelve months of warranty
        with freeze_time("2026-03-01 10:00:00"):
            self._step(order, "acceptance").action_done()
        self.assertEqual(equipment.warranty_start_date, fields.Date.to_date("2026-03-01"))
        self.assertEqual(equipment.warranty_end_date, fields.Date.to_date("2027-03-01"))
        with freeze_time("2026-06-01"):
            equipment.invalidate_recordset(["warranty_state"])
            self.assertEqual(equipment.warranty_state, "in_warranty")

        # the retention falls due when the warranty ends, and moves with it
        retention = self._step(order, "retention")
        self.assertEqual(retention.planned_date, fields.Date.to_date("2027-03-01"))
        equipment.with_user(self.manager).warranty_extension_months = 6
        self.assertEqual(retention.planned_date, fields.Date.to_date("2027-09-01"))

        # a repair under warranty puts the retention at risk until it is done
        self.assertFalse(retention.retention_at_risk)
        with freeze_time("2026-06-01 10:00:00"):
            repair = self._request(
                equipment, user=self.technician_a, technician_id=self.technician_a.id
            )
            retention.invalidate_recordset(["retention_at_risk"])
            self.assertTrue(retention.retention_at_risk)
            Step = self.env["sale.execution.step"]
            self.assertEqual(Step.search([("retention_at_risk", "=", True)]), retention)
            self.assertNotIn(retention, Step.search([("retention_at_risk", "=", False)]))
            repair.action_assign()
            repair.action_start()
            repair.action_done()
            retention.invalidate_recordset(["retention_at_risk"])
            self.assertFalse(retention.retention_at_risk)

        # finance sees the retention in the cash forecast on the warranty's end
        with freeze_time("2026-06-01 10:00:00"):
            cash = self.env["crm.cash.forecast"].search([("step_id", "=", retention.id)])
            self.assertEqual(
                (cash.date, cash.amount), (fields.Date.to_date("2027-09-01"), 100000.0)
            )

    def test_delivery_mode_keeps_todays_rule(self):
        self.company.service_warranty_start = "delivery"
        order, equipment = self._sell_and_deliver()
        self.assertEqual(equipment.warranty_start_date, fields.Date.to_date("2026-01-20"))
        self.assertEqual(equipment.warranty_end_date, fields.Date.to_date("2027-01-20"))
        self.assertEqual(
            self._step(order, "retention").planned_date, fields.Date.to_date("2027-01-20")
        )

    def test_installation_mode_starts_with_the_installation_step(self):
        self.company.service_warranty_start = "installation"
        order, equipment = self._sell_and_deliver()
        self.assertEqual(equipment.warranty_state, "not_started")
        with freeze_time("2026-02-15 10:00:00"):
            self._step(order, "installation").action_done()
        self.assertEqual(equipment.install_date, fields.Date.to_date("2026-02-15"))
        self.assertEqual(equipment.warranty_start_date, fields.Date.to_date("2026-02-15"))
        self.assertEqual(equipment.warranty_end_date, fields.Date.to_date("2027-02-15"))
