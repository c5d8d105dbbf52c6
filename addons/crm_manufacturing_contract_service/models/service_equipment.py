from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression


class ServiceEquipment(models.Model):
    _inherit = "service.equipment"

    warranty_start_date = fields.Date(
        compute="_compute_warranty_start_date",
        store=True,
        help="The day the warranty starts: the installation date (else the delivery date), or "
        "the actual date of the order's installation or acceptance step when the company's "
        "warranty starts there. Empty while that step is pending: the warranty has not "
        "started and service is free.",
    )
    warranty_state = fields.Selection(selection_add=[("not_started", "Not Started")])

    def _warranty_start_step(self):
        """The execution step whose completion starts the warranty, if the company says so."""
        self.ensure_one()
        mode = self.company_id.service_warranty_start
        if mode == "delivery" or not self.sale_order_id:
            return None
        # the warranty of a machine depends on its order's plan, which technicians and
        # stock users may not read: read only the steps' type, state and date, as superuser
        return self.sudo().sale_order_id.execution_step_ids.filtered(
            lambda step: step.step_type == mode and step.state != "cancelled"
        )[:1]

    @api.depends(
        "install_date",
        "delivery_date",
        "company_id.service_warranty_start",
        "sale_order_id.execution_step_ids.state",
        "sale_order_id.execution_step_ids.actual_date",
    )
    def _compute_warranty_start_date(self):
        for equipment in self:
            step = equipment._warranty_start_step()
            if step is None or not step:
                # no plan step to wait for: today's rule
                equipment.warranty_start_date = equipment.install_date or equipment.delivery_date
            elif step.state == "done":
                equipment.warranty_start_date = step.actual_date
            else:
                equipment.warranty_start_date = False

    @api.depends("warranty_start_date")
    def _compute_warranty_end_date(self):
        return super()._compute_warranty_end_date()

    def _standard_warranty_end(self, extension_months=0):
        """The warranty counts from its start date (see warranty_start_date)."""
        self.ensure_one()
        start = self.warranty_start_date
        months = self.product_id.warranty_months + extension_months
        return start + relativedelta(months=months) if start and months > 0 else False

    def _warranty_not_started(self):
        self.ensure_one()
        step = self._warranty_start_step()
        return bool(step) and not self.warranty_start_date

    @api.depends("warranty_start_date")
    def _compute_warranty_state(self):
        result = super()._compute_warranty_state()
        for equipment in self:
            if equipment._warranty_not_started():
                equipment.warranty_state = "not_started"
        return result

    def _search_warranty_state(self, operator, value):
        if isinstance(value, str) or value is False:
            values = [value]
        elif isinstance(value, list | tuple):
            values = list(value)
        else:
            return super()._search_warranty_state(operator, value)  # refuses it clearly
        not_started = [
            ("warranty_start_date", "=", False),
            ("sale_order_id", "!=", False),
            ("company_id.service_warranty_start", "!=", "delivery"),
        ]
        others = [v for v in values if v != "not_started"]
        # the other states are read from the end date: a machine whose warranty has not
        # started has none, and is only "not started"
        positive = (
            expression.AND(
                [
                    super()._search_warranty_state("in", others),
                    ["!", *expression.normalize_domain(not_started)],
                ]
            )
            if others
            else [(0, "=", 1)]
        )
        if "not_started" in values:
            positive = expression.OR([positive, not_started])
        if operator in ("=", "in"):
            return positive
        if operator in ("!=", "not in"):
            return ["!", *expression.normalize_domain(positive)]
        return super()._search_warranty_state(operator, value)  # refuses it clearly

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records.sale_order_id.execution_step_ids._sync_retention_dates()
        return records

    def write(self, vals):
        orders = self.sale_order_id
        result = super().write(vals)
        (orders | self.sale_order_id).execution_step_ids._sync_retention_dates()
        return result
