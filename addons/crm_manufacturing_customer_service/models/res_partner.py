from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.tools import SQL

SALESMAN = "sales_team.group_sale_salesman"
OPEN_REQUEST_STATES = ("new", "assigned", "in_progress")
EQUIPMENT_FIGURE = {"compute": "_compute_equipment_figures", "groups": SALESMAN}
SERVICE_BLOCK = {"compute": "_compute_customer_service_360", "groups": SALESMAN}
# customers (one opportunity each, created through the ORM) per call of the scheduled action
REPLACEMENT_BATCH = 500


def equipment_figures_sql(today, partner_ids, company_ids):
    """(partner_id, count, average age in years, machines due) of the active machines of the
    commercial partners, age from the installation date (else delivery, else creation)."""
    return SQL(
        """
        WITH e AS (
            SELECT e.commercial_partner_id AS partner_id,
                   (%(today)s::date - COALESCE(e.install_date, e.delivery_date,
                                               e.create_date::date)) / 365.25 AS age,
                   COALESCE(t.service_life_years, 10) AS life
              FROM service_equipment e
              JOIN product_product pp ON pp.id = e.product_id
              JOIN product_template t ON t.id = pp.product_tmpl_id
             WHERE e.active AND e.commercial_partner_id IN %(partners)s
               AND e.company_id IN %(companies)s
        )
        SELECT partner_id, COUNT(*), ROUND(AVG(age)::numeric, 1)::float,
               COUNT(*) FILTER (WHERE age >= life)
          FROM e GROUP BY partner_id
        """,
        today=today,
        partners=tuple(partner_ids) or (None,),
        companies=tuple(company_ids) or (None,),
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    equipment_count = fields.Integer(string="Machines", **EQUIPMENT_FIGURE)
    equipment_avg_age_years = fields.Float(
        string="Average Machine Age (Years)", digits=(16, 1), **EQUIPMENT_FIGURE
    )
    equipment_replacement_due_count = fields.Integer(
        string="Machines Due for Replacement",
        help="Machines older than their product's service life.",
        **EQUIPMENT_FIGURE,
    )
    customer_equipment_ids = fields.Many2many(
        "service.equipment", string="Installed Base", **SERVICE_BLOCK
    )
    customer_open_request_ids = fields.Many2many(
        "service.request", string="Open Service Requests", **SERVICE_BLOCK
    )

    @api.depends_context("company", "allowed_company_ids")
    def _compute_equipment_figures(self):
        commercial = self.commercial_partner_id
        rows = self.env.execute_query(
            equipment_figures_sql(
                fields.Date.context_today(self), commercial.ids, self.env.companies.ids
            )
        )
        figures = {row[0]: row[1:] for row in rows}
        for partner in self:
            count, age, due = figures.get(partner.commercial_partner_id.id, (0, 0.0, 0))
            partner.equipment_count = count
            partner.equipment_avg_age_years = age
            partner.equipment_replacement_due_count = due

    def _compute_customer_service_360(self):
        commercial = self.commercial_partner_id
        machines = self.env["service.equipment"].search(
            [("commercial_partner_id", "in", commercial.ids)]
        )
        requests = self.env["service.request"].search(
            [
                ("commercial_partner_id", "in", commercial.ids),
                ("state", "in", OPEN_REQUEST_STATES),
            ]
        )
        machines_by_customer = machines.grouped("commercial_partner_id")
        requests_by_customer = requests.grouped("commercial_partner_id")
        for partner in self:
            customer = partner.commercial_partner_id
            partner.customer_equipment_ids = machines_by_customer.get(customer, machines.browse())
            partner.customer_open_request_ids = requests_by_customer.get(
                customer, requests.browse()
            )

    @api.model
    def _cron_replacement_opportunities(self, batch_size=REPLACEMENT_BATCH):
        """Daily, for the companies that want it: one opportunity per customer with machines
        past their service life that are in no replacement opportunity yet (never twice).

        At most ``batch_size`` opportunities per call, reported to ir.cron, which commits
        and calls again while some are left; each call picks only the machines in no
        replacement opportunity, so a run after an interrupted one finishes the rest.

        :return: the opportunities created by this call
        """
        created = self.env["crm.lead"]
        remaining = 0
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search(
            [("crm_replacement_opportunities", "=", True)], order="id"
        ):
            leads, left = self.with_company(company)._open_replacement_opportunities(
                company, today, limit=max(batch_size - len(created), 0)
            )
            created |= leads
            remaining += left
        self.env["ir.cron"]._notify_progress(done=len(created), remaining=remaining)
        return created

    @api.model
    def _open_replacement_opportunities(self, company, today, limit=None):
        """Opportunities for the first ``limit`` customers (by id; all when None) of
        ``company`` with machines due in no replacement opportunity.

        :return: (the opportunities created, customers left)
        """
        rows = self.env.execute_query(
            SQL(
                """
                WITH due AS (
                    SELECT e.commercial_partner_id AS partner_id,
                           ARRAY_AGG(e.id ORDER BY e.id) AS machine_ids
                      FROM service_equipment e
                      JOIN product_product pp ON pp.id = e.product_id
                      JOIN product_template t ON t.id = pp.product_tmpl_id
                     WHERE e.active AND e.company_id = %(company)s
                       AND (%(today)s::date - COALESCE(e.install_date, e.delivery_date,
                                                       e.create_date::date)) / 365.25
                           >= COALESCE(t.service_life_years, 10)
                       AND NOT EXISTS (SELECT 1 FROM crm_lead_replacement_equipment_rel r
                                        WHERE r.equipment_id = e.id)
                  GROUP BY e.commercial_partner_id
                )
                -- one row at least: the count of customers due, then the batch (if any)
                SELECT n.total, b.partner_id, b.machine_ids
                  FROM (SELECT COUNT(*) AS total FROM due) n
             LEFT JOIN LATERAL (SELECT * FROM due ORDER BY partner_id LIMIT %(limit)s) b
                       ON TRUE
                """,
                company=company.id,
                today=today,
                limit=limit,
            )
        )
        total = rows[0][0]
        rows = [row[1:] for row in rows if row[1]]
        if not rows:
            return self.env["crm.lead"], total
        partners = self.browse([row[0] for row in rows])
        machines = self.env["service.equipment"].browse([mid for row in rows for mid in row[1]])
        vals_list = []
        for partner_id, machine_ids in rows:
            partner = partners.browse(partner_id)
            due = machines.browse(machine_ids)
            vals_list.append(
                {
                    "name": _("Replacement of %(count)s machines", count=len(due))
                    if len(due) > 1
                    else _("Replacement of %(machine)s", machine=due.display_name),
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "user_id": partner.user_id.id or False,
                    "company_id": company.id,
                    "replacement_equipment_ids": [Command.set(due.ids)],
                    "description": Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        _("Machines past their service life:"),
                        Markup("").join(
                            Markup("<li>%s</li>") % machine.display_name for machine in due
                        ),
                    ),
                }
            )
        return self.env["crm.lead"].create(vals_list), total - len(rows)
