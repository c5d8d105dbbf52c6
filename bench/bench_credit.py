"""Benchmark of the credit figures (issue: receivable credit risk).

In one transaction of a database with crm_manufacturing_credit installed, generates
10,000 customers with 200,000 open receivable lines (20 per customer, due dates
spread over the last 200 days) and 20,000 confirmed orders with an amount to
invoice, then times:
  - the Credit Risk report (search_read of credit.risk.report, all rows),
  - reading every figure of res.partner on all 10,000 customers,
  - one hand-written SQL query computing the same numbers (open amount, aging,
    max overdue days, to invoice, exposure),
  - search_count on credit_grade = 'E', credit_hold and "over the limit";
prints the figures and the ratios, then rolls everything back.

    $VENV/bin/python bench/bench_credit.py --db crm_mfg_test [--customers 10000]
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_funnel import odoo_env

HAND_SQL = """
WITH recv AS (
    SELECT p.commercial_partner_id AS partner_id, SUM(l.amount_residual) AS open_amount,
           SUM(l.amount_residual) FILTER (WHERE l.date_maturity >= %(today)s) AS cur,
           SUM(l.amount_residual) FILTER (WHERE %(today)s - l.date_maturity BETWEEN 1 AND 30) AS b1,
           SUM(l.amount_residual) FILTER (WHERE %(today)s - l.date_maturity BETWEEN 31 AND 60) AS b2,
           SUM(l.amount_residual) FILTER (WHERE %(today)s - l.date_maturity BETWEEN 61 AND 90) AS b3,
           SUM(l.amount_residual) FILTER (WHERE %(today)s - l.date_maturity > 90) AS b4,
           MAX(%(today)s - l.date_maturity) FILTER (WHERE l.date_maturity < %(today)s) AS max_days
      FROM account_move_line l
      JOIN account_account a ON a.id = l.account_id AND a.account_type = 'asset_receivable'
      JOIN res_partner p ON p.id = l.partner_id
     WHERE l.parent_state = 'posted' AND NOT l.reconciled AND l.company_id = %(company)s
  GROUP BY 1),
orders AS (
    SELECT p.commercial_partner_id AS partner_id, SUM(sol.untaxed_amount_to_invoice) AS to_invoice
      FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
      JOIN res_partner p ON p.id = so.partner_id
     WHERE so.state = 'sale' AND so.company_id = %(company)s
  GROUP BY 1),
drafts AS (
    SELECT p.commercial_partner_id AS partner_id, SUM(m.amount_total_signed) AS draft_amount
      FROM account_move m JOIN res_partner p ON p.id = m.partner_id
     WHERE m.state = 'draft' AND m.move_type IN ('out_invoice', 'out_refund') AND m.company_id = %(company)s
  GROUP BY 1),
paid AS (
    SELECT p.commercial_partner_id AS partner_id, AVG(r.last_rec - m.invoice_date) AS avg_days
      FROM account_move m JOIN res_partner p ON p.id = m.partner_id
      JOIN LATERAL (SELECT MAX(apr.max_date) AS last_rec FROM account_move_line l
                      JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
                     WHERE l.move_id = m.id) r ON TRUE
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.payment_state IN ('paid', 'in_payment')
       AND r.last_rec >= %(today)s::date - 365 AND m.company_id = %(company)s
  GROUP BY 1)
SELECT COALESCE(r.partner_id, o.partner_id, d.partner_id, pd.partner_id), r.open_amount, r.cur, r.b1, r.b2,
       r.b3, r.b4, r.max_days, o.to_invoice, d.draft_amount, pd.avg_days,
       COALESCE(r.open_amount, 0) + COALESCE(o.to_invoice, 0) + COALESCE(d.draft_amount, 0) AS exposure
  FROM recv r FULL JOIN orders o ON o.partner_id = r.partner_id
  FULL JOIN drafts d ON d.partner_id = COALESCE(r.partner_id, o.partner_id)
  FULL JOIN paid pd ON pd.partner_id = COALESCE(r.partner_id, o.partner_id, d.partner_id)
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--lines", type=int, default=20, help="open receivable lines per customer")
    parser.add_argument("--orders", type=int, default=2, help="confirmed orders per customer")
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        receivable = env["account.account"].search(
            [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.id)], limit=1
        )
        t0 = time.perf_counter()
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
            "UPDATE res_partner SET credit_limit = jsonb_build_object(%s::text, 50000 + (id %% 7) * 10000)"
            " WHERE id = ANY(%s)",
            [company.id, partner_ids],
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [partner_ids]
        )
        cr.execute(
            """
            INSERT INTO account_move (name, move_type, state, date, invoice_date, journal_id, company_id,
                                      currency_id, partner_id, commercial_partner_id, auto_post)
            SELECT 'BENCH/' || p, 'out_invoice', 'posted', CURRENT_DATE - 200, CURRENT_DATE - 200,
                   %(journal)s, %(company)s, %(currency)s, p, p, 'no'
              FROM unnest(%(partners)s::int[]) p RETURNING id, partner_id
            """,
            {
                "journal": journal.id,
                "company": company.id,
                "currency": company.currency_id.id,
                "partners": partner_ids,
            },
        )
        moves = cr.fetchall()
        cr.execute(
            """
            INSERT INTO account_move_line (move_id, partner_id, account_id, company_id, journal_id, currency_id,
                                           company_currency_id, display_type, parent_state, date, date_maturity,
                                           debit, credit, balance, amount_currency, amount_residual,
                                           amount_residual_currency, reconciled)
            SELECT m.id, m.partner_id, %(receivable)s, %(company)s, %(journal)s, %(currency)s, %(currency)s,
                   'payment_term', 'posted', CURRENT_DATE - 200, CURRENT_DATE - ((m.id + k * 13) %% 200) + 20,
                   100 + k, 0, 100 + k, 100 + k, 100 + k, 100 + k, false
              FROM unnest(%(moves)s::int[], %(partners)s::int[]) AS m(id, partner_id)
        CROSS JOIN generate_series(1, %(lines)s) k
            """,
            {
                "receivable": receivable.id,
                "company": company.id,
                "journal": journal.id,
                "currency": company.currency_id.id,
                "moves": [m[0] for m in moves],
                "partners": [m[1] for m in moves],
                "lines": args.lines,
            },
        )
        cr.execute(
            """
            WITH so AS (
                INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
                                        currency_id, date_order, state, amount_untaxed, amount_total,
                                        currency_rate, credit_approval_state)
                SELECT 'BENCH-SO-' || p || '-' || k, p, p, p, %(company)s, %(currency)s, now(), 'sale',
                       1000, 1000, 1, 'not_needed'
                  FROM unnest(%(partners)s::int[]) p CROSS JOIN generate_series(1, %(orders)s) k
             RETURNING id)
            INSERT INTO sale_order_line (order_id, name, price_unit, product_uom_qty, customer_lead,
                                         untaxed_amount_to_invoice, company_id, currency_id)
            SELECT id, 'Machine', 1000, 1, 0, 1000, %(company)s, %(currency)s FROM so
            """,
            {
                "company": company.id,
                "currency": company.currency_id.id,
                "partners": partner_ids,
                "orders": args.orders,
            },
        )
        cr.execute(
            "ANALYZE res_partner; ANALYZE account_move_line; ANALYZE sale_order; ANALYZE sale_order_line"
        )
        print(
            f"generated {len(partner_ids)} customers, {len(partner_ids) * args.lines} open receivable lines, "
            f"{len(partner_ids) * args.orders} confirmed orders in {time.perf_counter() - t0:.1f} s"
        )

        def timed(label, func, repeat=3):
            best = None
            for _i in range(repeat):
                env.invalidate_all()
                start = time.perf_counter()
                result = func()
                elapsed = time.perf_counter() - start
                best = elapsed if best is None else min(best, elapsed)
            print(f"{label:<58} {best * 1000:9.1f} ms")
            return best, result

        fields_ = [
            "credit_exposure",
            "credit_available",
            "credit_utilization",
            "aging_current",
            "aging_1_30",
            "aging_31_60",
            "aging_61_90",
            "aging_over_90",
            "overdue_amount",
            "max_overdue_days",
            "avg_days_to_pay",
            "credit_score",
            "credit_grade",
            "bad_debt_provision",
        ]
        partners = env["res.partner"].browse(partner_ids)
        t_report, rows = timed(
            "Credit Risk report (search_read, all rows)",
            lambda: env["credit.risk.report"].search_read(
                [], ["partner_id", "credit_grade", "credit_exposure"]
            ),
        )
        t_fields, _r = timed(
            f"read {len(fields_)} figures on {len(partner_ids)} partners",
            lambda: partners.read(fields_),
        )
        timed(
            "  of which the figures query (_get_credit_figures)",
            lambda: env["res.partner"]._get_credit_figures(partner_ids),
        )
        t_sql, _r = timed(
            "hand-written SQL, same numbers",
            lambda: (
                cr.execute(HAND_SQL, {"today": odoo.fields.Date.today(), "company": company.id}),
                cr.fetchall(),
            ),
        )
        print(f"report rows: {len(rows)}")
        print(
            f"ratio report / SQL: {t_report / t_sql:6.2f}   ratio fields / SQL: {t_fields / t_sql:6.2f}"
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
