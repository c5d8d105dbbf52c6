"""Demo data of the credit module, called from demo/crm_manufacturing_credit_demo.xml only
(like Odoo's account/demo/account_demo.py): the production models carry no demo code."""

from datetime import timedelta

from odoo import Command, api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.model
    def _demo_credit_data(self):
        """Demo: limits and invoices of various ages so that the demo customers span the
        grades (A to E) and one is on hold. Skipped when the company has no sales journal."""
        company = self.env.company
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            return
        today = fields.Date.context_today(self)
        profiles = [
            # customer xml id, credit limit, [(amount, days overdue)], manual hold
            # aimed at the grades A, B, C, D and E (before any confirmed order of other demos)
            (
                "crm_manufacturing_credit.demo_customer_grade_a",
                2000000,
                [(180000, -20), (95000, -5)],
                False,
            ),
            (
                "crm_manufacturing.demo_customer_electronics",
                1500000,
                [(300000, -10), (100000, 10)],
                False,
            ),
            (
                "crm_manufacturing_credit.demo_customer_grade_c",
                800000,
                [(300000, -3), (100000, 20), (40000, 40)],
                False,
            ),
            (
                "crm_manufacturing_credit.demo_customer_grade_d",
                1000000,
                [(200000, -15), (300000, 70)],
                False,
            ),
            (
                "crm_manufacturing_credit.demo_customer_grade_e",
                500000,
                [(300000, 150), (260000, 95)],
                True,
            ),
        ]
        for xmlid, limit, invoices, hold in profiles:
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if not partner:
                continue
            partner.credit_limit = limit
            moves = self.create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "journal_id": journal.id,
                        "invoice_date": today - timedelta(days=max(days, 0) + 30),
                        "invoice_date_due": today - timedelta(days=days),
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "生产线设备",
                                    "quantity": 1,
                                    "price_unit": amount,
                                    "tax_ids": [],
                                }
                            )
                        ],
                    }
                    for amount, days in invoices
                ]
            )
            moves.action_post()
            if hold:
                partner.write(
                    {
                        "credit_hold": True,
                        "credit_hold_reason": "多次未兑现付款承诺",
                    }
                )
