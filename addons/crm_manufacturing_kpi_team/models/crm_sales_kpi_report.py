from odoo import api, models
from odoo.tools import SQL


class CrmSalesKpiReport(models.Model):
    """The won amount with the project team's shares (``crm_manufacturing_team``).

    A won deal with a project team gives each member ``expected revenue × share_percent / 100``
    in the member's own row (the deal's team, region and company); the shares add up to 100 at
    most, what is not given counts for nobody. A won deal without members stays 100 % its
    salesperson's. The deal itself (``won_count``, the days to win, hence the win rate and the
    average days to win) stays the salesperson's, once: the member rows carry the amount only
    (``cnt`` and ``days`` 0), so no other figure changes and a deal is never counted twice in a
    team. The amounts are those of ``crm.lead.team.member._won_amount_by_user``."""

    _inherit = "crm.sales.kpi.report"

    _depends = {
        "crm.lead.team.member": ["lead_id", "user_id", "share_percent"],
    }

    @api.model
    def _kpi_won_amount(self):
        return SQL(
            """CASE WHEN EXISTS (SELECT 1 FROM crm_lead_team_member tm WHERE tm.lead_id = l.id)
                    THEN 0::numeric ELSE %s END""",
            super()._kpi_won_amount(),
        )

    @api.model
    def _kpi_won_query(self, period):
        return SQL(
            """
            %(deals)s
            UNION ALL
            SELECT l.date_closed AS kpi_date, tm.user_id,
                   COALESCE(l.team_id, mu.sale_team_id) AS team_id,
                   COALESCE(cp.state_id, l.state_id) AS state_id, l.company_id,
                   'won' AS measure, 0 AS cnt,
                   COALESCE(l.expected_revenue, 0) * tm.share_percent / 100.0 AS amount,
                   0::numeric AS days
              FROM crm_lead_team_member tm
              JOIN crm_lead l ON l.id = tm.lead_id
              JOIN res_users mu ON mu.id = tm.user_id
              LEFT JOIN res_partner p ON p.id = l.partner_id
              LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
             WHERE l.type = 'opportunity' AND tm.share_percent > 0
               AND %(won)s
               AND %(in_period)s
            """,
            deals=super()._kpi_won_query(period),
            won=self._kpi_won_condition(),
            in_period=self._kpi_in_period(SQL("l.date_closed"), period),
        )
