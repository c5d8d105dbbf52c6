from odoo import _, api, fields, models

from odoo.addons.crm_manufacturing_credit.models.credit_privilege import CREDIT_READERS

OPEN_PAYMENT_STATES = ("not_paid", "partial", "in_payment")
BLOCK = {"compute": "_compute_customer_receivables", "groups": CREDIT_READERS}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Customer 360: the receivables are credit figures, read by the credit readers only
    # (field groups); the search runs as the reader, so invoice record rules apply
    customer_receivable_ids = fields.Many2many(
        "account.move",
        string="Open Receivables",
        help="Posted customer invoices of the customer not fully paid, oldest due first.",
        **BLOCK,
    )
    customer_receivable_count = fields.Integer(string="Open Invoices", **BLOCK)
    customer_overdue_invoice_count = fields.Integer(string="Overdue Invoices", **BLOCK)

    @api.model
    def _customer_receivable_domain(self, customers):
        return [
            ("partner_id", "child_of", customers.ids),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", OPEN_PAYMENT_STATES),
        ]

    @api.depends_context("uid", "company", "allowed_company_ids")
    def _compute_customer_receivables(self):
        today = fields.Date.context_today(self)
        commercial = self.commercial_partner_id
        moves = self.env["account.move"].search(
            self._customer_receivable_domain(commercial),
            order="invoice_date_due, id",
        )
        by_customer = moves.grouped("commercial_partner_id")
        for partner in self:
            mine = by_customer.get(partner.commercial_partner_id, moves.browse())
            partner.customer_receivable_ids = mine
            partner.customer_receivable_count = len(mine)
            partner.customer_overdue_invoice_count = len(
                mine.filtered(lambda m: m.invoice_date_due and m.invoice_date_due < today)
            )

    def action_open_customer_receivables(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["name"] = _("Open Receivables of %(name)s", name=customer.display_name)
        action["domain"] = self._customer_receivable_domain(customer)
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_open_customer_credit_risk(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing_credit.credit_risk_report_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["view_mode"] = "list"
        action["views"] = [(False, "list")]
        return action
