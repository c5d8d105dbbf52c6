"""Benchmark of the competitive analysis (issue 14): ``crm.competitor.get_win_rates`` and the
``crm.competitor.report`` pivot (competitor × outcome), each against one hand-written SQL query.

Generates 20 competitors, 20,000 closed deals (2 of 5 won, the others lost) over the last
two years and 50,000 competitor lines on them (2 or 3 per deal, with prices, delivery times,
gaps, outcomes and one winner per lost deal) with set-based INSERTs inside one transaction of
a database that has crm_manufacturing_competitor installed; times the ORM calls as the sales
manager (admin, record rules applied) and the hand-written queries, then rolls back.

    $VENV/bin/python bench/bench_competitor.py --db crm_mfg_competitor [--deals 20000 --lines 50000]
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_funnel import odoo_env

HAND_WIN_RATES = """
SELECT lc.competitor_id, c.name, count(*),
       count(*) FILTER (WHERE lc.outcome = 'won'),
       count(*) FILTER (WHERE lc.outcome = 'lost_to_them'),
       count(*) FILTER (WHERE lc.outcome = 'lost_to_other'),
       COALESCE(sum(l.expected_revenue) FILTER (WHERE lc.outcome = 'lost_to_them'), 0),
       count(*) FILTER (WHERE lc.outcome = 'won' AND lc.price_gap_known
                          AND lc.price_gap_percent < -10),
       count(*) FILTER (WHERE lc.outcome = 'lost_to_them' AND lc.price_gap_known
                          AND lc.price_gap_percent < -10),
       count(*) FILTER (WHERE lc.outcome = 'won' AND lc.price_gap_known
                          AND lc.price_gap_percent >= -10 AND lc.price_gap_percent < 0),
       count(*) FILTER (WHERE lc.outcome = 'lost_to_them' AND lc.price_gap_known
                          AND lc.price_gap_percent >= -10 AND lc.price_gap_percent < 0),
       count(*) FILTER (WHERE lc.outcome = 'won' AND lc.price_gap_known
                          AND lc.price_gap_percent >= 0),
       count(*) FILTER (WHERE lc.outcome = 'lost_to_them' AND lc.price_gap_known
                          AND lc.price_gap_percent >= 0),
       count(*) FILTER (WHERE lc.outcome = 'won' AND NOT lc.price_gap_known),
       count(*) FILTER (WHERE lc.outcome = 'lost_to_them' AND NOT lc.price_gap_known)
  FROM crm_lead_competitor lc
  JOIN crm_lead l ON l.id = lc.lead_id
  JOIN crm_competitor c ON c.id = lc.competitor_id
 WHERE lc.outcome != 'open' AND l.date_closed >= %(start)s AND l.date_closed < %(end)s
 GROUP BY lc.competitor_id, c.name
"""

HAND_WIN_RATES_BY_BAND = """
SELECT lc.competitor_id, c.name, lc.outcome,
       CASE WHEN NOT lc.price_gap_known THEN 'unknown'
            WHEN lc.price_gap_percent < -10 THEN 'them_cheaper_10'
            WHEN lc.price_gap_percent < 0 THEN 'them_cheaper_0_10'
            ELSE 'we_cheaper' END,
       count(*), sum(l.expected_revenue)
  FROM crm_lead_competitor lc
  JOIN crm_lead l ON l.id = lc.lead_id
  JOIN crm_competitor c ON c.id = lc.competitor_id
 WHERE lc.outcome != 'open' AND l.date_closed >= %(start)s AND l.date_closed < %(end)s
 GROUP BY 1, 2, 3, 4
"""

HAND_PIVOT = """
SELECT lc.competitor_id, lc.outcome, count(*), sum(l.expected_revenue)
  FROM crm_lead_competitor lc
  JOIN crm_lead l ON l.id = lc.lead_id
 WHERE lc.outcome IN ('won', 'lost_to_them', 'lost_to_other')
 GROUP BY lc.competitor_id, lc.outcome
"""


def generate(env, deals, lines):
    cr = env.cr
    company = env.company.id
    user = env.ref("base.user_admin").id
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1).id
    other_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1).id
    competitors = env["crm.competitor"].create(
        [{"name": f"Bench Press Maker {i}", "company_id": company} for i in range(20)]
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, stage_id, user_id, company_id, expected_revenue,
                              probability, date_closed, our_lead_time_days, loss_factor,
                              create_date, write_date, create_uid, write_uid)
        SELECT 'bench deal ' || i, 'opportunity', i %% 5 < 2,
               CASE WHEN i %% 5 < 2 THEN %(won)s ELSE %(other)s END, %(user)s, %(company)s,
               100000 + (i %% 97) * 10000, CASE WHEN i %% 5 < 2 THEN 100 ELSE 0 END,
               now() - (i %% 730) * interval '1 day', 60 + i %% 120,
               CASE WHEN i %% 5 >= 2 THEN (ARRAY['price', 'lead_time', 'technical',
                    'relationship', 'service', 'financing', 'other'])[1 + i %% 7] END,
               now(), now(), 1, 1
          FROM generate_series(1, %(n)s) i
        RETURNING id
        """,
        {"won": won_stage, "other": other_stage, "user": user, "company": company, "n": deals},
    )
    lead_ids = [row[0] for row in cr.fetchall()]
    # line k of deal n: competitor (n * 7 + k * 3) mod 20 (distinct for k = 0, 1, 2); deals
    # get 3 lines until the total is reached, then 2; on a lost deal line 0 took it
    cr.execute(
        """
        WITH deal AS (
            SELECT l.id, l.active, l.expected_revenue, l.our_lead_time_days,
                   row_number() OVER (ORDER BY l.id) - 1 AS n
              FROM crm_lead l WHERE l.id = ANY(%(ids)s)
        ), g AS (
            SELECT deal.*, k,
                   deal.expected_revenue * (0.8 + ((deal.n * 13 + k * 7) %% 45) / 100.0)
                       AS price,
                   CASE WHEN (deal.n + k) %% 9 = 0 THEN 0
                        ELSE 40 + (deal.n * 11 + k * 17) %% 200 END AS days
              FROM deal CROSS JOIN generate_series(0, 2) k
             WHERE k < 2 OR deal.n < %(lines)s - 2 * %(deals)s
        )
        INSERT INTO crm_lead_competitor (lead_id, competitor_id, company_id, quoted_price,
                                         lead_time_days, warranty_months, threat, threat_sequence,
                                         is_winner, price_gap_known, price_gap_percent,
                                         lead_time_gap_known, lead_time_gap_days, outcome,
                                         create_date, write_date, create_uid, write_uid)
        SELECT g.id, (%(competitors)s::int[])[1 + (g.n * 7 + g.k * 3) %% 20], %(company)s,
               CASE WHEN (g.n + g.k) %% 10 = 0 THEN 0 ELSE g.price END, g.days, 12,
               (ARRAY['low', 'medium', 'high'])[1 + (g.n + g.k) %% 3], (g.n + g.k) %% 3,
               NOT g.active AND g.k = 0,
               (g.n + g.k) %% 10 != 0,
               CASE WHEN (g.n + g.k) %% 10 = 0 THEN 0
                    ELSE (g.price - g.expected_revenue) / g.expected_revenue * 100 END,
               g.days > 0, CASE WHEN g.days > 0 THEN g.days - g.our_lead_time_days ELSE 0 END,
               CASE WHEN g.active THEN 'won' WHEN g.k = 0 THEN 'lost_to_them'
                    ELSE 'lost_to_other' END,
               now(), now(), 1, 1
          FROM g
        """,
        {
            "ids": lead_ids,
            "competitors": competitors.ids,
            "company": company,
            "lines": lines,
            "deals": deals,
        },
    )
    cr.execute(
        """UPDATE crm_lead l SET lost_to_competitor_id = lc.competitor_id
             FROM crm_lead_competitor lc
            WHERE lc.lead_id = l.id AND lc.is_winner AND l.id = ANY(%s)""",
        [lead_ids],
    )
    cr.execute("ANALYZE crm_lead; ANALYZE crm_lead_competitor; ANALYZE crm_competitor")
    cr.execute("SELECT count(*) FROM crm_lead_competitor WHERE lead_id = ANY(%s)", [lead_ids])
    return len(lead_ids), cr.fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument("--deals", type=int, default=20000)
    parser.add_argument("--lines", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        deals, lines = generate(env, args.deals, args.lines)
        print(
            f"scale: {deals} closed deals, {lines} competitor lines "
            f"(generated in {time.perf_counter() - started:.1f} s)"
        )
        manager = env(user=env.ref("base.user_admin").id)
        Competitor = manager["crm.competitor"]
        Report = manager["crm.competitor.report"]
        today = odoo.fields.Date.today()
        date_from = odoo.fields.Date.subtract(today, days=365)
        params = {
            "start": odoo.fields.Datetime.to_datetime(date_from),
            "end": odoo.fields.Datetime.to_datetime(odoo.fields.Date.add(today, days=1)),
        }

        def measure(label, func):
            timings, queries = [], 0
            for _run in range(args.repeat):
                env.invalidate_all()
                before = cr.sql_log_count
                started = time.perf_counter()
                func()
                timings.append(time.perf_counter() - started)
                queries = cr.sql_log_count - before
            median = statistics.median(timings)
            print(
                f"{label}: median {median:.3f} s (min {min(timings):.3f} s, "
                f"{args.repeat} runs), {queries} queries"
            )
            return median

        rates = Competitor.get_win_rates(date_from, today, [])
        print(
            f"  get_win_rates: {len(rates)} competitors, "
            f"{sum(r['deal_count'] for r in rates)} lines in the last 365 days"
        )
        orm = measure(
            "get_win_rates (last 365 days, ORM, record rules)",
            lambda: Competitor.get_win_rates(date_from, today, []),
        )
        hand = measure(
            "hand-written SQL of the win rates (one row per competitor)",
            lambda: (cr.execute(HAND_WIN_RATES, params), cr.fetchall()),
        )
        hand_by_band = measure(
            "hand-written SQL of the win rates (one row per competitor, outcome and band)",
            lambda: (cr.execute(HAND_WIN_RATES_BY_BAND, params), cr.fetchall()),
        )
        print(f"  ratio ORM / fastest hand-written SQL: {orm / min(hand, hand_by_band):.2f}")
        orm = measure(
            "report pivot competitor x outcome (read_group, ORM, record rules)",
            lambda: Report.read_group(
                [], ["expected_revenue:sum"], ["competitor_id", "outcome"], lazy=False
            ),
        )
        hand = measure(
            "hand-written SQL of the pivot",
            lambda: (cr.execute(HAND_PIVOT), cr.fetchall()),
        )
        print(f"  ratio ORM / hand-written SQL: {orm / hand:.2f}")
        measure(
            "report list, first page (search_read limit 80 + search_count)",
            lambda: (
                Report.search_read(
                    [],
                    [
                        "date_closed",
                        "competitor_id",
                        "lead_id",
                        "outcome",
                        "expected_revenue",
                        "price_gap_percent",
                        "price_gap_band",
                        "lead_time_gap_days",
                    ],
                    limit=80,
                ),
                Report.search_count([]),
            ),
        )
        measure(
            "Excel export of the last 30 days (rows built with the ORM)",
            lambda: Report._xlsx_rows(
                [("date_closed", ">=", odoo.fields.Date.subtract(today, days=30))]
            ),
        )
        cr.rollback()


if __name__ == "__main__":
    main()
