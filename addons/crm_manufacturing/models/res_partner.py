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

    decision_org_chart_lead_id = fields.Many2one(
        "crm.lead",
        string="Org Chart of Opportunity",
        compute="_compute_decision_org_chart_lead_id",
        search="_search_decision_org_chart_lead_id",
        help="Technical: in the org chart's domain, the opportunity whose roles the cards show "
        "(the web client's hierarchy view sends the action's domain, not its context).",
    )

    def _compute_decision_org_chart_lead_id(self):
        self.decision_org_chart_lead_id = False

    def _search_decision_org_chart_lead_id(self, operator, value):
        # a marker, not a filter: every person matches
        return [("id", "!=", False)]

    @api.model
    def _with_decision_lead_of_domain(self, domain):
        """This model in the context of the opportunity named by the org chart's domain."""
        for leaf in domain or ():
            if (
                isinstance(leaf, list | tuple)
                and len(leaf) == 3
                and leaf[0] == "decision_org_chart_lead_id"
                and leaf[1] == "="
                and isinstance(leaf[2], int)
                and not isinstance(leaf[2], bool)
            ):
                return self.with_context(crm_decision_lead_id=leaf[2])
        return self

    @api.model
    def hierarchy_read(self, domain, fields, parent_field, child_field=None, order=None):
        partners = self._with_decision_lead_of_domain(domain)
        return super(ResPartner, partners).hierarchy_read(
            domain, fields, parent_field, child_field=child_field, order=order
        )

    @api.depends_context("crm_decision_lead_id")
    def _compute_decision_role_display(self):
        """Role(s), influence and attitude in the opportunity of the context, for the card
        of the org chart (the highest influence when a person holds several roles)."""
        lead_id = self.env.context.get("crm_decision_lead_id")
        by_partner = {}
        Member = self.env["crm.decision.member"]
        if lead_id:
            for member in Member.search(
                [("lead_id", "=", lead_id), ("partner_id", "in", self.ids)]
            ):
                by_partner.setdefault(member.partner_id.id, []).append(member)
        roles = dict(Member._fields["role"]._description_selection(self.env))
        attitudes = dict(Member._fields["attitude"]._description_selection(self.env))
        for partner in self:
            members = by_partner.get(partner.id)
            if not members:
                partner.decision_role_display = ""
                continue
            top = max(members, key=lambda member: member.influence)
            partner.decision_role_display = _(
                "%(roles)s · influence %(influence)s/5 · %(attitude)s",
                roles=", ".join(sorted({roles[member.role] for member in members})),
                influence=top.influence,
                attitude=attitudes[top.attitude],
            )

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
