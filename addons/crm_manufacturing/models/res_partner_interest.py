from random import randint

from odoo import fields, models


class ResPartnerInterest(models.Model):
    _name = "res.partner.interest"
    _description = "Contact Hobby or Interest"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))

    _sql_constraints = [("name_unique", "unique(name)", "This interest already exists.")]
