from odoo import _, api, fields, models

SALESMAN = "sales_team.group_sale_salesman"
BLOCK = {"compute": "_compute_customer_competitors", "groups": SALESMAN}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Customer 360: searched as the reader (salespeople see the competitors of the deals they
    # may read), lost deals included: whom we lost to is what the block is for
    customer_competitor_line_ids = fields.Many2many(
        "crm.lead.competitor",
        string="Competitors Met",
        help="Competitors on the customer's deals, open, won and lost.",
        **BLOCK,
    )
    customer_competitor_count = fields.Integer(string="Competitors", **BLOCK)
    customer_lost_to_competitor_count = fields.Integer(string="Deals Lost to Competitors", **BLOCK)

    @api.model
    def _customer_competitor_line_domain(self, customers):
        return [("lead_id.partner_id", "child_of", customers.ids)]

    @api.depends_context("uid", "company", "allowed_company_ids")
    def _compute_customer_competitors(self):
        commercial = self.commercial_partner_id
        lines = (
            self.env["crm.lead.competitor"]
            .with_context(active_test=False)
            .search(
                self._customer_competitor_line_domain(commercial),
                order="id desc",
            )
        )
        by_customer = lines.grouped(lambda line: line.lead_id.partner_id.commercial_partner_id)
        for partner in self:
            mine = by_customer.get(partner.commercial_partner_id, lines.browse())
            partner.customer_competitor_line_ids = mine
            partner.customer_competitor_count = len(mine.competitor_id)
            partner.customer_lost_to_competitor_count = len(
                mine.filtered(lambda line: line.outcome == "lost_to_them").lead_id
            )

    def action_open_customer_competitor_deals(self):
        """The customer's deals with competitors, lost ones included."""
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["name"] = _("Deals with Competitors of %(name)s", name=customer.display_name)
        action["domain"] = [
            ("partner_id", "child_of", customer.id),
            ("competitor_ids", "!=", False),
            ("active", "in", (True, False)),
        ]
        action["context"] = {"default_partner_id": customer.id}
        return action

    def action_open_customer_competitors(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_manufacturing_competitor.crm_competitor_action"
        )
        action["name"] = _("Competitors Met at %(name)s", name=customer.display_name)
        action["domain"] = [("id", "in", self.customer_competitor_line_ids.competitor_id.ids)]
        return action
