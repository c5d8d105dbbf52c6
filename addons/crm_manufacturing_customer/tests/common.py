from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class CustomerCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.company.write(
            {"crm_dormant_months": 24, "crm_rfm_years": 3, "crm_profile_min_completeness": 80}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="customer_salesman",
            groups="sales_team.group_sale_salesman",
            name="Customer Salesman",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Lathe", "type": "consu", "list_price": 1000.0, "taxes_id": False}
        )

    @classmethod
    def _order(cls, partner, amount, when=None, confirm=True):
        """A confirmed order of ``amount`` (untaxed), confirmed at ``when`` (a date string)."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": False,
                        }
                    )
                ],
            }
        )
        if confirm:
            if when:
                with freeze_time(datetime.fromisoformat(when)):
                    order.action_confirm()
            else:
                order.action_confirm()
        return order
