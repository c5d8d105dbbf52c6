"""Benchmark of the contract execution plans (issue: contract execution plans).

In one transaction of a database with crm_manufacturing_contract installed, generates
5,000 confirmed orders with 6 steps each (3 money steps with a posted invoice each,
partly paid; the steps' stored amounts are those of before the invoices), then times computing amount_invoiced / amount_paid / amount_due /
is_overdue for all 30,000 steps and the collection plan's grouped data (the pivot's
read_group), with their query counts; then rolls everything back.

    $VENV/bin/python bench/bench_contract.py --db crm_mfg_test [--orders 5000]
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


def cleanup(cr, partner_id):
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
    cr.commit()
    print("bench data deleted")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument("--orders", type=int, default=5000)
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        partner = env["res.partner"].create({"name": "Bench contract customer", "is_company": True})
        has_credit = "credit_approval_state" in env["sale.order"]._fields
        t0 = time.perf_counter()
        cr.execute(
            f"""
            INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
                                    currency_id, date_order, state, amount_untaxed, amount_total, currency_rate, picking_policy
                                    {", credit_approval_state" if has_credit else ""})
            SELECT 'BENCH-' || i, %(p)s, %(p)s, %(p)s, %(c)s, %(cur)s, now() - interval '200 days', 'sale',
                   100000, 100000, 1, 'direct' {", 'not_needed'" if has_credit else ""}
              FROM generate_series(1, %(n)s) i RETURNING id
            """,
            {"p": partner.id, "c": company.id, "cur": company.currency_id.id, "n": args.orders},
        )
        order_ids = [r[0] for r in cr.fetchall()]
        for seq, (name, step_type, percent, offset) in enumerate(STEPS, 1):
            cr.execute(
                """
                INSERT INTO sale_execution_step (order_id, sequence, name, step_type, is_money_step, planned_date,
                                                 state, percent, amount, partner_id, company_id, currency_id,
                                                 amount_invoiced, amount_paid, amount_due)
                SELECT o, %(seq)s, %(name)s, %(type)s, %(money)s, CURRENT_DATE + %(offset)s, 'in_progress',
                       %(percent)s, 1000 * %(percent)s, %(p)s, %(c)s, %(cur)s,
                       -- as the plan was created, before its invoices and payments
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
        cr.execute("ANALYZE sale_execution_step; ANALYZE account_move")
        # the data is committed, as steps and invoices are when payments come in (rows
        # written by the measuring transaction itself would make PostgreSQL re-check
        # every foreign key on update); it is deleted at the end
        cr.commit()
        try:
            print(
                f"generated {len(order_ids)} orders, {len(order_ids) * 6} steps, {len(order_ids) * 3} invoices "
                f"in {time.perf_counter() - t0:.1f} s"
            )
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
            steps.mapped("is_overdue")
            steps.mapped("overdue_days")
            t_compute = time.perf_counter() - start
            q_compute = cr.sql_log_count - queries
            queries = cr.sql_log_count
            start = time.perf_counter()
            groups = env["sale.execution.step"].read_group(
                [("is_money_step", "=", True), ("state", "not in", ("done", "cancelled"))],
                ["amount_due:sum"],
                ["planned_date:month", "partner_id"],
                lazy=False,
            )
            t_pivot = time.perf_counter() - start
            q_pivot = cr.sql_log_count - queries
            overdue = env["sale.execution.step"].search_count(
                [("is_overdue", "=", True), ("order_id", "in", order_ids)]
            )
            print(
                f"amounts and overdue of {len(steps)} steps: {t_compute * 1000:8.1f} ms, {q_compute} queries"
            )
            print(
                f"collection pivot read_group ({len(groups)} cells): {t_pivot * 1000:8.1f} ms, {q_pivot} queries"
            )
            print(f"overdue steps: {overdue}; total of both: {(t_compute + t_pivot) * 1000:.1f} ms")
        finally:
            cr.rollback()
            cleanup(cr, partner.id)


if __name__ == "__main__":
    main()
