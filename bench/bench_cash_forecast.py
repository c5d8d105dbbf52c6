"""Benchmark of the Cash Forecast (回款预测, crm.cash.forecast).

In a database with crm_manufacturing_contract installed, generates 20,000 open opportunities
with an expected revenue and closing date, 5,000 confirmed orders with 6 steps each (3 of
them installments) and 50,000 open customer invoices not linked to any step, commits them
(as real data is), then times:

- the whole forecast grouped by month and source (what the pivot and get_cash_forecast do),
- every row of the forecast read as a list would (search_read of all rows),
- one hand-written SQL query computing the same month x source totals straight from the
  tables,

and prints them side by side with the ratio; then deletes the data.

    $VENV/bin/python bench/bench_cash_forecast.py --db crm_mfg_test [--scale 1.0]
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_contract import insert_orders_with_plans
from bench_funnel import odoo_env

HAND_SQL = """
WITH today AS (SELECT %(today)s::date AS d),
rows AS (
    SELECT GREATEST(COALESCE(s.planned_date, t.d), t.d) AS day, 'step' AS source,
           (s.amount - COALESCE(s.amount_paid, 0)) / COALESCE(NULLIF(o.currency_rate, 0), 1) AS amount
      FROM sale_execution_step s JOIN sale_order o ON o.id = s.order_id, today t
     WHERE o.state = 'sale' AND s.step_type IN ('payment', 'retention')
       AND s.state NOT IN ('done', 'cancelled') AND s.amount - COALESCE(s.amount_paid, 0) <> 0
    UNION ALL
    SELECT GREATEST(COALESCE(l.date_maturity, m.invoice_date, m.date), t.d), 'invoice', l.amount_residual
      FROM account_move_line l JOIN account_move m ON m.id = l.move_id
      JOIN account_account a ON a.id = l.account_id, today t
     WHERE a.account_type = 'asset_receivable' AND l.parent_state = 'posted'
       AND m.move_type IN ('out_invoice', 'out_refund') AND m.execution_step_id IS NULL
       AND l.amount_residual <> 0
    UNION ALL
    SELECT GREATEST(ld.date_deadline + COALESCE(tl.offset_days, 0), t.d), 'pipeline',
           ld.expected_revenue * ld.probability / 100.0 * COALESCE(tl.percent, 100.0) / 100.0
      FROM crm_lead ld JOIN res_company c ON c.id = ld.company_id
      LEFT JOIN crm_stage st ON st.id = ld.stage_id
      LEFT JOIN sale_execution_template_line tl ON tl.template_id = c.execution_template_id
             AND tl.step_type IN ('payment', 'retention'), today t
     WHERE ld.active AND ld.type = 'opportunity' AND ld.expected_revenue > 0
       AND ld.probability > 0 AND ld.probability < 100 AND ld.date_deadline IS NOT NULL
       AND NOT COALESCE(st.is_won, FALSE)
       AND NOT EXISTS (SELECT 1 FROM sale_order so WHERE so.opportunity_id = ld.id AND so.state = 'sale')
)
SELECT date_trunc('month', day), source, sum(amount) FROM rows GROUP BY 1, 2
"""


def timed(function, repeat=3):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def generate(env, cr, scale):
    company = env.company
    partner = env["res.partner"].create({"name": "Bench cash customer", "is_company": True})
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    receivable = partner.property_account_receivable_id
    n_leads, n_orders, n_invoices = int(20000 * scale), int(5000 * scale), int(50000 * scale)
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, company_id, partner_id, expected_revenue,
                              probability, date_deadline, user_id)
        SELECT 'BENCH-CASH-' || i, 'opportunity', TRUE, %(c)s, %(p)s, 100000 + i,
               10 + i %% 80, CURRENT_DATE + (i %% 365), %(u)s
          FROM generate_series(1, %(n)s) i
        """,
        {"c": company.id, "p": partner.id, "n": n_leads, "u": env.uid},
    )
    insert_orders_with_plans(env, cr, partner, n_orders, "BENCH-CASH-", 100)
    cr.execute(
        """
        WITH moves AS (
            INSERT INTO account_move (name, move_type, state, date, invoice_date, journal_id,
                                      company_id, currency_id, partner_id, commercial_partner_id,
                                      auto_post, amount_total, amount_residual)
            SELECT 'BENCH/CASH/' || i, 'out_invoice', 'posted', CURRENT_DATE - (i %% 200),
                   CURRENT_DATE - (i %% 200), %(j)s, %(c)s, %(cur)s, %(p)s, %(p)s, 'no', 1000, 500
              FROM generate_series(1, %(n)s) i RETURNING id, date)
        INSERT INTO account_move_line (move_id, account_id, parent_state,
                                       company_id, currency_id, partner_id, journal_id, date,
                                       date_maturity, display_type, balance, debit, credit,
                                       amount_residual, amount_residual_currency, reconciled)
        SELECT id, %(a)s, 'posted', %(c)s, %(cur)s, %(p)s, %(j)s, date,
               date + 60, 'payment_term', 1000, 1000, 0, 500, 500, FALSE
          FROM moves
        """,
        {
            "j": journal.id,
            "c": company.id,
            "cur": company.currency_id.id,
            "p": partner.id,
            "n": n_invoices,
            "a": receivable.id,
        },
    )
    cr.execute(
        "ANALYZE crm_lead; ANALYZE sale_execution_step; ANALYZE account_move; "
        "ANALYZE account_move_line; ANALYZE sale_order"
    )
    cr.commit()
    return partner, n_leads, n_orders, n_invoices


def cleanup(cr, partner_id):
    cr.execute(
        "DELETE FROM account_move WHERE partner_id = %s AND name LIKE 'BENCH/CASH/%%'", [partner_id]
    )
    cr.execute(
        "DELETE FROM sale_execution_step WHERE order_id IN (SELECT id FROM sale_order "
        "WHERE partner_id = %s AND name LIKE 'BENCH-CASH-%%')",
        [partner_id],
    )
    cr.execute(
        "DELETE FROM sale_order WHERE partner_id = %s AND name LIKE 'BENCH-CASH-%%'", [partner_id]
    )
    cr.execute(
        "DELETE FROM crm_lead WHERE partner_id = %s AND name LIKE 'BENCH-CASH-%%'", [partner_id]
    )
    cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])
    cr.commit()
    print("bench data deleted")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        t0 = time.perf_counter()
        partner, n_leads, n_orders, n_invoices = generate(env, cr, args.scale)
        print(
            f"generated {n_leads} opportunities, {n_orders} orders ({n_orders * 6} steps), "
            f"{n_invoices} open invoices in {time.perf_counter() - t0:.1f} s"
        )
        try:
            Forecast = env["crm.cash.forecast"]
            today = odoo.fields.Date.context_today(Forecast)

            def grouped():
                env.invalidate_all()
                return Forecast.get_cash_forecast("2000-01-01", "2999-12-31", ["month", "source"])

            def all_rows():
                env.invalidate_all()
                return Forecast.search_read([], ["date", "source", "amount", "partner_id"])

            def hand():
                cr.execute(HAND_SQL, {"today": today})
                return cr.fetchall()

            # alternate the ORM and the SQL so that both see the same load; medians of 5
            runs = {"group": [], "rows": [], "sql": []}
            for _ in range(5):
                t, groups = timed(grouped, repeat=1)
                runs["group"].append(t)
                t, sql_rows = timed(hand, repeat=1)
                runs["sql"].append(t)
            t, rows = timed(all_rows, repeat=1)
            runs["rows"].append(t)
            t_group = sorted(runs["group"])[2]
            t_sql = sorted(runs["sql"])[2]
            t_rows = runs["rows"][0]
            ratios = sorted(g / q for g, q in zip(runs["group"], runs["sql"], strict=True))
            print(
                f"per-run ratios get_cash_forecast / SQL: {', '.join(f'{r:.2f}' for r in ratios)}"
            )
            total_orm = round(sum(g["amount"] for g in groups), 2)
            total_sql = round(sum(float(r[2]) for r in sql_rows), 2)
            print(f"{'measure':46} {'time':>9} {'x SQL':>7}")
            print(f"{'hand-written SQL (month x source totals)':46} {t_sql * 1000:7.0f}ms {1:7.2f}")
            print(
                f"{'get_cash_forecast month x source':46} {t_group * 1000:7.0f}ms "
                f"{t_group / t_sql:7.2f}"
            )
            print(
                f"{'search_read of every row (' + str(len(rows)) + ')':46} "
                f"{t_rows * 1000:7.0f}ms {t_rows / t_sql:7.2f}"
            )
            print(
                f"totals equal: {total_orm == total_sql} ({total_orm} / {total_sql}); "
                f"{len(groups)} groups"
            )
        finally:
            cr.rollback()
            cleanup(cr, partner.id)


if __name__ == "__main__":
    main()
