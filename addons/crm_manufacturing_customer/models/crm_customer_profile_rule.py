from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError


class CrmCustomerProfileRule(models.Model):
    """One piece of information a customer profile should hold (信息采集质量)."""

    _name = "crm.customer.profile.rule"
    _description = "Customer Profile Rule"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one(
        "res.partner.category",
        string="Customer Category",
        ondelete="cascade",
        help="The tag of the customers this rule applies to; empty: every customer.",
    )
    field_id = fields.Many2one(
        "ir.model.fields",
        string="Information",
        required=True,
        ondelete="cascade",
        domain="[('model', '=', 'res.partner'), ('store', '=', True), "
        "('ttype', 'not in', ('binary', 'one2many')), ('name', 'not in', ('profile_completeness', "
        "'profile_missing'))]",
    )
    weight = fields.Float(default=1.0, required=True)

    _sql_constraints = [
        (
            "field_category_uniq",
            "unique(field_id, category_id)",
            "A field is listed once per customer category.",
        )
    ]

    @api.constrains("weight", "field_id")
    def _check_rule(self):
        for rule in self:
            if rule.weight <= 0:
                raise ValidationError(
                    _(
                        "The weight of the rule on %(field)s must be positive.",
                        field=rule.field_id.field_description,
                    )
                )
            if rule.field_id.model != "res.partner":
                raise ValidationError(
                    _(
                        "%(field)s is not a field of a customer: a profile rule checks a field "
                        "of the contact form.",
                        field=rule.field_id.field_description,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self._recompute_partners()
        return rules

    def write(self, vals):
        result = super().write(vals)
        self._recompute_partners()
        return result

    def unlink(self):
        result = super().unlink()
        self._recompute_partners()
        return result

    @api.model
    def _recompute_partners(self):
        self.env.registry.clear_cache()  # _get_rule_field_names
        # every customer: a rule change may touch any of them (rules change seldom)
        partners = self.env["res.partner"].with_context(active_test=False).search([])
        partners._recompute_profile_completeness()

    @api.model
    @tools.ormcache()
    def _get_rule_field_names(self):
        """Names of the partner fields the rules check (cached: read on every partner write)."""
        return frozenset(self.sudo().search([]).field_id.mapped("name"))

    def _evaluate(self, partner):
        """(completeness 0-100, labels of the missing fields) of one commercial partner
        against the rules of ``self`` that apply to its categories."""
        categories = partner.category_id
        applicable = self.filtered(lambda r: not r.category_id or r.category_id in categories)
        total = sum(applicable.mapped("weight"))
        if not total:
            return 100, []
        filled, missing = 0.0, []
        values = partner.sudo()
        for rule in applicable:
            if values[rule.field_id.name]:
                filled += rule.weight
            elif rule.field_id.field_description not in missing:
                missing.append(rule.field_id.field_description)
        return round(filled / total * 100), missing
