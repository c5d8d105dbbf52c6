from odoo import fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class SaleExecutionStep(models.Model):
    _inherit = "sale.execution.step"

    service_request_id = fields.Many2one(
        "service.request",
        readonly=True,
        copy=False,
        help="The installation or inspection request that completed this step.",
    )
    retention_at_risk = fields.Boolean(
        compute="_compute_retention_at_risk",
        search="_search_retention_at_risk",
        help="A retention step whose order has a machine with an open repair or complaint "
        "under warranty: the customer may keep the retention.",
    )

    def _risky_orders(self, orders=None):
        domain = [
            ("state", "in", ("new", "assigned", "in_progress")),
            ("request_type", "in", ("repair", "complaint")),
            ("in_warranty", "=", True),
            ("equipment_id.sale_order_id", "!=", False),
        ]
        if orders is not None:
            domain.append(("equipment_id.sale_order_id", "in", orders.ids))
        requests = self.env["service.request"].sudo().search(domain)
        return requests.equipment_id.sale_order_id

    def _compute_retention_at_risk(self):
        risky = self._risky_orders(self.order_id)
        for step in self:
            step.retention_at_risk = step.step_type == "retention" and step.order_id in risky

    def _search_retention_at_risk(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._(
                    "Search the retention at risk with = True or = False, not %(op)s %(value)r.",
                    op=operator,
                    value=value,
                )
            )
        positive = (operator == "=") == value
        domain = [("step_type", "=", "retention"), ("order_id", "in", self._risky_orders().ids)]
        return domain if positive else ["!", *expression.normalize_domain(domain)]

    def write(self, vals):
        result = super().write(vals)
        if {"state", "actual_date"} & set(vals):
            self._set_installation_dates()
            # the warranty may start with this step: the retention follows its end
            self.order_id.execution_step_ids._sync_retention_dates()
        return result

    def _set_installation_dates(self):
        """A done installation step dates the installation of the machines of its order, unless
        a service manager already recorded one. One search for the whole set, one write per
        distinct date."""
        steps = self.filtered(
            lambda s: s.step_type == "installation" and s.state == "done" and s.actual_date
        )
        if not steps:
            return
        day_of_order = {step.order_id: step.actual_date for step in steps}
        equipment = (
            self.env["service.equipment"]
            .sudo()
            .search([("sale_order_id", "in", steps.order_id.ids), ("install_date", "=", False)])
        )
        # system update from the execution plan; the manager-only rule on equipment dates
        # guards what people type, not this event
        for day, machines in equipment.grouped(lambda e: day_of_order[e.sale_order_id]).items():
            machines.write({"install_date": day})

    def _sync_retention_dates(self):
        """Pending retention steps fall due when the last machine of their order leaves its
        warranty."""
        retentions = self.filtered(
            lambda s: s.step_type == "retention" and s.state in ("planned", "in_progress")
        )
        if not retentions:
            return
        ends = dict(
            self.env["service.equipment"]
            .sudo()
            ._read_group(
                [("sale_order_id", "in", retentions.order_id.ids)],
                ["sale_order_id"],
                ["warranty_end_date:max"],
            )
        )
        for step in retentions:
            end = ends.get(step.order_id)
            if end and step.planned_date != end:
                # system update of a date derived from the installed base
                super(SaleExecutionStep, step.sudo()).write({"planned_date": end})
