from odoo import _, fields, models, tools
from odoo.tools import SQL


class CrmCustomerOrderYear(models.Model):
    """Confirmed orders of a customer per year and company (Customer 360 tab)."""

    _name = "crm.customer.order.year"
    _description = "Customer Orders by Year"
    _auto = False
    _order = "year desc, company_id"
    _rec_name = "year"
    _depends = {
        "sale.order": ["partner_id", "company_id", "state", "date_order", "amount_untaxed"],
        "res.partner": ["commercial_partner_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    year = fields.Char(readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    amount = fields.Monetary(string="Untaxed Amount", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT row_number() OVER (ORDER BY p.commercial_partner_id, o.company_id,
                                              EXTRACT(YEAR FROM o.date_order)) AS id,
                           p.commercial_partner_id AS partner_id, o.company_id,
                           c.currency_id,
                           EXTRACT(YEAR FROM o.date_order)::int::text AS year,
                           COUNT(*) AS order_count,
                           SUM(o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1))
                               AS amount
                      FROM sale_order o
                      JOIN res_partner p ON p.id = o.partner_id
                      JOIN res_company c ON c.id = o.company_id
                     WHERE o.state = 'sale'
                  GROUP BY p.commercial_partner_id, o.company_id, c.currency_id,
                           EXTRACT(YEAR FROM o.date_order)
                )
                """,
                table=SQL.identifier(self._table),
            )
        )

    def action_open_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["name"] = _("Orders of %(year)s", year=self.year)
        year = int(self.year)
        action["domain"] = [
            ("partner_id", "child_of", self.partner_id.id),
            ("company_id", "=", self.company_id.id),
            ("state", "=", "sale"),
            ("date_order", ">=", f"{year}-01-01"),
            ("date_order", "<", f"{year + 1}-01-01"),
        ]
        action["context"] = {}
        return action
