from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestCreditExposure(AccountTestInvoicingCommon):
    """Exposure = open receivables + draft invoices + per confirmed order line,
    max(ordered, delivered) - invoiced (drafts included), tax included; an order never
    lowers it (down payments)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "VAT 10 (credit test)",
                "amount": 10,
                "type_tax_use": "sale",
                "company_id": cls.env.company.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Exposure Machinery Co", "is_company": True}
        )
        cls.customer.credit_limit = 1000000

        def product(name, policy):
            # manual delivered quantities: the module does not depend on stock (the
            # deliveries of goods are tested in crm_manufacturing_credit_stock)
            return cls.env["product.product"].create(
                {
                    "name": name,
                    "type": "service",
                    "service_type": "manual",
                    "invoice_policy": policy,
                    "list_price": 100,
                    "taxes_id": [Command.set(cls.tax.ids)],
                }
            )

        cls.on_delivery = product("Press (invoiced on delivery)", "delivery")
        cls.on_order = product("Die set (invoiced on order)", "order")

    def _order(self, product, qty, price=100.0, taxes=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_id": [Command.set((taxes if taxes is not None else self.tax).ids)],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _exposure(self):
        self.customer.invalidate_recordset()
        return self.customer.credit_exposure

    def _pay(self, move, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount, "payment_date": "2026-06-30"})._create_payments()

    def test_goods_invoiced_on_delivery_count_from_the_confirmation(self):
        self._order(self.on_delivery, 10)  # nothing delivered yet: Odoo's "to invoice" is 0
        self.assertAlmostEqual(self._exposure(), 1100.0, places=2)

    def test_partial_delivery_and_draft_posted_cancelled_invoices(self):
        order = self._order(self.on_delivery, 10)
        order.order_line.qty_delivered = 4
        self.assertAlmostEqual(self._exposure(), 1100.0, places=2)
        invoice = order._create_invoices()  # draft, the 4 delivered: counted once
        self.assertAlmostEqual(invoice.amount_total, 440.0, places=2)
        self.assertAlmostEqual(self._exposure(), 1100.0, places=2)
        invoice.action_post()  # 440 open + 6 left on the order
        self.assertAlmostEqual(self._exposure(), 1100.0, places=2)
        self._pay(invoice, 240.0)
        self.assertAlmostEqual(self._exposure(), 860.0, places=2)
        order.order_line.qty_delivered = 12  # delivered beyond the order
        self.assertAlmostEqual(self._exposure(), 1080.0, places=2)  # 200 open + 8 × 110
        invoice.button_draft()
        invoice.button_cancel()  # the payment stays as an unreconciled credit of 240
        self.assertAlmostEqual(self._exposure(), 12 * 110.0 - 240.0, places=2)

    def test_invoice_of_an_order_counted_once_while_draft(self):
        order = self._order(self.on_order, 5)
        self.assertAlmostEqual(self._exposure(), 550.0, places=2)
        invoice = order._create_invoices()
        self.assertEqual(invoice.state, "draft")
        self.assertAlmostEqual(self._exposure(), 550.0, places=2)
        invoice.action_post()
        self.assertAlmostEqual(self._exposure(), 550.0, places=2)
        self._pay(invoice, 550.0)
        self.assertAlmostEqual(self._exposure(), 0.0, places=2)

    def test_draft_invoice_without_order_counts(self):
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": "2026-06-30",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Repair",
                            "quantity": 1,
                            "price_unit": 300,
                            "tax_ids": self.tax.ids,
                        }
                    )
                ],
            }
        )
        self.assertAlmostEqual(self._exposure(), 330.0, places=2)

    def test_cancelled_order_does_not_count(self):
        order = self._order(self.on_order, 5)
        order._action_cancel()
        self.assertAlmostEqual(self._exposure(), 0.0, places=2)

    def test_installments_through_down_payments_keep_the_order_total(self):
        """A 30/60/10 plan of 10,000 invoiced through Odoo's down payments (as the contract
        module's execution plan does): the exposure stays 10,000 until paid, never less."""
        order = self._order(self.on_delivery, 1, price=10000.0, taxes=self.env["account.tax"])
        self.assertAlmostEqual(self._exposure(), 10000.0, places=2)
        invoices = self.env["account.move"]
        for amount in (3000.0, 6000.0, 1000.0):
            wizard = (
                self.env["sale.advance.payment.inv"]
                .with_context(active_model="sale.order", active_ids=order.ids)
                .create(
                    {
                        "advance_payment_method": "fixed",
                        "fixed_amount": amount,
                        "sale_order_ids": order.ids,
                    }
                )
            )
            invoice = wizard._create_invoices(order)
            self.assertAlmostEqual(invoice.amount_total, amount, places=2)
            self.assertAlmostEqual(self._exposure(), 10000.0, places=2, msg="draft installment")
            invoice.action_post()
            self.assertAlmostEqual(self._exposure(), 10000.0, places=2, msg="posted installment")
            invoices |= invoice
        self._pay(invoices[0], 1500.0)  # half of the first installment
        self.assertAlmostEqual(self._exposure(), 8500.0, places=2)
        for invoice in invoices:
            self._pay(invoice, invoice.amount_residual)
        self.assertAlmostEqual(self._exposure(), 0.0, places=2)

    def test_down_payments_beyond_the_order_never_make_the_exposure_negative(self):
        order = self._order(self.on_order, 1, price=1000.0, taxes=self.env["account.tax"])
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create(
                {
                    "advance_payment_method": "fixed",
                    "fixed_amount": 800.0,
                    "sale_order_ids": order.ids,
                }
            )
        )
        invoice = wizard._create_invoices(order)
        invoice.action_post()
        self._pay(invoice, 800.0)
        order.order_line.filtered(lambda line: not line.is_downpayment).product_uom_qty = 0.5
        self.assertAlmostEqual(self._exposure(), 0.0, places=2)
