"""Benchmark of the credit figures (issue: receivable credit risk).

In a database with crm_manufacturing_credit installed, generates (in SQL) 10,000
customers with 200,000 open receivable lines (20 instalments of one invoice per
customer, due dates spread from 20 days ahead to 180 days back), one paid invoice per
customer (for the average days to pay) and 20,000 confirmed orders with an amount to
invoice, then times, as the median of several runs after a warm-up run:
  - the Credit Risk report (search_read of every row and figure of credit.risk.report),
  - reading the 14 figures of res.partner on all 10,000 customers,
  - the shipped figures query alone,
  - one hand-written SQL query computing the same 14 figures for every customer (the
    script checks that it gives the numbers the fields give),
  - search_count on credit_grade = 'E', credit_hold and "over the limit";
prints them and the ratios, then rolls everything back (or with --keep commits the data
once and reuses it in the next runs: for a database used for benchmarks only).

    $VENV/bin/python bench/bench_credit.py --db crm_mfg_test [--customers 10000] [--repeat 7]
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import open_credit_counts, sale_order_stock_columns
from bench_funnel import odoo_env

HAND_SQL = """
-- every figure of every customer of one company, written by hand as one would for a report
WITH lines AS (
    SELECT l.partner_id, l.amount_residual AS amount,
           %(today)s::date - COALESCE(l.date_maturity, l.date) AS age
      FROM account_move_line l
      JOIN account_account a ON a.id = l.account_id
     WHERE a.account_type = 'asset_receivable' AND l.parent_state = 'posted' AND NOT l.reconciled
       AND l.amount_residual != 0 AND l.company_id = %(company)s
),
by_partner AS (
    SELECT partner_id, SUM(amount) AS open_amount,
           SUM(amount) FILTER (WHERE age <= 0) AS cur,
           SUM(amount) FILTER (WHERE age BETWEEN 1 AND 30) AS b1,
           SUM(amount) FILTER (WHERE age BETWEEN 31 AND 60) AS b2,
           SUM(amount) FILTER (WHERE age BETWEEN 61 AND 90) AS b3,
           SUM(amount) FILTER (WHERE age > 90) AS b4,
           MAX(age) FILTER (WHERE age > 0 AND amount > 0) AS max_days
      FROM lines GROUP BY partner_id
),
recv AS (
    SELECT p.commercial_partner_id AS partner_id, SUM(open_amount) AS open_amount,
           COALESCE(SUM(cur), 0) AS cur, COALESCE(SUM(b1), 0) AS b1, COALESCE(SUM(b2), 0) AS b2,
           COALESCE(SUM(b3), 0) AS b3, COALESCE(SUM(b4), 0) AS b4, COALESCE(MAX(max_days), 0) AS max_days
      FROM by_partner b JOIN res_partner p ON p.id = b.partner_id
  GROUP BY p.commercial_partner_id
),
per_order AS (
    -- per confirmed order: max(ordered, delivered) - invoiced of its lines, tax included, in
    -- company currency, never below 0 for an order
    SELECT so.partner_id, so.id,
           SUM((GREATEST(sol.product_uom_qty, sol.qty_delivered) - sol.qty_invoiced)
               * CASE WHEN sol.product_uom_qty != 0 THEN sol.price_total / sol.product_uom_qty
                      ELSE sol.price_unit * (1 - COALESCE(sol.discount, 0) / 100.0)
                           * COALESCE(so.amount_total / NULLIF(so.amount_untaxed, 0), 1) END
               / COALESCE(NULLIF(so.currency_rate, 0), 1)) AS amount
      FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
     WHERE so.state = 'sale' AND sol.display_type IS NULL AND so.company_id = %(company)s
       AND GREATEST(sol.product_uom_qty, sol.qty_delivered) != sol.qty_invoiced
  GROUP BY 1, 2
),
orders AS (
    SELECT p.commercial_partner_id AS partner_id, SUM(GREATEST(o.amount, 0)) AS to_invoice
      FROM per_order o JOIN res_partner p ON p.id = o.partner_id
  GROUP BY 1
),
drafts AS (
    SELECT p.commercial_partner_id AS partner_id, SUM(m.amount_total_signed) AS draft_amount
      FROM account_move m JOIN res_partner p ON p.id = m.partner_id
     WHERE m.state = 'draft' AND m.move_type IN ('out_invoice', 'out_refund') AND m.company_id = %(company)s
  GROUP BY 1
),
paid AS (
    SELECT partner_id, AVG(last_rec - invoice_date) AS avg_days, AVG(late) AS avg_late
      FROM (SELECT p.commercial_partner_id AS partner_id, m.id, m.invoice_date, MAX(apr.max_date) AS last_rec,
                   GREATEST(MAX(apr.max_date - COALESCE(l.date_maturity, m.invoice_date)), 0) AS late
              FROM account_move m JOIN res_partner p ON p.id = m.partner_id
              JOIN account_move_line l ON l.move_id = m.id
              JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
             WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.payment_state IN ('paid', 'in_payment')
               AND apr.max_date >= %(today)s::date - 365 AND m.company_id = %(company)s
          GROUP BY 1, 2, 3) paid_moves
  GROUP BY partner_id
),
fig AS (
    SELECT partner_id, COALESCE(r.open_amount, 0) AS open_amount,
           COALESCE(r.cur, 0) AS cur, COALESCE(r.b1, 0) AS b1, COALESCE(r.b2, 0) AS b2,
           COALESCE(r.b3, 0) AS b3, COALESCE(r.b4, 0) AS b4, COALESCE(r.max_days, 0) AS max_days,
           COALESCE(r.open_amount, 0) + COALESCE(o.to_invoice, 0) + COALESCE(d.draft_amount, 0) AS exposure,
           ROUND(COALESCE(pd.avg_days, 0), 1) AS avg_days,
           ROUND(COALESCE(pd.avg_late, 0), 1) AS avg_late
      FROM recv r FULL JOIN orders o USING (partner_id) FULL JOIN drafts d USING (partner_id)
      FULL JOIN paid pd USING (partner_id)
),
parts AS (
    SELECT f.*, COALESCE((rp.credit_limit ->> %(company)s::text)::numeric, 0) AS lim,
           CASE WHEN COALESCE((rp.credit_limit ->> %(company)s::text)::numeric, 0) > 0
                THEN LEAST(1, GREATEST(0, f.exposure / (rp.credit_limit ->> %(company)s::text)::numeric))
                ELSE 0 END AS u,
           CASE WHEN f.open_amount > 0 THEN LEAST(1, GREATEST(0, (f.b1 + f.b2 + f.b3 + f.b4) / f.open_amount))
                ELSE 0 END AS o,
           LEAST(1, f.max_days / 180.0) AS d,
           LEAST(1, f.avg_late / 90.0) AS b
      FROM fig f JOIN res_partner rp ON rp.id = f.partner_id
),
-- the default weights of the Credit Policy: utilization 35, overdue share 35, overdue days 30,
-- payment behaviour 20 (kept within 0 to 100)
scored AS (
    SELECT parts.*, LEAST(100, GREATEST(0, ROUND(100 - 35 * u - 35 * o - 30 * d - 20 * b)))::int AS score
      FROM parts
)
SELECT s.partner_id, s.exposure,
       CASE WHEN s.lim > 0 THEN s.lim - s.exposure ELSE 0 END AS available,
       CASE WHEN s.lim > 0 THEN ROUND(s.exposure / s.lim * 100, 1) ELSE 0 END AS utilization,
       s.cur, s.b1, s.b2, s.b3, s.b4, s.b1 + s.b2 + s.b3 + s.b4 AS overdue, s.max_days, s.avg_days,
       s.score,
       CASE WHEN s.score >= 85 THEN 'A' WHEN s.score >= 70 THEN 'B' WHEN s.score >= 55 THEN 'C'
            WHEN s.score >= 40 THEN 'D' ELSE 'E' END AS grade,
       (s.cur * c.credit_provision_current + s.b1 * c.credit_provision_1_30 + s.b2 * c.credit_provision_31_60
        + s.b3 * c.credit_provision_61_90 + s.b4 * c.credit_provision_over_90) / 100.0 AS provision
  FROM scored s, res_company c
 WHERE c.id = %(company)s
"""
# the columns of HAND_SQL and the figures (res.partner fields) they compute
HAND_COLUMNS = {
    "credit_exposure": "exposure",
    "credit_available": "available",
    "credit_utilization": "utilization",
    "aging_current": "cur",
    "aging_1_30": "b1",
    "aging_31_60": "b2",
    "aging_61_90": "b3",
    "aging_over_90": "b4",
    "overdue_amount": "overdue",
    "max_overdue_days": "max_days",
    "avg_days_to_pay": "avg_days",
    "credit_score": "score",
    "credit_grade": "grade",
    "bad_debt_provision": "provision",
}


def generate(env, args):
    """Customers, open receivable lines, one paid invoice per customer and confirmed orders,
    inserted in SQL (the ORM would take an hour for 200,000 posted lines)."""
    cr = env.cr
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    receivable = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)], limit=1
    )
    partners = (
        env["res.partner"]
        .with_context(tracking_disable=True)
        .create(
            [{"name": f"Bench customer {i}", "is_company": True} for i in range(args.customers)]
        )
    )
    partner_ids = partners.ids
    env.flush_all()
    cr.execute(
        "UPDATE res_partner SET credit_limit = jsonb_build_object(%s::text, 50000 + (id %% 7) * 10000),"
        " commercial_partner_id = id WHERE id = ANY(%s)",
        [company.id, partner_ids],
    )
    params = {
        "journal": journal.id,
        "company": company.id,
        "currency": company.currency_id.id,
        "receivable": receivable.id,
        "partners": partner_ids,
        "lines": args.lines,
        "orders": args.orders,
    }
    # one open invoice per customer with `lines` open receivable lines (instalments), due
    # dates spread from 20 days ahead to 180 days back; one paid invoice per customer
    cr.execute(
        """
        INSERT INTO account_move (name, move_type, state, payment_state, date, invoice_date, journal_id,
                                  company_id, currency_id, partner_id, commercial_partner_id, auto_post)
        SELECT 'BENCH/' || p || '/' || k, 'out_invoice', 'posted', CASE k WHEN 1 THEN 'not_paid' ELSE 'paid' END,
               CURRENT_DATE - 200, CURRENT_DATE - 200, %(journal)s, %(company)s, %(currency)s, p, p, 'no'
          FROM unnest(%(partners)s::int[]) p CROSS JOIN generate_series(1, 2) k
     RETURNING id, partner_id, payment_state
        """,
        params,
    )
    moves = cr.fetchall()
    open_moves = [m for m in moves if m[2] == "not_paid"]
    paid_moves = [m for m in moves if m[2] == "paid"]
    line_columns = """(move_id, partner_id, account_id, company_id, journal_id, currency_id,
                       company_currency_id, display_type, parent_state, date, date_maturity,
                       debit, credit, balance, amount_currency, amount_residual,
                       amount_residual_currency, reconciled)"""
    cr.execute(
        f"""
        INSERT INTO account_move_line {line_columns}
        SELECT m.id, m.partner_id, %(receivable)s, %(company)s, %(journal)s, %(currency)s, %(currency)s,
               'payment_term', 'posted', CURRENT_DATE - 200, CURRENT_DATE - ((m.id + k * 13) %% 200) + 20,
               100 + k, 0, 100 + k, 100 + k, 100 + k, 100 + k, false
          FROM unnest(%(moves)s::int[], %(partners)s::int[]) AS m(id, partner_id)
    CROSS JOIN generate_series(1, %(lines)s) k
        """,
        dict(params, moves=[m[0] for m in open_moves], partners=[m[1] for m in open_moves]),
    )
    cr.execute(
        f"""
        WITH debit AS (
            INSERT INTO account_move_line {line_columns}
            SELECT m.id, m.partner_id, %(receivable)s, %(company)s, %(journal)s, %(currency)s, %(currency)s,
                   'payment_term', 'posted', CURRENT_DATE - 200, CURRENT_DATE - 170,
                   500, 0, 500, 500, 0, 0, true
              FROM unnest(%(moves)s::int[], %(partners)s::int[]) AS m(id, partner_id)
         RETURNING id, move_id, partner_id),
        credit AS (
            INSERT INTO account_move_line {line_columns}
            SELECT d.move_id, d.partner_id, %(receivable)s, %(company)s, %(journal)s, %(currency)s,
                   %(currency)s, 'payment_term', 'posted', CURRENT_DATE - 200, CURRENT_DATE - 170,
                   0, 500, -500, -500, 0, 0, true
              FROM debit d
         RETURNING id, move_id)
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount, debit_amount_currency,
                                               credit_amount_currency, company_id, max_date,
                                               debit_currency_id, credit_currency_id)
        SELECT d.id, c.id, 500, 500, 500, %(company)s, CURRENT_DATE - 200 + (d.id %% 60), %(currency)s,
               %(currency)s
          FROM debit d JOIN credit c ON c.move_id = d.move_id
        """,
        dict(params, moves=[m[0] for m in paid_moves], partners=[m[1] for m in paid_moves]),
    )
    stock_columns, stock_values = sale_order_stock_columns(env, company)
    cr.execute(
        f"""
        WITH so AS (
            INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
                                    currency_id, date_order, state, amount_untaxed, amount_total,
                                    currency_rate, credit_approval_state{stock_columns})
            SELECT 'BENCH-SO-' || p || '-' || k, p, p, p, %(company)s, %(currency)s, now(), 'sale',
                   1000, 1000, 1, 'not_needed'{stock_values}
              FROM unnest(%(partners)s::int[]) p CROSS JOIN generate_series(1, %(orders)s) k
         RETURNING id)
        INSERT INTO sale_order_line (order_id, name, price_unit, product_uom_qty, customer_lead,
                                     untaxed_amount_to_invoice, company_id, currency_id)
        SELECT id, 'Machine', 1000, 1, 0, 1000, %(company)s, %(currency)s FROM so
        """,
        params,
    )
    cr.execute(
        "ANALYZE res_partner; ANALYZE account_move; ANALYZE account_move_line;"
        " ANALYZE account_partial_reconcile; ANALYZE sale_order; ANALYZE sale_order_line"
    )
    return partner_ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--lines", type=int, default=20, help="open receivable lines per customer")
    parser.add_argument("--orders", type=int, default=2, help="confirmed orders per customer")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each measure (median shown)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="commit the generated data, and reuse it in the next runs (a database for benchmarks only)",
    )
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        t0 = time.perf_counter()
        cr.execute("SELECT id FROM res_partner WHERE name LIKE 'Bench customer %%' ORDER BY id")
        partner_ids = [row[0] for row in cr.fetchall()]
        if partner_ids and args.keep:
            print(f"reusing the {len(partner_ids)} bench customers of {args.db}")
        else:
            partner_ids = generate(env, args)
            if args.keep:
                cr.commit()
        open_lines, open_orders = open_credit_counts(cr)
        print(
            f"{len(partner_ids)} bench customers, {open_lines} open receivable lines, "
            f"{open_orders} confirmed orders in the database ({time.perf_counter() - t0:.1f} s); "
            f"median of {args.repeat} runs, after one warm-up run"
        )

        def timed(label, func):
            times = []
            for _i in range(args.repeat + 1):
                env.invalidate_all()
                start = time.perf_counter()
                result = func()
                times.append(time.perf_counter() - start)
            median = statistics.median(times[1:])
            print(f"{label:<62} {median * 1000:8.1f} ms  (min {min(times[1:]) * 1000:.1f})")
            return median, result

        fields_ = list(HAND_COLUMNS)
        today = odoo.fields.Date.today()
        partners = env["res.partner"].browse(partner_ids)
        report = env["credit.risk.report"]
        t_report, rows = timed(
            "Credit Risk report: search_read of every row and figure",
            lambda: report.search_read([], ["partner_id", "company_id", *fields_], load=None),
        )
        timed(
            "  the same with the customers' display names (web client list)",
            lambda: report.search_read([], ["partner_id", "company_id", *fields_]),
        )
        t_fields, values = timed(
            f"res.partner.read() of the {len(fields_)} figures on {len(partner_ids)} customers",
            lambda: partners.read(fields_),
        )
        timed(
            "  of which the shipped figures query (credit_figures_sql)",
            lambda: env["res.partner"]._get_credit_figures(partner_ids),
        )
        t_sql, hand_rows = timed(
            "hand-written SQL, the same 14 figures",
            lambda: (
                cr.execute(HAND_SQL, {"today": today, "company": company.id}),
                cr.fetchall(),
            )[1],
        )
        # like with like: the hand-written query gives the numbers the fields give
        columns = [desc[0] for desc in cr.description]
        hand = {row[0]: dict(zip(columns, row, strict=True)) for row in hand_rows}
        mismatches = 0
        for value in values:
            expected = hand.get(value["id"])
            for field, column in HAND_COLUMNS.items():
                got, want = value[field], expected and expected[column]
                if (isinstance(got, float) and abs(got - float(want or 0)) > 0.01) or (
                    not isinstance(got, float) and got != want
                ):
                    mismatches += 1
        print(
            f"report rows: {len(rows)}; hand SQL rows: {len(hand_rows)}; "
            f"figures differing between the fields and the hand SQL: {mismatches}"
        )
        print(
            f"ratio report / hand SQL: {t_report / t_sql:5.2f}   "
            f"ratio fields / hand SQL: {t_fields / t_sql:5.2f}"
        )
        Partner = env["res.partner"]
        timed(
            "search_count credit_grade = 'E'",
            lambda: Partner.search_count([("credit_grade", "=", "E")]),
        )
        timed(
            "search_count credit_hold", lambda: Partner.search_count([("credit_hold", "=", True)])
        )
        timed(
            "search_count over the limit",
            lambda: Partner.search_count([("credit_over_limit", "=", True)]),
        )
        cr.rollback()


if __name__ == "__main__":
    main()
