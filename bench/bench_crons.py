"""Benchmark of the batched crons of issue 19: the customer lifecycle stages, the customer RFM
and value figures, and the weekly rebuild of the budget execution summary.

In a database with crm_manufacturing_customer and crm_manufacturing_expense installed,
generates in SQL (the generators of bench_customer.py and bench_expense.py) N customers with M
confirmed orders each and D deals with their budget lines and expenses, with nothing stored yet
(stages, figures, summary rows: as after an import), then runs each scheduled action as
ir.cron's runner does: calls of the method with the progress context, one after the other,
while it reports work done and work left (the runner commits between the calls; here all of it
is rolled back at the end, so the commits are not in the times). Prints for each: the calls
with their done/remaining and time, the total, the same work in one call without batches
(the method as before issue 19, on the same state: a savepoint is rolled back between the two),
and a call in steady state (nothing left: what a normal day costs).

    $VENV/bin/python bench/bench_crons.py --db crm_mfg_crons [--customers 20000] [--orders 10]
        [--deals 5000] [--per-deal 10]
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_customer import generate as generate_customers
from bench_expense import generate as generate_deals
from bench_funnel import odoo_env


def cron_run(env, xmlid, method, **kwargs):
    """The calls of ``method`` ir.cron's runner makes for the scheduled action ``xmlid``, until
    it reports nothing left (or nothing done); returns [(seconds, done, remaining)]."""
    cron = env.ref(xmlid)
    calls = []
    while True:
        __, progress = cron._add_progress()
        model = env[cron.model_id.model].with_context(ir_cron_progress_id=progress.id)
        env.invalidate_all()
        start = time.perf_counter()
        getattr(model, method)(**kwargs)
        env.flush_all()
        calls.append((time.perf_counter() - start, progress.done, progress.remaining))
        if not progress.remaining or not progress.done:
            return calls


def timed(env, func):
    env.invalidate_all()
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return time.perf_counter() - start, result


def report(title, calls, one_call, steady):
    total = sum(seconds for seconds, __, __ in calls)
    done = sum(done for __, done, __ in calls)
    print(f"{title}:")
    for i, (seconds, call_done, remaining) in enumerate(calls, 1):
        print(f"  call {i}: done {call_done}, remaining {remaining}, {seconds:.2f} s")
    print(
        f"  batched: {done} done in {len(calls)} calls, {total:.2f} s (longest call "
        f"{max(seconds for seconds, __, __ in calls):.2f} s); in one call without batches: "
        f"{one_call:.2f} s; a call with nothing left (steady state): {steady:.2f} s"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_crons")
    parser.add_argument("--customers", type=int, default=20000)
    parser.add_argument("--orders", type=int, default=10, help="confirmed orders per customer")
    parser.add_argument("--deals", type=int, default=5000)
    parser.add_argument("--per-deal", type=int, default=10, help="expenses per deal")
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env.company.write({"crm_dormant_months": 24, "crm_rfm_years": 3})
        partner = env["res.partner"]
        t0 = time.perf_counter()
        generate_customers(env, args)
        print(
            f"scale: {args.customers} customers with {args.orders} confirmed orders each "
            f"(generated in {time.perf_counter() - t0:.1f} s), load average "
            f"{' '.join(f'{load:.1f}' for load in os.getloadavg())}"
        )
        # everything written once before the measures: what other data left to do
        partner._refresh_customer_stage()
        partner._refresh_customer_value()
        cr.execute(
            "UPDATE res_partner SET customer_stage = NULL, customer_stage_date = NULL "
            "WHERE name LIKE 'Bench customer %%'"
        )
        cr.execute(
            "UPDATE res_partner SET rfm_segment = NULL, rfm_frequency = NULL "
            "WHERE name LIKE 'Bench customer %%'"
        )

        xmlid = "crm_manufacturing_customer.ir_cron_customer_lifecycle"
        cr.execute("SAVEPOINT stage")
        one_call, __ = timed(env, lambda: partner._refresh_customer_stage())
        cr.execute("ROLLBACK TO SAVEPOINT stage")
        calls = cron_run(env, xmlid, "_cron_refresh_customer_lifecycle")
        steady = cron_run(env, xmlid, "_cron_refresh_customer_lifecycle")[0][0]
        report("lifecycle stages (5,000 changes per call)", calls, one_call, steady)

        xmlid = "crm_manufacturing_customer.ir_cron_customer_value"
        cr.execute("SAVEPOINT value")
        one_call, __ = timed(env, lambda: partner._refresh_customer_value())
        cr.execute("ROLLBACK TO SAVEPOINT value")
        calls = cron_run(env, xmlid, "_cron_refresh_customer_value")
        steady = cron_run(env, xmlid, "_cron_refresh_customer_value")[0][0]
        report("RFM and value figures (10,000 customers per call)", calls, one_call, steady)

        # deals: generated with their summary rebuilt, then the summary emptied (an import)
        generate_deals(env, args.deals, args.per_deal)
        cr.execute("DELETE FROM crm_expense_budget_summary")
        Summary = env["crm.expense.budget.summary"]
        xmlid = "crm_manufacturing_expense.ir_cron_budget_summary_rebuild"
        cr.execute("SAVEPOINT summary")
        one_call, rebuilt = timed(env, lambda: Summary._rebuild())
        cr.execute("ROLLBACK TO SAVEPOINT summary")
        calls = cron_run(env, xmlid, "_rebuild")
        steady = cron_run(env, xmlid, "_rebuild")[0][0]
        report(f"budget summary rebuild, {rebuilt} deals (5,000 per call)", calls, one_call, steady)
        print(f"load average at the end: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
        cr.rollback()


if __name__ == "__main__":
    main()
