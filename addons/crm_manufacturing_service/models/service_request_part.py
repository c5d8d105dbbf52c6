from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero

from odoo.addons.crm_manufacturing.tools import check_number


class ServiceRequestPart(models.Model):
    """A spare part used on a service request, taken from the service point's stock."""

    _name = "service.request.part"
    _description = "Service Request Part"
    _order = "request_id, sequence, id"
    _check_company_auto = True

    request_id = fields.Many2one("service.request", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Spare Part",
        required=True,
        domain=[("is_spare_part", "=", True)],
        check_company=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial Number",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
    )
    price_unit = fields.Monetary(
        string="Unit Price", compute="_compute_price_unit", store=True, readonly=False
    )
    billable = fields.Boolean(compute="_compute_billable", store=True, readonly=False)
    price_subtotal = fields.Monetary(string="Charged", compute="_compute_price_subtotal")

    @api.depends("product_id")
    def _compute_price_unit(self):
        for part in self:
            part.price_unit = part.product_id.lst_price

    @api.depends("request_id.billable")
    def _compute_billable(self):
        for part in self:
            part.billable = part.request_id.billable

    @api.depends("price_unit", "quantity", "billable")
    def _compute_price_subtotal(self):
        for part in self:
            part.price_subtotal = part.price_unit * part.quantity if part.billable else 0.0

    @api.constrains("quantity", "price_unit")
    def _check_quantity(self):
        for part in self:
            check_number(self.env, part.price_unit, _("The unit price"), minimum=0.0)
            check_number(self.env, part.quantity, _("The quantity"))
            if part.quantity <= 0:
                raise ValidationError(
                    _(
                        "The quantity of %(product)s on %(request)s must be positive.",
                        product=part.product_id.display_name,
                        request=part.request_id.name,
                    )
                )

    @api.constrains("lot_id", "product_id")
    def _check_lot(self):
        for part in self:
            part.lot_id._check_lot_of_product(part.product_id)

    @api.model
    def _check_vals(self, vals):
        """Finite numbers, a price not below zero (checked before the monetary rounding,
        which fails on NaN)."""
        if vals.get("price_unit") not in (None, False):
            check_number(self.env, vals["price_unit"], _("The unit price"), minimum=0.0)
        if vals.get("quantity") not in (None, False):
            check_number(self.env, vals["quantity"], _("The quantity"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_vals(vals)
        parts = super().create(vals_list)
        parts.request_id._check_parts_editable()
        parts._check_free_part()
        return parts

    def write(self, vals):
        self._check_vals(vals)
        self.request_id._check_parts_editable()
        decided = self._free_out_of_warranty()
        result = super().write(vals)
        if "request_id" in vals:
            # moved onto another request: the user must be allowed to edit that one (record
            # rules are checked on the result too) and it must accept parts
            self.request_id.check_access("write")
            self.request_id._check_parts_editable()
        # on the saved result: a manager's free part stands, a write makes no other part free
        (self - decided)._check_free_part()
        return result

    def unlink(self):
        self.request_id._check_parts_editable()
        return super().unlink()

    def _is_free(self):
        """Given away: not billable, or billed at a price of zero."""
        self.ensure_one()
        return not self.billable or float_is_zero(
            self.price_unit, precision_rounding=self.currency_id.rounding or 0.01
        )

    def _free_out_of_warranty(self):
        if self.env["service.request"]._is_service_manager():
            return self
        return self.filtered(
            lambda p: p._is_free() and p.request_id.billable and not p.request_id.in_warranty
        )

    def _check_free_part(self):
        """Out of warranty, giving a part free (not billable or at price 0) on a charged
        request is a manager's decision."""
        if self.env["service.request"]._is_service_manager():
            return
        for part in self._free_out_of_warranty():
            raise UserError(
                _(
                    "%(request)s is out of warranty: only a service manager can give "
                    "%(product)s free of charge (not billable or at a price of 0).",
                    request=part.request_id.name,
                    product=part.product_id.display_name,
                )
            )
