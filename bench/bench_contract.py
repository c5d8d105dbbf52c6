"""Benchmark of the contract execution plans' amounts (issues: contract execution plans, 19).

For each scale (default 5,000 then 50,000 orders, i.e. 30,000 then 300,000 steps), in a
database with crm_manufacturing_contract installed, inserts with SQL confirmed orders with 6
steps each (3 installments with a posted invoice each, partly paid; the steps' stored amounts
are those of before the invoices), commits them (as real plans are when payments come in),
then times:

- the ORM recomputation of amount_invoiced / amount_paid / amount_due (and what depends on
  them) for all the steps plus reading is_overdue / overdue_days, against one hand-written
  SQL query computing the same amounts (invoices and advance payments);
- the collection pivot's read_group (open installments by month and customer) against one
  hand-written GROUP BY;

prints times, query counts, the ratios to SQL and the growth from the first scale to the
last, then deletes the generated rows.

    $VENV/bin/python bench/bench_contract.py --db crm_mfg_test [--scales 5000,50000]
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_funnel import odoo_env

STEPS = [  # name, type, percent, offset days
    ("Advance", "payment", 30, -200),
    ("Delivery", "delivery", 0, -120),
    ("On delivery", "payment", 60, -60),
    ("Installation", "installation", 0, -30),
    ("Acceptance", "acceptance", 0, 10),
    ("Retention", "retention", 10, 300),
]

# The same amounts as _compute_amounts, in one query: invoiced and paid of the posted
# invoices and credit notes, plus the open part of the advance payments linked to the step.
HAND_AMOUNTS_SQL = """
SELECT s.id,
       COALESCE(SUM(CASE WHEN m.move_type = 'out_refund' THEN -m.amount_total
                         ELSE m.amount_total END), 0) AS invoiced,
       COALESCE(SUM(CASE WHEN m.move_type = 'out_refund' THEN m.amount_residual - m.amount_total
                         ELSE m.amount_total - m.amount_residual END), 0)
       + COALESCE(MAX(adv.open_advance), 0) AS paid,
       MIN(m.invoice_date_due) FILTER (WHERE m.move_type = 'out_invoice'
                                        AND m.amount_residual > 0) AS oldest_due
  FROM sale_execution_step s
  LEFT JOIN account_move m ON m.execution_step_id = s.id AND m.state = 'posted'
  LEFT JOIN (SELECT p.execution_step_id, -SUM(l.amount_residual_currency) AS open_advance
               FROM account_payment p
               JOIN account_move_line l ON l.payment_id = p.id AND l.parent_state = 'posted'
               JOIN account_account a ON a.id = l.account_id
                AND a.account_type = 'asset_receivable'
              WHERE p.state IN ('in_process', 'paid') AND p.execution_step_id IS NOT NULL
              GROUP BY p.execution_step_id) adv ON adv.execution_step_id = s.id
 WHERE s.order_id = ANY(%s)
 GROUP BY s.id
"""

# What the ORM path does (compute and store), by hand: the same amounts written with one
# UPDATE of the rows whose amounts change (run in a savepoint rolled back afterwards).
HAND_UPDATE_SQL = f"""
UPDATE sale_execution_step s
   SET amount_invoiced = w.invoiced, amount_paid = w.paid, amount_due = w.due,
       date_due = w.date_due
  FROM (SELECT v.id, v.invoiced, v.paid,
               CASE WHEN t.is_money_step THEN t.amount - v.paid ELSE 0 END AS due,
               CASE WHEN v.oldest_due IS NOT NULL
                         AND (t.amount - v.invoiced <= 0 OR t.planned_date IS NULL
                              OR v.oldest_due < t.planned_date)
                    THEN v.oldest_due ELSE t.planned_date END AS date_due
          FROM ({HAND_AMOUNTS_SQL}) v
          JOIN sale_execution_step t ON t.id = v.id) w
 WHERE s.id = w.id
   AND (s.amount_invoiced, s.amount_paid, s.amount_due, s.date_due)
       IS DISTINCT FROM (w.invoiced, w.paid, w.due, w.date_due)
"""

HAND_PIVOT_SQL = """
SELECT date_trunc('month', planned_date), partner_id, currency_id, SUM(amount_due), COUNT(*)
  FROM sale_execution_step
 WHERE is_money_step AND state NOT IN ('done', 'cancelled')
 GROUP BY 1, 2, 3
"""


def timed(function, repeat=1):
    """The best time of ``repeat`` runs of ``function`` (seconds) and its last result."""
    best, result = None, None
    for _i in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def cleanup(cr, partner_id):
    # the generated rows are referenced by nothing else: skip the foreign-key triggers
    # (one check per deleted row on every table that references account_move) when the
    # database user may
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    superuser = cr.fetchone()[0]
    if superuser:
        cr.execute("SET session_replication_role = replica")
    cr.execute(
        "DELETE FROM account_move WHERE partner_id = %s AND name LIKE 'BENCH/INV/%%'", [partner_id]
    )
    cr.execute(
        "DELETE FROM sale_execution_step WHERE order_id IN (SELECT id FROM sale_order "
        "WHERE partner_id = %s AND name LIKE 'BENCH-%%')",
        [partner_id],
    )
    cr.execute(
        "DELETE FROM sale_order WHERE partner_id = %s AND name LIKE 'BENCH-%%'", [partner_id]
    )
    cr.execute("DELETE FROM res_partner WHERE id = %s", [partner_id])
    if superuser:
        cr.execute("SET session_replication_role = DEFAULT")
    cr.commit()
    print("bench data deleted")


def insert_orders_with_plans(env, cr, partner, count, prefix, age_days):
    """Insert ``count`` confirmed orders of ``partner`` (100,000 each, ``age_days`` old) and
    the execution plan of STEPS on each, as the plan was created (before its invoices and
    payments); return the order ids."""
    company = env.company
    # the credit addon, when installed, adds a required approval state to orders
    has_credit = "credit_approval_state" in env["sale.order"]._fields
    cr.execute(
        f"""
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, currency_id, date_order, state, amount_untaxed,
                                amount_total, currency_rate, picking_policy
                                {", credit_approval_state" if has_credit else ""})
        SELECT %(prefix)s || i, %(p)s, %(p)s, %(p)s, %(c)s, %(cur)s,
               now() - make_interval(days => %(age)s), 'sale', 100000, 100000, 1, 'direct'
               {", 'not_needed'" if has_credit else ""}
          FROM generate_series(1, %(n)s) i RETURNING id
        """,
        {
            "prefix": prefix,
            "p": partner.id,
            "c": company.id,
            "cur": company.currency_id.id,
            "n": count,
            "age": age_days,
        },
    )
    order_ids = [row[0] for row in cr.fetchall()]
    for seq, (name, step_type, percent, offset) in enumerate(STEPS, 1):
        cr.execute(
            """
            INSERT INTO sale_execution_step (order_id, sequence, name, step_type, is_money_step,
                   planned_date, state, percent, amount, partner_id, company_id, currency_id,
                   amount_invoiced, amount_paid, amount_due)
            SELECT o, %(seq)s, %(name)s, %(type)s, %(money)s, CURRENT_DATE + %(offset)s,
                   'in_progress', %(percent)s, 1000 * %(percent)s, %(p)s, %(c)s, %(cur)s,
                   0, 0, 1000 * %(percent)s
              FROM unnest(%(orders)s::int[]) o
            """,
            {
                "seq": seq,
                "name": name,
                "type": step_type,
                "money": step_type in ("payment", "retention"),
                "offset": offset,
                "percent": percent,
                "p": partner.id,
                "c": company.id,
                "orders": order_ids,
                "cur": company.currency_id.id,
            },
        )
    return order_ids


def generate(env, cr, orders):
    """Insert the orders, steps and invoices with SQL; return the partner and order ids."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    partner = env["res.partner"].create({"name": "Bench contract customer", "is_company": True})
    order_ids = insert_orders_with_plans(env, cr, partner, orders, "BENCH-", 200)
    cr.execute(
        """
        INSERT INTO account_move (name, move_type, state, date, invoice_date, journal_id, company_id, currency_id,
                                  partner_id, commercial_partner_id, auto_post, amount_total, amount_residual,
                                  execution_step_id)
        SELECT 'BENCH/INV/' || s.id, 'out_invoice', 'posted', CURRENT_DATE - 100, CURRENT_DATE - 100,
               %(j)s, %(c)s, %(cur)s, %(p)s, %(p)s, 'no', s.amount, CASE WHEN s.id %% 3 = 0 THEN 0 ELSE s.amount / 2 END,
               s.id
          FROM sale_execution_step s WHERE s.order_id = ANY(%(orders)s) AND s.is_money_step
        """,
        {
            "j": journal.id,
            "c": company.id,
            "cur": company.currency_id.id,
            "p": partner.id,
            "orders": order_ids,
        },
    )
    cr.execute("ANALYZE sale_order; ANALYZE sale_execution_step; ANALYZE account_move")
    return partner, order_ids


def run_scale(odoo, registry, orders):
    """Generate ``orders`` orders of 6 steps, measure, delete; return the figures."""
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        t0 = time.perf_counter()
        partner, order_ids = generate(env, cr, orders)
        # the data is committed, as steps and invoices are when payments come in (rows
        # written by the measuring transaction itself would make PostgreSQL re-check
        # every foreign key on update); it is deleted at the end
        cr.commit()
        figures = {"steps": len(order_ids) * 6}
        try:
            print(
                f"generated {len(order_ids)} orders, {len(order_ids) * 6} steps, "
                f"{len(order_ids) * 3} invoices in {time.perf_counter() - t0:.1f} s"
            )
            # one hand-written query for the same amounts (run once first, as the ORM run
            # below reads warm pages too)
            cr.execute(HAND_AMOUNTS_SQL, [order_ids])
            t_sql, rows = timed(
                lambda: (cr.execute(HAND_AMOUNTS_SQL, [order_ids]), cr.fetchall())[1], repeat=2
            )

            def hand_update():
                savepoint = cr.savepoint(flush=False)
                cr.execute(HAND_UPDATE_SQL, [order_ids])
                rows = cr.rowcount
                savepoint.close(rollback=True)  # measured only: the ORM run stores them
                return rows

            t_update, updated = timed(hand_update, repeat=2)
            steps = env["sale.execution.step"].search([("order_id", "in", order_ids)])
            env.invalidate_all()
            steps = env["sale.execution.step"].browse(steps.ids)
            queries = cr.sql_log_count
            start = time.perf_counter()
            # recompute the stored amounts (and what depends on them) the way Odoo does after
            # payments, then read the non-stored overdue figures
            for fname in ("amount_invoiced", "amount_paid", "amount_due"):
                env.add_to_compute(steps._fields[fname], steps)
            env.flush_all()
            # (in pages of 1,000, as the web client and batch jobs read: one mapped() over
            # the whole set would cost Odoo's ORM a scan of the whole prefetch set per
            # 1,000-record batch of these non-stored fields, quadratic in the set's size)
            for offset in range(0, len(steps), 1000):
                page_steps = env["sale.execution.step"].browse(steps.ids[offset : offset + 1000])
                page_steps.mapped("is_overdue")
                page_steps.mapped("overdue_days")
            t_compute = time.perf_counter() - start
            q_compute = cr.sql_log_count - queries
            queries = cr.sql_log_count
            start = time.perf_counter()
            groups = env["sale.execution.step"].read_group(
                [("is_money_step", "=", True), ("state", "not in", ("done", "cancelled"))],
                ["amount_due:sum"],
                ["planned_date:month", "partner_id", "currency_id"],
                lazy=False,
            )
            t_pivot = time.perf_counter() - start
            q_pivot = cr.sql_log_count - queries
            t_pivot_sql, pivot_rows = timed(
                lambda: (cr.execute(HAND_PIVOT_SQL), cr.fetchall())[1], repeat=2
            )
            overdue = env["sale.execution.step"].search_count(
                [("is_overdue", "=", True), ("order_id", "in", order_ids)]
            )
            # the ORM and the hand-written query agree (on a sample of the steps)
            paid = {row[0]: float(row[2]) for row in rows}
            env.invalidate_all()
            sample = env["sale.execution.step"].browse(steps.ids[:: max(1, len(steps) // 500)])
            mismatches = [s.id for s in sample if abs(s.amount_paid - paid[s.id]) > 0.005]
            agree = "yes" if not mismatches else f"NO {mismatches[:5]}"
            print(
                f"amounts and overdue of {len(steps)} steps: {t_compute * 1000:8.1f} ms, "
                f"{q_compute} queries; ORM = SQL on {len(sample)} sampled steps: {agree}\n"
                f"   hand SQL SELECT of the amounts {t_sql * 1000:8.1f} ms "
                f"(ratio {t_compute / t_sql:5.2f}); hand SQL UPDATE storing them "
                f"({updated} rows) {t_update * 1000:8.1f} ms (ratio {t_compute / t_update:5.2f})"
            )
            print(
                f"collection pivot read_group ({len(groups)} cells): {t_pivot * 1000:8.1f} ms, "
                f"{q_pivot} queries; hand SQL ({len(pivot_rows)} cells) "
                f"{t_pivot_sql * 1000:8.1f} ms (ratio {t_pivot / t_pivot_sql:5.2f})"
            )
            print(f"overdue steps: {overdue}; total of both: {(t_compute + t_pivot) * 1000:.1f} ms")
            figures.update(
                compute=t_compute,
                sql=t_sql,
                update=t_update,
                pivot=t_pivot,
                pivot_sql=t_pivot_sql,
            )
        finally:
            cr.rollback()
            cleanup(cr, partner.id)
        return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument(
        "--scales",
        default="5000,50000",
        help="orders per run, comma-separated (6 steps each): 5000,50000 = 30k then 300k steps",
    )
    args = parser.parse_args()
    scales = [int(scale) for scale in args.scales.split(",") if scale.strip()]
    odoo, registry = odoo_env(args.db)
    results = []
    for orders in scales:
        print(f"== scale: {orders} orders, {orders * 6} steps")
        results.append(run_scale(odoo, registry, orders))
    if len(results) > 1:
        first, last = results[0], results[-1]
        size = last["steps"] / first["steps"]
        print(f"== growth from {first['steps']} to {last['steps']} steps (x{size:.0f} data):")
        for key, label in (
            ("compute", "amounts (ORM)"),
            ("sql", "amounts (hand SELECT)"),
            ("update", "amounts (hand UPDATE)"),
            ("pivot", "pivot (ORM)"),
            ("pivot_sql", "pivot (hand SQL)"),
        ):
            print(f"   {label:22s} x{last[key] / first[key]:6.1f}")


if __name__ == "__main__":
    main()
