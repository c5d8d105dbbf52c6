"""Benchmark of the customer lifecycle stage and RFM figures (issue 18).

In a database with crm_manufacturing_customer installed, generates in SQL N customers
(default 50,000) with M confirmed orders each (default 10: 500,000 orders) spread over the last
five years, and a lead for one customer in five, then times, as the median of several runs
after a warm-up run:
  - the stage refresh of every customer (``res.partner._refresh_customer_stage()``), once from
    scratch (every stage written, history rows added) and in steady state (nothing changed, the
    daily case), against a hand-written SQL query computing the same stages;
  - the RFM/value refresh of the company (``res.partner._refresh_customer_value()``), from
    scratch and in steady state, against a hand-written SQL query computing the same figures,
    and the refresh of one customer as done at an order confirmation;
checks that the hand SQL gives every stored figure of every customer (stage; last order,
frequency, monetary, scores, segment, growth, average order, last 12 months), prints the counts
per stage and segment of both side by side, the times, ratios and load average, and rolls
everything back. With --keep the generated data is committed once (then VACUUM ANALYZE, as
autovacuum would) and reused; the stored figures are cleared before each bench so that the
first run writes everything. The hand SQL runs in the refreshes' transaction, so with their
settings (work_mem, no JIT); as a select it may use parallel workers, the refresh (an UPDATE)
cannot.

    $VENV/bin/python bench/bench_customer.py --db crm_mfg_customer [--customers 50000]
        [--orders 10] [--repeat 5]
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import sale_order_stock_columns
from bench_funnel import odoo_env

HAND_STAGE_SQL = """
-- the stage of every commercial partner, as one would write it for a report: orders and
-- leads joined to their partner row by row, grouped by commercial partner
SELECT p.id,
       CASE WHEN o.n > 0 AND o.last < %(today)s::timestamp
                                      - make_interval(months => COALESCE(c.crm_dormant_months, 24))
                THEN 'dormant'
            WHEN o.n >= 2 THEN 'repeat'
            WHEN o.n = 1 THEN 'customer'
            WHEN l.opp THEN 'opportunity'
            WHEN l.lead THEN 'prospect'
            WHEN l.lost THEN 'lost'
            ELSE 'target' END
  FROM res_partner p
  LEFT JOIN res_company c ON c.id = p.company_id
  LEFT JOIN (SELECT cp.commercial_partner_id AS pid, COUNT(*) AS n, MAX(so.date_order) AS last
               FROM sale_order so JOIN res_partner cp ON cp.id = so.partner_id
              WHERE so.state = 'sale' GROUP BY 1) o ON o.pid = p.id
  LEFT JOIN (SELECT cp.commercial_partner_id AS pid,
                    BOOL_OR(cl.active AND cl.type = 'opportunity') AS opp,
                    BOOL_OR(cl.active AND cl.type = 'lead') AS lead,
                    BOOL_OR(NOT cl.active AND cl.probability = 0) AS lost
               FROM crm_lead cl JOIN res_partner cp ON cp.id = cl.partner_id GROUP BY 1) l
         ON l.pid = p.id
 WHERE p.id = p.commercial_partner_id
"""

# the same figures as the refresh, rounded the same way: one row per customer of the company
# (partner, last order date, frequency, monetary, r, f, m, segment, growth, average, last 12
# months)
HAND_RFM_SQL = """
WITH c AS (
    SELECT cp.commercial_partner_id AS pid, MAX(so.date_order) AS last,
           COUNT(*) FILTER (WHERE so.date_order >= %(window)s) AS f,
           COALESCE(SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                    FILTER (WHERE so.date_order >= %(window)s), 0) AS m,
           COALESCE(SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                    FILTER (WHERE so.date_order >= %(last12)s), 0) AS l12,
           COALESCE(SUM(so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1))
                    FILTER (WHERE so.date_order >= %(prev12)s AND so.date_order < %(last12)s),
                    0) AS p12
      FROM sale_order so JOIN res_partner cp ON cp.id = so.partner_id
     WHERE so.state = 'sale' AND so.company_id = %(company)s
  GROUP BY 1
),
s AS (
    SELECT c.*, ntile(5) OVER (ORDER BY last::date, pid) AS r,
           ntile(5) OVER (ORDER BY f, pid) AS fs, ntile(5) OVER (ORDER BY m, pid) AS ms
      FROM c
)
SELECT pid, last::date, f::int, ROUND(m, 2)::float, r, fs, ms,
       CASE WHEN r >= 4 AND fs = 1 THEN 'new'
            WHEN r >= 4 AND fs + ms >= 8 THEN 'champion'
            WHEN r >= 3 AND fs + ms >= 6 THEN 'loyal'
            WHEN r >= 3 THEN 'potential'
            WHEN fs + ms >= 6 THEN 'at_risk'
            WHEN r = 2 THEN 'hibernating'
            ELSE 'lost' END,
       CASE WHEN p12 > 0 THEN ROUND((l12 - p12) / p12 * 100, 2)::float ELSE 0 END,
       CASE WHEN f > 0 THEN ROUND(m / f, 2)::float ELSE 0 END,
       ROUND(l12, 2)::float
  FROM s
"""

# the stored figures, in the columns of HAND_RFM_SQL
STORED_RFM_SQL = """
SELECT id, (rfm_last_order_date->>%(key)s)::date, (rfm_frequency->>%(key)s)::int,
       (rfm_monetary->>%(key)s)::float, (rfm_r->>%(key)s)::int, (rfm_f->>%(key)s)::int,
       (rfm_m->>%(key)s)::int, rfm_segment->>%(key)s, (value_growth_percent->>%(key)s)::float,
       (avg_order_amount->>%(key)s)::float, (amount_last_12_months->>%(key)s)::float
  FROM res_partner WHERE rfm_segment ? %(key)s
"""


def generate(env, args):
    """Customers, orders and leads inserted in SQL (the ORM would take an hour), each table in
    one ``INSERT ... SELECT`` over ``generate_series``. The rows are consistent by construction:
    as a superuser, their foreign-key triggers (19 on sale_order: 9.5 million checks for
    500,000 orders) are skipped during the generation (``session_replication_role``)."""
    cr = env.cr
    company = env.company
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if cr.fetchone()[0]:
        cr.execute("SET LOCAL session_replication_role = replica")
    cr.execute(
        """
        WITH new AS (SELECT nextval('res_partner_id_seq') AS id, k
                       FROM generate_series(1, %(n)s) k)
        INSERT INTO res_partner (id, commercial_partner_id, name, complete_name, is_company,
                                 active, type, company_id, autopost_bills, create_date,
                                 write_date)
        SELECT id, id, 'Bench customer ' || k, 'Bench customer ' || k, true, true, 'contact',
               NULL, 'ask', now(), now()
          FROM new
      ORDER BY k
     RETURNING id
        """,
        {"n": args.customers},
    )
    partner_ids = sorted(row[0] for row in cr.fetchall())
    params = {
        "company": company.id,
        "currency": company.currency_id.id,
        "partners": partner_ids,
        "orders": args.orders,
    }
    stock_columns, stock_values = sale_order_stock_columns(env, company)
    # orders spread over five years (some customers' orders are all older than 24 months)
    cr.execute(
        f"""
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, currency_id, date_order, state, amount_untaxed,
                                amount_total, currency_rate{stock_columns})
        SELECT 'BENCH-SO-' || p || '-' || k, p, p, p, %(company)s, %(currency)s,
               now() - make_interval(days => ((p * 37 + k * 101) %% 1825)
                                             + CASE WHEN p %% 10 = 0 THEN 800 ELSE 0 END),
               'sale', 1000 + (p * k) %% 9000, 1000 + (p * k) %% 9000, 1{stock_values}
          FROM unnest(%(partners)s::int[]) p CROSS JOIN generate_series(1, %(orders)s) k
        """,
        params,
    )
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, probability, partner_id, company_id,
                              create_date, write_date)
        SELECT 'Bench lead ' || p, CASE WHEN p %% 2 = 0 THEN 'opportunity' ELSE 'lead' END,
               true, 10, p, %(company)s, now(), now()
          FROM unnest(%(partners)s::int[]) p WHERE p %% 5 = 0
        """,
        params,
    )
    cr.execute("SET LOCAL session_replication_role = DEFAULT")
    cr.execute("ANALYZE res_partner; ANALYZE sale_order; ANALYZE crm_lead")
    return partner_ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_customer")
    parser.add_argument("--customers", type=int, default=50000)
    parser.add_argument("--orders", type=int, default=10, help="confirmed orders per customer")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measure (median)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="commit the generated data and reuse it in the next runs (a database for "
        "benchmarks only); the measures are still rolled back",
    )
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    from odoo.addons.crm_manufacturing_customer.models.customer_sql import (  # noqa: PLC0415
        VALUE_COLUMNS,
    )

    # what the runs leave stored, cleared before the first run on reused data
    stored_figures = ("customer_stage", "customer_stage_date", *VALUE_COLUMNS)

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env.company.write({"crm_dormant_months": 24, "crm_rfm_years": 3})
        partner = env["res.partner"]
        t0 = time.perf_counter()
        cr.execute("SELECT id FROM res_partner WHERE name LIKE 'Bench customer %%' ORDER BY id")
        partner_ids = [row[0] for row in cr.fetchall()]
        if partner_ids and args.keep:
            print(f"reusing the {len(partner_ids)} bench customers of {args.db}")
            # a real first run: nothing stored yet (committed, like the generated data)
            columns = ", ".join(f"{name} = NULL" for name in stored_figures)
            cr.execute(
                f"UPDATE res_partner SET {columns} WHERE customer_stage IS NOT NULL OR rfm_segment IS NOT NULL"
            )
            cr.execute("DELETE FROM crm_customer_stage_history")
            cr.commit()
            vacuum(cr)
        else:
            partner_ids = generate(env, args)
            if args.keep:
                cr.commit()
                vacuum(cr)
        cr.execute("SELECT count(*) FROM sale_order WHERE state = 'sale'")
        orders = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM res_partner WHERE id = commercial_partner_id")
        commercial = cr.fetchone()[0]
        print(
            f"scale: {len(partner_ids)} bench customers ({commercial} commercial partners), "
            f"{orders} confirmed orders (generated or reset in {time.perf_counter() - t0:.1f} s);"
            f" median of {args.repeat} runs after a warm-up run; load average "
            f"{' '.join(f'{load:.1f}' for load in os.getloadavg())}"
        )

        def once(func):
            env.invalidate_all()
            start = time.perf_counter()
            result = func()
            return time.perf_counter() - start, result

        def timed(func):
            times = [once(func)[0] for _i in range(args.repeat + 1)]
            return statistics.median(times[1:])

        today = odoo.fields.Date.context_today(partner)
        hand_params = {
            "today": today,
            "company": env.company.id,
            "key": str(env.company.id),
            "window": today - relativedelta(years=3),
            "last12": today - relativedelta(months=12),
            "prev12": today - relativedelta(months=24),
        }

        def hand(query):
            def run():
                cr.execute(query, hand_params)
                return cr.fetchall()

            return run

        def side_by_side(title, method_rows, hand_rows):
            differ = sum(1 for pid, row in hand_rows.items() if method_rows.get(pid) != row)
            differ += len(set(method_rows) - set(hand_rows))
            print(
                f"{title}: method {len(method_rows)} rows, hand SQL {len(hand_rows)} rows, "
                f"{differ} differ"
            )
            assert not differ, f"{title}: the method and the hand SQL differ"

        def counts(rows, index):
            found = {}
            for row in rows.values():
                found[row[index]] = found.get(row[index], 0) + 1
            return dict(sorted(found.items(), key=lambda item: str(item[0])))

        # the hand SQL runs in the transaction of the refreshes: with their work_mem and
        # without JIT (set_config(..., true) of the refresh), parallel workers allowed
        # ---- stages
        first, changes = once(partner._refresh_customer_stage)
        steady = timed(partner._refresh_customer_stage)
        hand_stage = timed(hand(HAND_STAGE_SQL))
        expected = {pid: (stage,) for pid, stage in hand(HAND_STAGE_SQL)()}
        cr.execute("SELECT id, customer_stage FROM res_partner WHERE id = commercial_partner_id")
        stored = {pid: (stage,) for pid, stage in cr.fetchall()}
        side_by_side("stage", stored, expected)
        print(f"  per stage, method: {counts(stored, 0)}")
        print(f"  per stage, hand:   {counts(expected, 0)}")
        print(f"stage, first run (all {len(changes)} changed, history written): {first:.2f} s")
        print(f"stage, steady state (method):  {steady:.2f} s")
        print(f"stage, hand SQL (select only): {hand_stage:.2f} s  ratio {steady / hand_stage:.2f}")

        # ---- RFM and value figures
        refresh = lambda: partner._refresh_customer_value(env.company)  # noqa: E731
        first_rfm, result = once(refresh)
        steady_rfm = timed(refresh)
        hand_rfm = timed(hand(HAND_RFM_SQL))
        expected = {row[0]: row[1:] for row in hand(HAND_RFM_SQL)()}
        stored = {row[0]: row[1:] for row in hand(STORED_RFM_SQL)()}
        side_by_side("RFM", stored, expected)
        print(f"  per segment, method: {counts(stored, 6)}")
        print(f"  per segment, hand:   {counts(expected, 6)}")
        print(f"RFM, first run ({result[env.company.id][0]} rows written): {first_rfm:.2f} s")
        print(f"RFM, steady state (method):  {steady_rfm:.2f} s")
        print(f"RFM, hand SQL (select only): {hand_rfm:.2f} s  ratio {steady_rfm / hand_rfm:.2f}")
        print(
            f"stage + RFM, steady state: {steady + steady_rfm:.2f} s, hand SQL "
            f"{hand_stage + hand_rfm:.2f} s, ratio {(steady + steady_rfm) / (hand_stage + hand_rfm):.2f}"
        )
        one = partner.browse(partner_ids[:1])
        confirm = timed(lambda: partner._refresh_customer_value(env.company, one))
        print(
            f"RFM of one customer at a confirmation (ranked among stored figures): {confirm:.2f} s"
        )
        print(f"load average at the end: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
        cr.rollback()


def vacuum(cr):
    """VACUUM ANALYZE of the tables read, outside the transaction: the visibility map and
    statistics a live database has (autovacuum) after the committed generation."""
    cnx = cr._cnx
    cnx.autocommit = True
    try:
        with cnx.cursor() as raw:
            for table in ("sale_order", "res_partner", "crm_lead"):
                raw.execute(f"VACUUM ANALYZE {table}")
    finally:
        cnx.autocommit = False


if __name__ == "__main__":
    main()
