from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_one


class ResPartner(models.Model):
    _inherit = "res.partner"

    # job changes (职务调动) are kept as history in the chatter
    function = fields.Char(tracking=True)
    parent_id = fields.Many2one(tracking=True)
    reports_to_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        domain="[('is_company', '=', False), ('id', '!=', id)]",
        tracking=True,
        help="The person this contact reports to in the customer's organisation.",
    )
    direct_report_ids = fields.One2many("res.partner", "reports_to_id", string="Direct Reports")
    interest_ids = fields.Many2many(
        "res.partner.interest",
        "res_partner_interest_rel",
        "partner_id",
        "interest_id",
        string="Hobbies and Interests",
    )
    contact_relation_ids = fields.One2many(
        "res.partner.contact.relation", "partner_id", string="Personal Relations"
    )
    contact_relation_reverse_ids = fields.One2many(
        "res.partner.contact.relation", "related_partner_id", string="Related By"
    )
    decision_member_ids = fields.One2many(
        "crm.decision.member", "partner_id", string="Buying Committees"
    )
    decision_lead_count = fields.Integer(
        string="Committees", compute="_compute_decision_lead_count"
    )
    decision_role_display = fields.Char(
        string="Roles in the Opportunity",
        compute="_compute_decision_role_display",
        help="The roles of this person in the opportunity given by the context "
        "(crm_decision_lead_id), shown on the org chart.",
    )

    def _compute_decision_lead_count(self):
        data = self.env["crm.decision.member"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["lead_id:count_distinct"]
        )
        counts = {partner.id: count for partner, count in data}
        for partner in self:
            partner.decision_lead_count = counts.get(partner.id, 0)

    @api.depends_context("crm_decision_lead_id")
    def _compute_decision_role_display(self):
        lead_id = self.env.context.get("crm_decision_lead_id")
        roles = {}
        if lead_id:
            Member = self.env["crm.decision.member"]
            labels = dict(Member._fields["role"]._description_selection(self.env))
            for member in Member.search(
                [("lead_id", "=", lead_id), ("partner_id", "in", self.ids)]
            ):
                roles.setdefault(member.partner_id.id, []).append(labels[member.role])
        for partner in self:
            partner.decision_role_display = ", ".join(sorted(roles.get(partner.id, [])))

    @api.constrains("reports_to_id")
    def _check_reports_to(self):
        if self._has_cycle("reports_to_id"):
            raise ValidationError(
                _(
                    "A reporting line cannot go round in a circle: %(names)s.",
                    names=", ".join(self.mapped("name")),
                )
            )
        for partner in self.filtered("reports_to_id"):
            if partner.reports_to_id.is_company or partner.is_company:
                raise ValidationError(
                    _("Only people report to people: %(name)s.", name=partner.name)
                )

    def action_view_decision_leads(self):
        check_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("decision_member_ids.partner_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action

    def action_view_org_chart(self):
        """The people of this customer (its company) as a hierarchy by reports_to_id."""
        check_one(self)
        company = self.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "name": _("Org Chart: %(company)s", company=company.name),
            "res_model": "res.partner",
            "view_mode": "hierarchy,list,form",
            "views": [
                (self.env.ref("crm_manufacturing.res_partner_view_hierarchy").id, "hierarchy"),
                (False, "list"),
                (False, "form"),
            ],
            "domain": [("commercial_partner_id", "=", company.id), ("is_company", "=", False)],
            "context": dict(self.env.context, default_parent_id=company.id),
        }
