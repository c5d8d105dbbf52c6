from freezegun import freeze_time

from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_manufacturing.tests.common import CrmManufacturingMixin, make_users

ORDER_DATE = "2026-01-10 09:00:00"
# 30 % in advance, 60 % on delivery, 10 % retained: (name, step type, offset days, percent)
STEPS_30_60_10 = [
    ("Advance", "payment", 5, 30),
    ("Delivery", "delivery", 30, 0),
    ("On delivery", "payment", 40, 60),
    ("Retention", "retention", 400, 10),
]


def execution_template(env, name, steps):
    """An execution template whose lines are ``steps``, in that order:
    ``(name, step type, offset days, percent)``, with a dict of more values at the end
    where a line needs them."""
    return env["sale.execution.template"].create(
        {
            "name": name,
            "line_ids": [
                Command.create(
                    {
                        "sequence": sequence,
                        "name": step_name,
                        "step_type": step_type,
                        "offset_days": offset,
                        "percent": percent,
                        **(more[0] if more else {}),
                    }
                )
                for sequence, (step_name, step_type, offset, percent, *more) in enumerate(steps, 1)
            ],
        }
    )


class ExecutionFixtures(CrmManufacturingMixin):
    """Salespeople, two customers, a product and orders on an execution template, for
    AccountTestInvoicingCommon cases (tracking off)."""

    @classmethod
    def _setup_sales(cls, logins, product_name, customer_names, **product_values):
        """``cls.salesman``/``cls.other_rep`` (two salespeople of the company),
        ``cls.customer``/``cls.other_customer`` and ``cls.product``, sold at 1000."""
        cls.salesman, cls.other_rep = make_users(cls.env, *logins, company_id=cls.company.id)
        cls.customer, cls.other_customer = cls.env["res.partner"].create(
            [{"name": name, "is_company": True} for name in customer_names]
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": product_name,
                "type": "consu",
                "list_price": 1000,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
                **product_values,
            }
        )

    @classmethod
    def _order(cls, user=None, partner=None, confirm=True, **values):
        """An order of 10 products at 1000 on ``cls.template``, dated and confirmed on
        2026-01-10 (a quotation without ``confirm``)."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": (user or cls.salesman).id,
                "date_order": ORDER_DATE,
                "execution_template_id": cls.template.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 10, "price_unit": 1000}
                    )
                ],
                **values,
            }
        )
        if confirm:
            with freeze_time(ORDER_DATE):
                order.action_confirm()
        return order


class ExecutionCommon(ExecutionFixtures, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sales(
            ["exec_rep", "exec_rep2"],
            "Press line",
            ["Plant Co", "Other Plant Co"],
            is_storable=True,
        )
        [cls.installer] = make_users(
            cls.env, "installer", groups="base.group_user", company_id=cls.company.id
        )
        acceptance = (
            "Acceptance",
            "acceptance",
            60,
            0,
            {"user_role": "user", "user_id": cls.installer.id},
        )
        cls.template = execution_template(
            cls.env, "30/60/10", [*STEPS_30_60_10[:3], acceptance, STEPS_30_60_10[3]]
        )

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()
