from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.crm_customer_stage_history import CUSTOMER_STAGES


class CrmCustomerLifecycleReport(models.Model):
    """Customer Lifecycle (客户生命周期): the stage of every customer at the end of every month,
    from the stage history (one row per customer and month since its first stage). Counting
    the rows per stage and month gives the number of customers in each stage."""

    _name = "crm.customer.lifecycle.report"
    _description = "Customer Lifecycle"
    _auto = False
    _order = "month desc, stage"
    _rec_name = "partner_id"
    _depends = {
        "crm.customer.stage.history": ["partner_id", "stage", "date"],
        "res.partner": ["user_id", "company_id", "commercial_partner_id"],
    }

    month = fields.Date(readonly=True)
    stage = fields.Selection(CUSTOMER_STAGES, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    WITH h AS (
                        SELECT h.partner_id, h.stage, h.date AS date_from,
                               LEAD(h.date) OVER (PARTITION BY h.partner_id
                                                  ORDER BY h.date, h.id) AS date_to
                          FROM crm_customer_stage_history h
                    ),
                    months AS (
                        SELECT m::date AS month, (m + interval '1 month') AS month_end
                          FROM generate_series(
                                   (SELECT date_trunc('month', MIN(date))
                                      FROM crm_customer_stage_history),
                                   date_trunc('month', now()),
                                   interval '1 month') m
                    )
                    SELECT row_number() OVER (ORDER BY m.month, h.partner_id) AS id,
                           m.month, h.stage, h.partner_id, p.user_id,
                           p.company_id, 1 AS customer_count
                      FROM h
                      JOIN months m ON h.date_from < m.month_end
                                   AND (h.date_to IS NULL OR h.date_to >= m.month_end)
                      JOIN res_partner p ON p.id = h.partner_id
                     WHERE p.id = p.commercial_partner_id
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
