"""Benchmark of the sales KPIs (issue 17).

In a database with crm_manufacturing_kpi installed, generates 50 salespeople with their
customers and opportunities over one year (2025), 200,000 done activities (80 % Customer
Visits, counted through their "done" messages, 20 % calls), 50,000 meetings of opportunities
(a fifth tagged Customer Visit, attended by a decider, another member or an outsider),
quotations and won/lost deals; then times, as the median of several runs after a warm-up:

  - ``get_kpis(2025-01-01, 2025-12-31, ["user_id", "date:month"])`` (the ORM path: record rules,
    grouping, ratios, names), as the administrator;
  - the shipped SQL alone (``_kpi_query`` grouped by user and month, run on the cursor);

prints the scale, the times and the ratio, and rolls everything back. The clones are made in
SQL from one record of each kind created by the ORM (so that every NOT NULL column is filled).

    $VENV/bin/python bench/bench_kpi.py --db crm_mfg_kpi [--reps 50] [--activities 200000]
        [--meetings 50000] [--repeat 5]
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_funnel import odoo_env


def clone(cr, table, template_id, count, overrides):
    """Insert ``count`` copies of row ``template_id`` of ``table``; ``overrides`` maps columns to
    SQL expressions of ``g`` (1..count) and ``t`` (the template row)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
        (table,),
    )
    columns = [row[0] for row in cr.fetchall()]
    select = ", ".join(overrides.get(column, f't."{column}"') for column in columns)
    names = ", ".join(f'"{column}"' for column in columns)
    cr.execute(
        f'INSERT INTO "{table}" ({names}) '
        f'SELECT {select} FROM "{table}" t, generate_series(1, %s) g WHERE t.id = %s RETURNING id',
        (count, template_id),
    )
    return [row[0] for row in cr.fetchall()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_kpi")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--activities", type=int, default=200000)
    parser.add_argument("--meetings", type=int, default=50000)
    parser.add_argument("--opportunities", type=int, default=10000)
    parser.add_argument("--quotes", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the plan of the SQL")
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    print(
        f"scale: {args.reps} reps, {args.opportunities} opportunities, {args.activities} activities, "
        f"{args.meetings} meetings, {args.quotes} quotations, year 2025"
    )
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        t0 = time.perf_counter()
        Command = odoo.fields.Command
        users = env["res.users"].create(
            [
                {
                    "name": f"Bench Rep {i}",
                    "login": f"bench_kpi_rep_{i}",
                    "groups_id": [Command.link(env.ref("sales_team.group_sale_salesman").id)],
                }
                for i in range(args.reps)
            ]
        )
        teams = env["crm.team"].create(
            [
                {
                    "name": f"Bench Team {t}",
                    "crm_team_member_ids": [Command.create({"user_id": u.id}) for u in users[t::5]],
                }
                for t in range(5)
            ]
        )
        states = env["res.country.state"].search([("country_id.code", "=", "CN")], limit=10)
        customers = env["res.partner"].create(
            [
                {
                    "name": f"Bench Customer {i}",
                    "is_company": True,
                    "state_id": states[i % len(states)].id if states else False,
                    "user_id": users[i % args.reps].id,
                }
                for i in range(args.reps * 10)
            ]
        )
        contacts = env["res.partner"].create(
            [{"name": f"Bench Contact {i}", "parent_id": c.id} for i, c in enumerate(customers)]
        )
        template_lead = env["crm.lead"].create(
            {
                "name": "Bench",
                "type": "opportunity",
                "user_id": users[0].id,
                "partner_id": customers[0].id,
            }
        )
        template_event = (
            env["calendar.event"]
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": "Bench meeting",
                    "start": "2025-01-01 10:00:00",
                    "stop": "2025-01-01 11:00:00",
                    "user_id": users[0].id,
                    "opportunity_id": template_lead.id,
                }
            )
        )
        template_order = env["sale.order"].create(
            {"partner_id": customers[0].id, "user_id": users[0].id}
        )
        template_message = template_lead.message_post(body="bench", message_type="notification")
        env.flush_all()
        n_reps, n_customers = args.reps, len(customers)
        user_ids = "ARRAY[%s]" % ",".join(str(i) for i in users.ids)
        customer_ids = "ARRAY[%s]" % ",".join(str(i) for i in customers.ids)
        contact_ids = "ARRAY[%s]" % ",".join(str(i) for i in contacts.ids)
        team_ids = "ARRAY[%s]" % ",".join(str(i) for i in teams.ids)
        day = "TIMESTAMP '2025-01-01' + (g %% 365) * INTERVAL '1 day' + INTERVAL '10 hours'"
        # opportunities of the rep of their customer: 30 % won, 20 % lost, the rest open
        leads = clone(
            cr,
            "crm_lead",
            template_lead.id,
            args.opportunities,
            {
                "name": "'Bench ' || g",
                "user_id": f"({user_ids})[1 + (g %% {n_customers}) %% {n_reps}]",
                "team_id": f"({team_ids})[1 + ((g %% {n_customers}) %% {n_reps}) %% 5]",
                "partner_id": f"({customer_ids})[1 + g %% {n_customers}]",
                "create_date": "TIMESTAMP '2024-12-01' + (g %% 300) * INTERVAL '1 day'",
                "expected_revenue": "10000 + (g %% 50) * 1000",
                "active": "g %% 10 NOT IN (3, 4)",
                "probability": "CASE WHEN g %% 10 IN (0, 1, 2) THEN 100 WHEN g %% 10 IN (3, 4) THEN 0 ELSE 40 END",
                "date_closed": "CASE WHEN g %% 10 < 5 THEN TIMESTAMP '2024-12-01' + (g %% 300 + 40) * INTERVAL '1 day' END",
            },
        )
        lead_ids = "ARRAY[%s]" % ",".join(str(i) for i in leads)
        n_leads = len(leads)
        # one decider (the contact of its customer) and one user (the next customer's contact)
        cr.execute(
            f"""INSERT INTO crm_decision_member (lead_id, partner_id, role, influence, attitude,
                                                 company_id, lead_user_id, partner_company_id)
                SELECT l.id, ({contact_ids})[1 + (g + k) %% {n_customers}],
                       CASE WHEN k = 0 THEN 'decider' ELSE 'user' END, 3, 'neutral',
                       l.company_id, l.user_id, l.partner_id
                  FROM generate_series(1, %s) g
                  JOIN crm_lead l ON l.id = ({lead_ids})[g]
                 CROSS JOIN generate_series(0, 1) k""",
            (n_leads,),
        )
        # activities: done-messages by the rep (80 % visits), on opportunities and customers
        visit = env.ref("crm_manufacturing_kpi.mail_activity_type_customer_visit").id
        call = env.ref("mail.mail_activity_data_call").id
        cr.execute(f"SELECT partner_id FROM res_users WHERE id = ANY({user_ids}) ORDER BY id")
        rep_partners = "ARRAY[%s]" % ",".join(str(r[0]) for r in cr.fetchall())
        clone(
            cr,
            "mail_message",
            template_message.id,
            args.activities,
            {
                "model": "CASE WHEN g %% 4 = 0 THEN 'res.partner' ELSE 'crm.lead' END",
                "res_id": f"CASE WHEN g %% 4 = 0 THEN ({customer_ids})[1 + g %% {n_customers}] ELSE ({lead_ids})[1 + g %% {n_leads}] END",
                "author_id": f"({rep_partners})[1 + g %% {n_reps}]",
                "mail_activity_type_id": f"CASE WHEN g %% 5 = 0 THEN {call} ELSE {visit} END",
                "date": day,
            },
        )
        # meetings of opportunities by their rep; a fifth tagged Customer Visit
        events = clone(
            cr,
            "calendar_event",
            template_event.id,
            args.meetings,
            {
                "opportunity_id": f"({lead_ids})[1 + g %% {n_leads}]",
                "start": day,
                "stop": day + " + INTERVAL '1 hour'",
            },
        )
        cr.execute(
            "UPDATE calendar_event e SET user_id = l.user_id FROM crm_lead l "
            "WHERE l.id = e.opportunity_id AND e.id = ANY(%s)",
            (events,),
        )
        tag = env.ref("crm_manufacturing_kpi.calendar_event_type_customer_visit").id
        cr.execute(
            "INSERT INTO meeting_category_rel (event_id, type_id) SELECT id, %s FROM unnest(%s::int[]) id WHERE id %% 5 = 0",
            (tag, events),
        )
        # attendees: the rep, and the decider (1/3), another member (1/3) or an outsider (1/3)
        cr.execute(
            f"""INSERT INTO calendar_event_res_partner_rel (calendar_event_id, res_partner_id)
                SELECT e.id, u.partner_id FROM calendar_event e JOIN res_users u ON u.id = e.user_id
                 WHERE e.id = ANY(%s)
                UNION
                SELECT e.id, m.partner_id
                  FROM calendar_event e JOIN crm_decision_member m ON m.lead_id = e.opportunity_id
                 WHERE e.id = ANY(%s) AND e.id %% 3 != 2
                   AND m.role = CASE WHEN e.id %% 3 = 0 THEN 'decider' ELSE 'user' END
                UNION
                SELECT e.id, ({contact_ids})[1 + (e.id * 7) %% {n_customers}]
                  FROM calendar_event e WHERE e.id = ANY(%s) AND e.id %% 3 = 2""",
            (events, events, events),
        )
        clone(
            cr,
            "sale_order",
            template_order.id,
            args.quotes,
            {
                "name": "'BENCH' || g",
                "user_id": f"({user_ids})[1 + g %% {n_reps}]",
                "quote_date": day,
                "state": "'sent'",
                "amount_untaxed": "1000 + (g %% 100) * 100",
            },
        )
        env.invalidate_all()
        # fresh statistics, as autovacuum would have them on committed data
        for table in (
            "crm_lead",
            "crm_decision_member",
            "mail_message",
            "calendar_event",
            "meeting_category_rel",
            "calendar_event_res_partner_rel",
            "sale_order",
            "res_partner",
            "res_users",
        ):
            cr.execute(f"ANALYZE {table}")
        print(f"data generated in {time.perf_counter() - t0:.1f} s")

        report = env["crm.sales.kpi.report"]
        group_by = ["user_id", "date:month"]

        def orm():
            env.invalidate_all()
            return report.get_kpis("2025-01-01", "2025-12-31", group_by)

        import datetime  # noqa: PLC0415

        period = (datetime.datetime(2025, 1, 1), datetime.datetime(2026, 1, 1))
        sql = odoo.tools.SQL(
            "SELECT user_id, DATE_TRUNC('month', date), SUM(visit_count), SUM(decider_meeting_count), "
            "SUM(committee_meeting_count), SUM(quote_count), SUM(quote_amount), "
            "SUM(new_opportunity_count), SUM(won_count), SUM(won_amount), SUM(lost_count), "
            "SUM(won_days), SUM(target_value) FROM (%s) k GROUP BY 1, 2",
            report._kpi_query(period),
        )

        def raw():
            cr.execute(sql)
            return cr.fetchall()

        # get_kpis runs the report's query without JIT (crm.sales.kpi.report._kpi_without_jit):
        # the hand-run SQL too, for a like-for-like ratio
        cr.execute("SET LOCAL jit = off")
        if args.explain:
            cr.execute(odoo.tools.SQL("EXPLAIN (ANALYZE, BUFFERS) %s", sql))
            print("\n".join(row[0] for row in cr.fetchall()))

        # CPU time of the database server process (Linux, same machine): on a shared machine
        # the wall-clock time counts the waits for a core; the CPU time is the work done
        cr.execute("SELECT pg_backend_pid()")
        backend = cr.fetchone()[0]

        def server_cpu():
            try:
                with open(f"/proc/{backend}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except OSError:
                return float("nan")

        cpu = {}

        def timed(function):
            function()  # warm-up
            runs, cpus = [], []
            for _i in range(args.repeat):
                start, start_cpu = time.perf_counter(), server_cpu()
                start_own = time.process_time()
                result = function()
                runs.append(time.perf_counter() - start)
                cpus.append(server_cpu() - start_cpu + time.process_time() - start_own)
            cpu[function.__name__] = statistics.median(cpus)
            return statistics.median(runs), result

        t_orm, rows = timed(orm)
        t_sql, raw_rows = timed(raw)
        bench_rows = [r for r in rows if r["user_id"] and r["user_id"][0] in users.ids]
        totals = {
            name: sum(r[name] for r in bench_rows)
            for name in (
                "visit_count",
                "decider_meeting_count",
                "committee_meeting_count",
                "quote_count",
                "won_count",
                "lost_count",
            )
        }
        print(f"rows: {len(rows)} (user x month), bench reps' totals: {totals}")
        assert len(raw_rows) == len(rows), (len(raw_rows), len(rows))
        print(f"get_kpis (ORM)   : {t_orm * 1000:8.1f} ms (median of {args.repeat})")
        print(f"shipped SQL alone: {t_sql * 1000:8.1f} ms")
        print(f"ratio ORM / SQL  : {t_orm / t_sql:8.2f}  (goal: < 1 s and < 1.5)")
        print(
            f"CPU time (Odoo + PostgreSQL): get_kpis {cpu['orm'] * 1000:.0f} ms, "
            f"SQL {cpu['raw'] * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
