"""Benchmark of crm.lead.stage.history.get_funnel (issue: sales project stages).

Generates 20,000 opportunities with 100,000 stage-history rows inside one
transaction of an existing database that has crm_manufacturing installed, times
get_funnel() over a year against one hand-written SQL query computing the same
table, prints both and the ratio, then rolls everything back.

    $VENV/bin/python bench/bench_funnel.py --db crm_mfg_test [--leads 20000]

(The venv and Odoo are the ones of `make setup`; the script reads the Odoo
source from ~/.local/share/crm_manufacturing/env.sh.)
"""

import argparse
import os
import sys
import time


def odoo_env(db):
    state = os.environ.get("CRM_MFG_HOME", os.path.expanduser("~/.local/share/crm_manufacturing"))
    src = open(os.path.join(state, "env.sh")).read().split("=", 1)[1].strip().strip("'\"")
    sys.path.insert(0, src)
    import odoo  # noqa: PLC0415 (Odoo is found at run time)

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    odoo.tools.config.parse_config(
        ["-d", db, f"--addons-path={src}/addons,{src}/odoo/addons,{here}/addons"]
    )
    registry = odoo.modules.registry.Registry(db)
    return odoo, registry


HAND_SQL = """
SELECT h.stage_id,
       count(*) FILTER (WHERE h.date_in < %(start)s),
       count(*) FILTER (WHERE h.date_in >= %(start)s),
       count(*) FILTER (WHERE h.date_out < %(end)s AND h.exit_type IN ('forward', 'backward')),
       count(*) FILTER (WHERE h.date_out < %(end)s AND h.exit_type = 'won'),
       count(*) FILTER (WHERE h.date_out < %(end)s AND h.exit_type = 'lost'),
       count(*) FILTER (WHERE h.date_out IS NULL OR h.date_out >= %(end)s)
  FROM crm_lead_stage_history h
 WHERE h.date_in < %(end)s AND (h.date_out IS NULL OR h.date_out >= %(start)s)
 GROUP BY h.stage_id
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument("--leads", type=int, default=20000)
    parser.add_argument("--rows-per-lead", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        stages = env["crm.stage"].search([]).ids
        company = env.company.id
        user = env.ref("base.user_admin").id
        t0 = time.perf_counter()
        cr.execute(
            """
            INSERT INTO crm_lead (name, type, active, stage_id, user_id, company_id, expected_revenue,
                                  probability, create_date, write_date, create_uid, write_uid)
            SELECT 'bench ' || i, 'opportunity', true, %(stage)s, %(user)s, %(company)s, 1000 * i,
                   10, now() - interval '400 days', now(), 1, 1
              FROM generate_series(1, %(n)s) i
            RETURNING id
            """,
            {"stage": stages[0], "user": user, "company": company, "n": args.leads},
        )
        lead_ids = [row[0] for row in cr.fetchall()]
        # k rows per lead: stays of 20..60 days through the stages, the last one open
        cr.execute(
            """
            INSERT INTO crm_lead_stage_history (lead_id, stage_id, date_in, date_out, exit_type,
                                                is_open, duration_days, user_id, salesperson_id,
                                                company_id, expected_revenue)
            SELECT l.id,
                   (%(stages)s::int[])[1 + (k - 1) %% array_length(%(stages)s::int[], 1)],
                   now() - interval '400 days' + (k * 70 + l.id %% 50) * interval '1 day',
                   CASE WHEN k < %(k)s THEN now() - interval '400 days' + ((k + 1) * 70 + l.id %% 50) * interval '1 day' END,
                   CASE WHEN k = %(k)s THEN NULL
                        WHEN l.id %% 11 = 0 THEN 'lost' WHEN l.id %% 7 = 0 THEN 'backward'
                        WHEN l.id %% 13 = 0 THEN 'won' ELSE 'forward' END,
                   k = %(k)s, 0, %(user)s, %(user)s, %(company)s, 1000
              FROM crm_lead l CROSS JOIN generate_series(1, %(k)s) k
             WHERE l.id = ANY(%(ids)s)
            """,
            {
                "stages": stages,
                "k": args.rows_per_lead,
                "user": user,
                "company": company,
                "ids": lead_ids,
            },
        )
        cr.execute("ANALYZE crm_lead_stage_history; ANALYZE crm_lead")
        cr.execute("SELECT count(*) FROM crm_lead_stage_history")
        rows = cr.fetchone()[0]
        print(
            f"generated {len(lead_ids)} leads, history now {rows} rows, in {time.perf_counter() - t0:.1f} s"
        )

        History = env["crm.lead.stage.history"]
        today = odoo.fields.Date.today()
        date_from, date_to = odoo.fields.Date.subtract(today, days=365), today
        start = odoo.fields.Datetime.to_datetime(date_from)
        end = odoo.fields.Datetime.to_datetime(odoo.fields.Date.add(date_to, days=1))

        def best(func):
            times = []
            for _i in range(args.repeat):
                env.invalidate_all()
                t = time.perf_counter()
                func()
                times.append(time.perf_counter() - t)
            return min(times)

        t_funnel = best(lambda: History.get_funnel(date_from, date_to))
        t_sql = best(lambda: (cr.execute(HAND_SQL, {"start": start, "end": end}), cr.fetchall()))
        salesman = env["res.users"].search(
            [
                ("groups_id", "in", env.ref("sales_team.group_sale_salesman_all_leads").id),
                ("share", "=", False),
            ],
            limit=1,
        )
        t_user = best(lambda: History.with_user(salesman).get_funnel(date_from, date_to))
        print(f"get_funnel (superuser), one year:        {t_funnel * 1000:8.1f} ms")
        print(f"get_funnel (user {salesman.login}, record rules): {t_user * 1000:8.1f} ms")
        print(f"hand-written SQL, same table:            {t_sql * 1000:8.1f} ms")
        print(f"ratio get_funnel / SQL:                  {t_funnel / t_sql:8.2f}")
        cr.rollback()


if __name__ == "__main__":
    main()
