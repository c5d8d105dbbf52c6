from odoo import api, fields, models


class CrmSalesTarget(models.Model):
    _inherit = "crm.sales.target"

    metric = fields.Selection(
        selection_add=[("complaint_count", "Complaints")],
        ondelete={"complaint_count": "cascade"},
    )

    @api.model
    def _kpi_lower_is_better(self):
        return [*super()._kpi_lower_is_better(), "complaint_count"]
