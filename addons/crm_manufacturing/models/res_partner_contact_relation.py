from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_field_values

RELATION_TYPES = [
    ("former_colleague", "Former Colleague"),
    ("friend", "Friend"),
    ("relative", "Relative"),
    ("classmate", "Classmate"),
    ("business_partner", "Business Partner"),
    ("rival", "Rival"),
    ("other", "Other"),
]


class ResPartnerContactRelation(models.Model):
    _name = "res.partner.contact.relation"
    _inherit = ["crm.manufacturing.selection.guard"]
    _description = "Personal Relation between Contacts"
    _order = "date_start desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, ondelete="cascade", index=True
    )
    related_partner_id = fields.Many2one(
        "res.partner", string="Related Person", required=True, ondelete="cascade", index=True
    )
    relation_type = fields.Selection(
        RELATION_TYPES, string="Relation", required=True, default="other"
    )
    date_start = fields.Date(string="Since")
    date_end = fields.Date(string="Until")
    note = fields.Text()

    @api.constrains("partner_id", "related_partner_id", "date_start", "date_end")
    def _check_relation(self):
        check_field_values(self, {"date_start": (None, None), "date_end": (None, None)})
        for relation in self:
            if relation.partner_id == relation.related_partner_id:
                raise ValidationError(
                    _(
                        "%(name)s cannot have a relation with themself.",
                        name=relation.partner_id.name,
                    )
                )
            if (
                relation.date_start
                and relation.date_end
                and relation.date_start > relation.date_end
            ):
                raise ValidationError(_("A relation cannot end before it starts."))
