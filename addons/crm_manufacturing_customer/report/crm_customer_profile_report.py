from odoo import fields, models, tools
from odoo.tools import SQL


class CrmCustomerProfileReport(models.Model):
    """Profile completeness (信息完整度) by customer category and responsible: one row per
    customer and category (customers without category in a row of their own)."""

    _name = "crm.customer.profile.report"
    _description = "Customer Profile Completeness"
    _auto = False
    _order = "profile_completeness, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": [
            "profile_completeness",
            "profile_user_id",
            "user_id",
            "company_id",
            "category_id",
            "parent_id",
            "active",
        ],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    category_id = fields.Many2one("res.partner.category", string="Customer Category", readonly=True)
    profile_user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    profile_completeness = fields.Float(string="Completeness (%)", readonly=True, aggregator="avg")
    customer_count = fields.Integer(string="Customers", readonly=True, aggregator="sum")
    incomplete_count = fields.Integer(
        string="Incomplete Profiles",
        readonly=True,
        aggregator="sum",
        help="Customers under the minimum completeness of their company (80% by default).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT row_number() OVER (ORDER BY p.id, rel.category_id) AS id,
                           p.id AS partner_id, rel.category_id,
                           COALESCE(p.profile_user_id, p.user_id) AS profile_user_id,
                           p.user_id, p.company_id,
                           p.profile_completeness,
                           1 AS customer_count,
                           CASE WHEN p.profile_completeness
                                     < COALESCE(c.crm_profile_min_completeness, 80)
                                THEN 1 ELSE 0 END AS incomplete_count
                      FROM res_partner p
                 LEFT JOIN res_partner_res_partner_category_rel rel ON rel.partner_id = p.id
                 LEFT JOIN res_company c ON c.id = p.company_id
                     WHERE p.active AND p.parent_id IS NULL AND p.customer_stage IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM res_company rc WHERE rc.partner_id = p.id)
                       AND NOT EXISTS (SELECT 1 FROM res_users u
                                        WHERE u.partner_id = p.id AND NOT u.share)
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
