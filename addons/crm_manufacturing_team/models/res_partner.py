from odoo import models

from .res_users import previous_salesperson_field


class ResPartner(models.Model):
    _inherit = "res.partner"

    previous_user_id = previous_salesperson_field()
