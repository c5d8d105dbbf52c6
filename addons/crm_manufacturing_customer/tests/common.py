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


def setup_customer_360(cls, prefix, name, **user_values):
    """The people and customers of a Customer 360 block test (the glue modules' tests), set
    on ``cls``: ``salesman`` (the customer's salesperson), ``other_rep`` (another salesperson),
    ``employee`` (no sales rights), the company ``customer`` ("<name> Plant"), its contact
    ``buyer`` and ``other_customer``; logins start with ``prefix``."""
    cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
    salesman = "sales_team.group_sale_salesman"
    cls.salesman = new_test_user(cls.env, login=f"{prefix}_rep", groups=salesman, **user_values)
    cls.other_rep = new_test_user(cls.env, login=f"{prefix}_rep2", groups=salesman, **user_values)
    cls.employee = new_test_user(
        cls.env, login=f"{prefix}_employee", groups="base.group_user", **user_values
    )
    Partner = cls.env["res.partner"]
    cls.customer = Partner.create(
        {"name": f"{name} Plant", "is_company": True, "user_id": cls.salesman.id}
    )
    cls.buyer = Partner.create({"name": f"{name} Buyer", "parent_id": cls.customer.id})
    cls.other_customer = Partner.create({"name": f"Other {name} Plant", "is_company": True})
