from odoo import _, api, fields, models

from odoo.addons.crm_manufacturing_contract.models.sale_order import PLAN_GROUPS

OPEN_STEP_STATES = ("planned", "in_progress")
BLOCK = {"compute": "_compute_customer_execution_360", "groups": PLAN_GROUPS}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Customer 360: who reads execution plans reads these (salespeople within their orders'
    # visibility, invoicing users); the searches run as the reader, so record rules apply
    customer_execution_order_ids = fields.Many2many(
        "sale.order",
        string="Open Execution Plans",
        help="Confirmed orders of the customer whose execution plan has open steps.",
        **BLOCK,
    )
    customer_overdue_step_ids = fields.Many2many(
        "sale.execution.step",
        string="Overdue Steps",
        help="Steps and installments of the customer's plans past their due date.",
        **BLOCK,
    )
    customer_overdue_step_count = fields.Integer(string="Overdue Steps (Count)", **BLOCK)
    customer_overdue_installment_count = fields.Integer(string="Overdue Installments", **BLOCK)

    @api.depends_context("uid", "company", "allowed_company_ids")
    def _compute_customer_execution_360(self):
        commercial = self.commercial_partner_id
        Step = self.env["sale.execution.step"]
        # one search per list for the whole set of customers
        open_steps = Step.search(
            [("partner_id", "in", commercial.ids), ("state", "in", OPEN_STEP_STATES)]
        )
        overdue = Step.search(
            [("partner_id", "in", commercial.ids), ("is_overdue", "=", True)],
            order="date_due, order_id, sequence, id",
        )
        open_by_customer = open_steps.grouped("partner_id")
        late_by_customer = overdue.grouped("partner_id")
        for partner in self:
            customer = partner.commercial_partner_id
            late = late_by_customer.get(customer, Step)
            partner.customer_execution_order_ids = open_by_customer.get(customer, Step).order_id
            partner.customer_overdue_step_ids = late
            partner.customer_overdue_step_count = len(late)
            partner.customer_overdue_installment_count = len(
                late.filtered(lambda step: step.is_money_step)
            )

    def _customer_execution_steps_action(self, name, overdue=False):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing_contract.sale_execution_step_action"
        )
        customer = self.commercial_partner_id
        action["name"] = name
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"search_default_overdue": 1} if overdue else {}
        return action

    def action_open_customer_execution_steps(self):
        return self._customer_execution_steps_action(
            _("Execution Plans of %(name)s", name=self.commercial_partner_id.display_name)
        )

    def action_open_customer_overdue_steps(self):
        return self._customer_execution_steps_action(
            _("Overdue Steps of %(name)s", name=self.commercial_partner_id.display_name),
            overdue=True,
        )
