from odoo.tools import SQL


def post_init_hook(env):
    """Open one stage-history row per existing opportunity for its current stage
    (dated from its last stage change), so that the funnel works from day one;
    lost (archived) opportunities get a row closed as lost. Won stages get 100 %."""
    env["crm.stage"].search([("is_won", "=", True)]).write({"probability": 100.0})
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_lead_stage_history
                   (lead_id, stage_id, date_in, date_out, exit_type, is_open, duration_days,
                    user_id, salesperson_id, team_id, company_id, expected_revenue,
                    create_uid, create_date, write_uid, write_date)
            SELECT l.id, l.stage_id,
                   COALESCE(l.date_last_stage_update, l.create_date),
                   CASE WHEN l.active THEN NULL ELSE COALESCE(l.date_closed, l.write_date) END,
                   CASE WHEN l.active THEN NULL ELSE 'lost' END,
                   l.active,
                   0.0,
                   %(uid)s, l.user_id, l.team_id, l.company_id, l.expected_revenue,
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM crm_lead l
             WHERE l.stage_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM crm_lead_stage_history h WHERE h.lead_id = l.id)
            """,
            uid=env.uid,
        )
    )
