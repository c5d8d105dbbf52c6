from odoo import api, models

from ..tools import check_selection


class CrmManufacturingSelectionGuard(models.AbstractModel):
    """Creates and writes answer a value that is not among a selection field's choices with a
    UserError naming the choices, instead of the ValueError of the ORM (a traceback, fault 1,
    over XML-RPC). Inherited by the models whose selections XML-RPC integrations write."""

    _name = "crm.manufacturing.selection.guard"
    _description = "Manufacturing CRM: selection values checked"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_selection(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_selection(self, vals)
        return super().write(vals)
