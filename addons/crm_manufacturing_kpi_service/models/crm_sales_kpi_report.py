from odoo import api, fields, models
from odoo.tools import SQL


class CrmSalesKpiReport(models.Model):
    _inherit = "crm.sales.kpi.report"

    complaint_count = fields.Integer(string="Complaints", readonly=True)

    _depends = {
        "service.request": ["date_request", "request_type", "state", "partner_id", "company_id"],
        "res.partner": ["user_id"],
    }

    @api.model
    def _kpi_measure_columns(self):
        columns = super()._kpi_measure_columns()
        columns["complaint_count"] = SQL(
            "COALESCE(SUM(s.cnt) FILTER (WHERE s.measure = 'complaint'), 0)"
        )
        return columns

    @api.model
    def _kpi_sources(self, period=None):
        return [*super()._kpi_sources(period), self._kpi_complaint_query(period)]

    @api.model
    def _kpi_complaint_query(self, period):
        """Service requests of type complaint (not cancelled) made in the period by a customer
        of the salesperson (the salesperson of the customer's company)."""
        return SQL(
            """
            SELECT r.date_request AS kpi_date, cp.user_id, u.sale_team_id AS team_id,
                   cp.state_id, r.company_id,
                   'complaint' AS measure, 1 AS cnt, 0::numeric AS amount, 0::numeric AS days
              FROM service_request r
              JOIN res_partner p ON p.id = r.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
              JOIN res_users u ON u.id = cp.user_id
             WHERE r.request_type = 'complaint' AND r.state != 'cancelled' AND %s
            """,
            self._kpi_in_period(SQL("r.date_request"), period),
        )
