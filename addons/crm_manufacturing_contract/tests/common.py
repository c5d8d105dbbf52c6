from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class ExecutionCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.salesman = new_test_user(
            cls.env,
            login="exec_rep",
            groups="sales_team.group_sale_salesman",
            company_id=cls.env.company.id,
        )
        cls.other_rep = new_test_user(
            cls.env,
            login="exec_rep2",
            groups="sales_team.group_sale_salesman",
            company_id=cls.env.company.id,
        )
        cls.installer = new_test_user(
            cls.env, login="installer", groups="base.group_user", company_id=cls.env.company.id
        )
        cls.customer = cls.env["res.partner"].create({"name": "Plant Co", "is_company": True})
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Plant Co", "is_company": True}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Press line",
                "type": "consu",
                "is_storable": True,
                "list_price": 1000,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.template = cls.env["sale.execution.template"].create(
            {
                "name": "30/60/10",
                "line_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Advance",
                            "step_type": "payment",
                            "offset_days": 5,
                            "percent": 30,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Delivery",
                            "step_type": "delivery",
                            "offset_days": 30,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "name": "On delivery",
                            "step_type": "payment",
                            "offset_days": 40,
                            "percent": 60,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 4,
                            "name": "Acceptance",
                            "step_type": "acceptance",
                            "offset_days": 60,
                            "user_role": "user",
                            "user_id": cls.installer.id,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 5,
                            "name": "Retention",
                            "step_type": "retention",
                            "offset_days": 400,
                            "percent": 10,
                        }
                    ),
                ],
            }
        )

    def _order(self, user=None, partner=None, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": (partner or self.customer).id,
                "user_id": (user or self.salesman).id,
                "date_order": "2026-01-10 09:00:00",
                "execution_template_id": self.template.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 10, "price_unit": 1000}
                    )
                ],
            }
        )
        if confirm:
            with freeze_time("2026-01-10 09:00:00"):
                order.action_confirm()
        return order

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()
