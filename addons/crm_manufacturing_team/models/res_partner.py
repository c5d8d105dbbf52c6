from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    previous_user_id = fields.Many2one(
        "res.users",
        string="Previous Salesperson",
        readonly=True,
        copy=False,
        help="The salesperson before the last handover.",
    )
