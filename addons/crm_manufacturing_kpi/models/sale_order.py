from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    quote_date = fields.Datetime(
        string="Quoted On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the quotation was first sent or confirmed: the date that counts it in the "
        "salesperson's quotes (报价次数).",
    )

    def write(self, vals):
        # every way a quotation is sent (the send wizard, a message with mark_so_as_sent, a
        # portal signature) or confirmed ends in a write of the state: the first one dates it
        if vals.get("state") in ("sent", "sale") and "quote_date" not in vals:
            first = self.filtered(lambda order: not order.quote_date)
            if first and first != self:
                super(SaleOrder, first).write(dict(vals, quote_date=fields.Datetime.now()))
                return super(SaleOrder, self - first).write(vals)
            if first:
                vals = dict(vals, quote_date=fields.Datetime.now())
        return super().write(vals)
