"""Benchmark of the Budget Execution report (issue: project expenses).

Generates, inside one transaction of an existing database that has
crm_manufacturing_expense installed, 20,000 opportunities with 3 budget lines each
and 200,000 expenses (10 per deal over 4 stages, 3 categories and 12 months; 30 %
submitted, 60 % approved, 10 % posted), then prints the medians of several alternating runs of:

- the pivot's default view (deal x stage): ``_read_group`` on the report by deal and
  stage with every measure, deal names included (as the web client asks);
- ``get_budget_execution()`` for XML-RPC, default grouping deal x stage x category x
  month (about 20,000 x 3 x 12 rows), names included;
- the same grouped by stage only (the pivot's collapsed header);
- one hand-written SQL query for each of the first two, computing the same cells or rows
  directly from the tables with the names in them (the deal's for the pivot; deal, stage
  and category for get_budget_execution), money summed as stored (numeric); for the pivot
  also the same query summing float8 as the report does, and the same cells read by hand
  from the stored summary per deal and stage that the report reads for them (the data is
  generated in SQL, as an import would be, so the summary is rebuilt after it: timed);

checks that cells, rows, order and totals agree (the totals are printed), prints the
medians and the ratios, then rolls everything back.

    $VENV/bin/python bench/bench_expense.py --db crm_mfg_expense [--deals 20000] [--per-deal 10]

(The venv and Odoo are the ones of `make setup`; the script reads the Odoo source from
~/.local/share/crm_manufacturing/env.sh.) Use --deals 5000 on a busy machine: the scale used
is printed.
"""

import argparse
import json
import os
import statistics
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


# budget, committed, actual, remaining and used % of a group, as the report computes them
HAND_FIGURES = """SUM(m.budget), SUM(m.committed), SUM(m.actual),
       SUM(m.budget) - SUM(m.committed) - SUM(m.actual),
       CASE WHEN SUM(m.budget) <> 0
            THEN round((SUM(m.actual) * 100.0 / SUM(m.budget))::numeric, 2) ELSE 0 END"""
# the same cells as the pivot (deal x stage), straight from the tables, with the deal's name
# in each cell as the pivot shows it; the money summed as stored (numeric), as one would write
# it by hand ({money} is the column's expression: the float8 variant sums like the report)
HAND_SQL_LEAD_STAGE = (
    """
SELECT l.name, m.stage_id, """
    + HAND_FIGURES
    + """, SUM(m.n)
  FROM (SELECT lead_id, stage_id, {money}(amount) AS budget, {money}(0.0) AS committed,
               {money}(0.0) AS actual, 0 AS n
          FROM crm_lead_expense_budget
        UNION ALL
        SELECT lead_id, lead_stage_id,
               {money}(0.0),
               CASE WHEN state = 'submitted' THEN {money}(total_amount) ELSE 0.0 END,
               CASE WHEN state IN ('approved', 'done') THEN {money}(total_amount) ELSE 0.0 END,
               1
          FROM hr_expense
         WHERE lead_id IS NOT NULL AND state IN ('submitted', 'approved', 'done')) m
  LEFT JOIN crm_lead l ON l.id = m.lead_id
 GROUP BY m.lead_id, l.name, m.stage_id
"""
)
# the pivot's cells read by hand from the stored summary per deal and stage (the table the
# report reads for this question): the lower bound of any query on that table
HAND_SQL_SUMMARY = (
    """
SELECT l.name, m.stage_id, """
    + HAND_FIGURES
    + """, SUM(m.expense_count)
  FROM crm_expense_budget_summary m
  LEFT JOIN crm_lead l ON l.id = m.lead_id
 GROUP BY m.lead_id, l.name, m.stage_id
"""
)
# the same rows as get_budget_execution(): deal x stage x category x month with the names of
# the deal, stage and category in each row, in its order
HAND_SQL_FULL = (
    """
SELECT m.lead_id, l.name, m.stage_id, s.name->>'en_US', m.product_id, t.name->>'en_US',
       to_char(m.month, 'YYYY-MM'), """
    + HAND_FIGURES
    + """, SUM(m.n)
  FROM (SELECT lead_id, stage_id, product_id, date_trunc('month', create_date) AS month,
               amount AS budget, 0.0 AS committed, 0.0 AS actual, 0 AS n
          FROM crm_lead_expense_budget
        UNION ALL
        SELECT lead_id, lead_stage_id, product_id, date_trunc('month', date),
               0.0,
               CASE WHEN state = 'submitted' THEN total_amount ELSE 0.0 END,
               CASE WHEN state IN ('approved', 'done') THEN total_amount ELSE 0.0 END,
               1
          FROM hr_expense
         WHERE lead_id IS NOT NULL AND state IN ('submitted', 'approved', 'done')) m
  LEFT JOIN crm_lead l ON l.id = m.lead_id
  LEFT JOIN crm_stage s ON s.id = m.stage_id
  LEFT JOIN product_product p ON p.id = m.product_id
  LEFT JOIN product_template t ON t.id = p.product_tmpl_id
 GROUP BY m.lead_id, l.name, m.stage_id, s.name, m.product_id, t.name, m.month
 ORDER BY m.lead_id, m.stage_id NULLS FIRST, m.product_id NULLS FIRST, m.month NULLS FIRST
"""
)


def generate(env, deals, per_deal):
    """Deals, budget lines and expenses in SQL, in the current transaction."""
    cr = env.cr
    stages = env["crm.stage"].search([("team_id", "=", False)], limit=4).ids
    products = env["product.product"].search([("can_be_expensed", "=", True)], limit=3).ids
    company = env.company
    user = env.ref("base.user_admin").id
    employee = env["hr.employee"].search([("company_id", "=", company.id)], limit=1).id
    t0 = time.perf_counter()
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, stage_id, user_id, company_id,
                              expected_revenue, probability, create_date, write_date,
                              create_uid, write_uid)
        SELECT 'bench deal ' || i, 'opportunity', true, (%(stages)s::int[])[1 + i %% 4],
               %(user)s, %(company)s, 100000 * (1 + i %% 20), 10 * (1 + i %% 9),
               now() - interval '400 days', now(), 1, 1
          FROM generate_series(1, %(n)s) i
        RETURNING id
        """,
        {"stages": stages, "user": user, "company": company.id, "n": deals},
    )
    lead_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO crm_lead_expense_budget (lead_id, stage_id, stage_sequence, product_id,
                                             amount, company_id, create_date, write_date,
                                             create_uid, write_uid)
        SELECT l, (%(stages)s::int[])[k], k, (%(products)s::int[])[k], 5000 * k, %(company)s,
               now() - (k * 30) * interval '1 day', now(), 1, 1
          FROM unnest(%(ids)s::int[]) l CROSS JOIN generate_series(1, 3) k
        """,
        {"stages": stages, "products": products, "company": company.id, "ids": lead_ids},
    )
    cr.execute(
        """
        INSERT INTO hr_expense (name, employee_id, company_id, currency_id, payment_mode,
                                quantity, price_unit, product_id, total_amount,
                                total_amount_currency, untaxed_amount_currency, date, state,
                                lead_id, lead_stage_id, is_over_budget, create_date,
                                write_date, create_uid, write_uid)
        SELECT 'bench expense', %(employee)s, %(company)s, %(currency)s, 'own_account', 1,
               100 + (l * 7 + k * 13) %% 900, (%(products)s::int[])[1 + k %% 3],
               100 + (l * 7 + k * 13) %% 900, 100 + (l * 7 + k * 13) %% 900,
               100 + (l * 7 + k * 13) %% 900,
               (now() - ((l + k * 31) %% 365) * interval '1 day')::date,
               CASE WHEN k %% 10 < 3 THEN 'submitted' WHEN k %% 10 < 9 THEN 'approved'
                    ELSE 'done' END,
               l, (%(stages)s::int[])[1 + k %% 4], false, now(), now(), 1, 1
          FROM unnest(%(ids)s::int[]) l CROSS JOIN generate_series(1, %(k)s) k
        """,
        {
            "employee": employee,
            "company": company.id,
            "currency": company.currency_id.id,
            "products": products,
            "stages": stages,
            "ids": lead_ids,
            "k": per_deal,
        },
    )
    # generated in SQL, as an import would be: the summary per deal and stage is rebuilt
    t1 = time.perf_counter()
    rebuilt = env["crm.expense.budget.summary"]._rebuild()
    rebuild_time = time.perf_counter() - t1
    cr.execute(
        "ANALYZE crm_lead; ANALYZE crm_lead_expense_budget; ANALYZE hr_expense; "
        "ANALYZE crm_expense_budget_summary"
    )
    cr.execute("SELECT count(*) FROM hr_expense WHERE lead_id IS NOT NULL")
    expenses = cr.fetchone()[0]
    print(
        f"scale: {len(lead_ids)} deals, {len(lead_ids) * 3} budget lines, {expenses} "
        f"expenses linked to deals (generated in {time.perf_counter() - t0:.1f} s); "
        f"summary per deal and stage rebuilt for {rebuilt} deals in {rebuild_time:.2f} s"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_expense")
    parser.add_argument("--deals", type=int, default=20000)
    parser.add_argument("--per-deal", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of the ORM's queries and of the hand-written ones",
    )
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        generate(env, args.deals, args.per_deal)
        # as the administrator (a sales manager), not the superuser: the record rules apply
        # (the multi-company one joins the deal) as they do for the users of the report
        Report = env["crm.expense.budget.report"].with_user(env.ref("base.user_admin"))
        measures = [
            "budget:sum",
            "committed:sum",
            "actual:sum",
            "remaining:sum",
            "used_percent:avg",
            "expense_count:sum",
        ]

        def timed(pairs):
            """Run each (ORM, SQL) pair in turn, --repeat times, alternating, so that both
            sides of a ratio see the same load; medians and each run's own ratio."""
            times = {name: [] for name, _func in pairs}
            results = {}
            for _i in range(args.repeat):
                for name, func in pairs:
                    env.invalidate_all()
                    t = time.perf_counter()
                    results[name] = func()
                    times[name].append(time.perf_counter() - t)
            return times, results

        def pivot():
            groups = Report._read_group([], ["lead_id", "stage_id"], measures)
            return [(lead.display_name, stage.id, *values) for lead, stage, *values in groups]

        def hand_pivot(money=""):
            cr.execute(HAND_SQL_LEAD_STAGE.format(money=money))
            return cr.fetchall()

        def hand_summary():
            cr.execute(HAND_SQL_SUMMARY)
            return cr.fetchall()

        def hand_full():
            cr.execute(HAND_SQL_FULL)
            return cr.fetchall()

        def explain(label, func):
            """EXPLAIN ANALYZE of the SELECTs ``func`` runs (JIT shown when PostgreSQL uses it)."""
            queries = []
            execute = type(cr).execute

            def record(self, query, params=None, log_exceptions=True):
                if isinstance(query, odoo.tools.SQL):
                    queries.append(cr.mogrify(query.code, query.params).decode())
                else:
                    queries.append(cr.mogrify(query, params).decode())
                return execute(self, query, params, log_exceptions)

            type(cr).execute = record
            try:
                env.invalidate_all()
                func()
            finally:
                type(cr).execute = execute
            for query in queries:
                if not query.lstrip().upper().startswith("SELECT"):
                    continue
                cr.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query}")
                [plan] = cr.fetchone()[0]
                print(
                    f"--- {label}: {plan['Execution Time']:.0f} ms, "
                    f"JIT {json.dumps(plan.get('JIT', {}).get('Timing', 'not used'))}\n"
                    f"{query[:300]}"
                )
                cr.execute(f"EXPLAIN (ANALYZE, COSTS, TIMING OFF) {query}")
                print("\n".join(row[0][:200] for row in cr.fetchall()[:40]))

        if args.explain:
            explain("pivot", pivot)
            explain("hand pivot", hand_pivot)
            explain("hand summary", hand_summary)
            explain("get_budget_execution", Report.get_budget_execution)
            explain("hand full", hand_full)

        times, results = timed(
            [
                ("pivot", pivot),
                ("hand_pivot", hand_pivot),
                ("hand_pivot_float", lambda: hand_pivot("float8")),
                ("hand_summary", hand_summary),
                ("rpc", Report.get_budget_execution),
                ("hand_full", hand_full),
                ("stage", lambda: Report.get_budget_execution([], ["stage_id"])),
            ]
        )
        groups = results["pivot"]
        hand_rows = results["hand_pivot"]
        rows = results["rpc"]
        hand_full_rows = results["hand_full"]

        def totals(cells, columns):
            """Budget, committed, actual and expense count over all cells or rows."""
            return [round(float(sum(cell[i] or 0 for cell in cells)), 2) for i in columns]

        # the ORM and the hand-written queries agree: cells, rows and totals
        pivot_totals = totals(groups, (2, 3, 4, 7))
        hand_totals = totals(hand_rows, (2, 3, 4, 7))
        rpc_totals = [
            round(sum(row[key] for row in rows), 2)
            for key in ("budget", "committed", "actual", "expense_count")
        ]
        hand_full_totals = totals(hand_full_rows, (7, 8, 9, 12))
        print(f"totals budget, committed, actual, expenses: pivot {pivot_totals}")
        print(f"  hand-written pivot SQL {hand_totals}")
        print(f"  get_budget_execution() {rpc_totals}, its hand-written SQL {hand_full_totals}")
        assert pivot_totals == hand_totals == rpc_totals == hand_full_totals
        assert totals(results["hand_pivot_float"], (2, 3, 4, 7)) == hand_totals
        assert totals(results["hand_summary"], (2, 3, 4, 7)) == hand_totals
        assert len(groups) == len(hand_rows), (len(groups), len(hand_rows))
        assert len(rows) == len(hand_full_rows), (len(rows), len(hand_full_rows))
        assert [(row["lead_name"], row["date_month"]) for row in rows] == [
            (row[1], row[6]) for row in hand_full_rows
        ]
        median = {name: statistics.median(values) for name, values in times.items()}

        def ratios(orm, sql):
            each = sorted(o / s for o, s in zip(times[orm], times[sql], strict=True))
            return f"{median[orm] / median[sql]:5.2f} (per run {each[0]:.2f}-{each[-1]:.2f})"

        def spread(name):
            return f"{median[name]:6.3f} s (min {min(times[name]):.3f}, max {max(times[name]):.3f})"

        print(f"medians of {args.repeat} alternating runs")
        print(f"pivot deal x stage (_read_group + names), {len(groups)} cells: {spread('pivot')}")
        print(f"hand-written SQL, same cells and names:        {spread('hand_pivot')}")
        print(f"ratio pivot / SQL:                             {ratios('pivot', 'hand_pivot')}")
        print(f"the same SQL summing float8 like the report:   {spread('hand_pivot_float')}")
        print(
            f"ratio pivot / that SQL:                        {ratios('pivot', 'hand_pivot_float')}"
        )
        print(f"hand-written SQL on the stored summary:        {spread('hand_summary')}")
        print(f"ratio pivot / that SQL:                        {ratios('pivot', 'hand_summary')}")
        print(
            "get_budget_execution() deal x stage x category x month, "
            f"{len(rows)} rows: {spread('rpc')}"
        )
        print(f"hand-written SQL, same rows, order and names:  {spread('hand_full')}")
        print(f"ratio get_budget_execution / SQL:              {ratios('rpc', 'hand_full')}")
        print(f"get_budget_execution([], ['stage_id']):        {spread('stage')}")
        cr.rollback()


if __name__ == "__main__":
    main()
