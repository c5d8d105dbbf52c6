"""Benchmark of a handover (issue 15).

In a database with crm_manufacturing_team installed, generates a leaving salesperson with
``--customers`` customers and ``--deals`` open opportunities, one open activity per deal and
the salesperson following every deal, and a second successor taking over one customer out of
ten (split by customer); then confirms the handover as a sales manager and prints the time,
the number of SQL queries and what was moved, and rolls everything back.

The same handover at a tenth of the scale is run first: the query counts of both are printed
(they are equal: the handover issues the same statements whatever the number of deals).

    $VENV/bin/python bench/bench_team.py --db crm_mfg_team [--deals 2000] [--customers 200]
"""

import argparse
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_funnel import odoo_env


def portfolio(env, tag, deals, customers, manager, successor, successor2):
    sales = env.ref("sales_team.group_sale_salesman")
    rep = env["res.users"].create(
        {"name": f"Bench Leaver {tag}", "login": f"bench_team_{tag}", "groups_id": [(4, sales.id)]}
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Bench {tag} customer {i}", "is_company": True, "user_id": rep.id}
            for i in range(customers)
        ]
    )
    leads = env["crm.lead"].create(
        [
            {
                "name": f"Bench {tag} deal {i}",
                "type": "opportunity",
                "user_id": rep.id,
                "partner_id": partners[i % customers].id,
                "expected_revenue": 1000 * i,
            }
            for i in range(deals)
        ]
    )
    todo = env.ref("mail.mail_activity_data_todo")
    env["mail.activity"].create(
        [
            {
                "res_model_id": env["ir.model"]._get_id("crm.lead"),
                "res_id": lead.id,
                "user_id": rep.id,
                "activity_type_id": todo.id,
                "date_deadline": datetime.date.today(),
            }
            for lead in leads
        ]
    )
    leads.message_subscribe(partner_ids=rep.partner_id.ids)
    handover = (
        env["crm.handover"]
        .with_user(manager)
        .create(
            {
                "from_user_id": rep.id,
                "to_user_id": successor.id,
                "successor_ids": [
                    (0, 0, {"partner_id": p.id, "user_id": successor2.id})
                    for p in partners[:: max(1, customers // 10)]
                ],
            }
        )
    )
    return handover


def confirm(env, handover):
    # confirmed as the web client would: without the quiet context of the data generation
    handover = handover.with_env(handover.env(context={}))
    env.flush_all()
    env.invalidate_all()
    start = env.cr.sql_log_count
    t0 = time.perf_counter()
    handover.action_confirm()
    env.flush_all()
    elapsed = time.perf_counter() - t0
    return elapsed, env.cr.sql_log_count - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_team")
    parser.add_argument("--deals", type=int, default=2000)
    parser.add_argument("--customers", type=int, default=200)
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    print(
        f"scale: {args.deals} open deals of {args.customers} customers, one open activity per "
        f"deal, the leaver following every deal; a tenth of the customers to a 2nd successor"
    )
    with registry.cursor() as cr:
        # the data is made without chatter, tracking nor notifications (not what is measured)
        quiet = {
            "tracking_disable": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "mail_notrack": True,
            "mail_activity_quick_update": True,
        }
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, quiet)
        sales = env.ref("sales_team.group_sale_salesman")
        manager = env["res.users"].create(
            {
                "name": "Bench Manager",
                "login": "bench_team_manager",
                "email": "bench.manager@example.com",
                "groups_id": [(4, env.ref("sales_team.group_sale_manager").id)],
            }
        )
        successor, successor2 = env["res.users"].create(
            [
                {
                    "name": f"Bench Successor {i}",
                    "login": f"bench_team_succ_{i}",
                    "groups_id": [(4, sales.id)],
                }
                for i in (1, 2)
            ]
        )
        t0 = time.perf_counter()
        warm = portfolio(env, "w", 3, 3, manager, successor, successor2)
        small = portfolio(
            env, "s", args.deals // 10, max(1, args.customers // 10), manager, successor, successor2
        )
        big = portfolio(env, "b", args.deals, args.customers, manager, successor, successor2)
        print(f"data generated in {time.perf_counter() - t0:.1f} s")
        confirm(env, warm)
        small_time, small_queries = confirm(env, small)
        big_time, big_queries = confirm(env, big)
        moved = {}
        for line in big.line_ids:
            moved[(line.res_model, line.field)] = moved.get((line.res_model, line.field), 0) + 1
        print(f"moved: {', '.join(f'{n} {m}.{f}' for (m, f), n in sorted(moved.items()))}")
        print(
            f"handover of {args.deals // 10:5d} deals: {small_time:6.2f} s, {small_queries} queries"
        )
        print(f"handover of {args.deals:5d} deals: {big_time:6.2f} s, {big_queries} queries")
        cr.rollback()


if __name__ == "__main__":
    main()
