from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_manufacturing.tests.common import (
    DEMO_MACHINES,
    DEMO_OPEN_DEALS,
    demo_record_or_skip,
    demo_records,
)


@tagged("post_install", "-at_install")
class TestContractDemo(TransactionCase):
    """The demo orders sell machines, and Ningbo's installment plan adds up (demo data only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = demo_record_or_skip(cls.env, "crm_manufacturing_contract.demo_order_press_line")
        cls.machines = demo_records(cls.env, "product.product", DEMO_MACHINES)

    def test_orders_sell_machines(self):
        orders = (
            self.order
            | self.env.ref("crm_manufacturing_contract.demo_order_packaging_line")
            | self.env.ref("crm_manufacturing_contract.demo_quotation_smt")
        )
        products = orders.order_line.product_id
        self.assertTrue(products)
        self.assertLessEqual(products, self.machines)
        self.assertEqual(orders.currency_id, self.env.ref("base.CNY"))

    def test_ningbo_installment_plan_is_consistent(self):
        order = self.order
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            order.opportunity_id, self.env.ref("crm_manufacturing.demo_lead_won_press_line")
        )
        # the price includes the 13 % VAT
        self.assertAlmostEqual(order.amount_total, 1800000)
        self.assertAlmostEqual(order.amount_tax, 1800000 * 13 / 113, places=2)
        money = order.execution_step_ids.filtered(lambda step: step.percent)
        self.assertEqual(money.mapped("percent"), [30, 60, 10])
        self.assertAlmostEqual(sum(money.mapped("amount")), order.amount_total)
        # the two first installments are invoiced and posted, 300,000 of the advance is paid
        invoices = money.invoice_ids
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        for step in money:
            with self.subTest(step=step.name):
                self.assertAlmostEqual(
                    sum(step.invoice_ids.mapped("amount_total")),
                    step.amount if step.invoice_ids else 0,
                )
        self.assertAlmostEqual(sum(invoices.mapped("amount_total")), 1620000)
        self.assertAlmostEqual(sum(money.mapped("amount_paid")), 300000)
        self.assertAlmostEqual(sum(invoices.mapped("amount_residual")), 1320000)
        self.assertEqual(invoices.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(order.company_id.execution_template_id, order.execution_template_id)

    def test_the_cash_forecast_weighs_the_machine_deals(self):
        deals = demo_records(self.env, "crm.lead", DEMO_OPEN_DEALS)
        rows = self.env["crm.cash.forecast"].search(
            [("source", "=", "pipeline"), ("lead_id", "in", deals.ids)]
        )
        self.assertEqual(rows.lead_id, deals)
        for deal in deals:
            with self.subTest(deal=deal.name):
                amount = sum(
                    rows.filtered(lambda row, deal=deal: row.lead_id == deal).mapped("amount")
                )
                self.assertAlmostEqual(
                    amount, deal.expected_revenue * deal.probability / 100, places=0
                )
