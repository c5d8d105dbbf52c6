"""Credit at ten times the data, and one concurrency figure (issue: scale out).

``scale``: in a database with crm_manufacturing_credit installed, generates (the data of
bench_credit.py: 20 open receivable lines and 2 confirmed orders per customer, one paid
invoice each) 10,000 customers, measures, grows to 100,000 customers (2,000,000 open lines,
200,000 open orders), measures again. The rows are copies of one customer, invoice, payment
and order made by the ORM, inserted by set-based INSERT ... SELECT statements (indexes,
foreign keys and the module's dirty-mark triggers in place). It prints for each scale the
times of

  - the stored figures (crm.credit.figure, every customer dirty) filled by the cron's
    method, crm.credit.figure._cron_refresh, batch after batch,
  - the Credit Risk report (search_read of every row and figure),
  - the 14 figures of res.partner read on all customers,
  - one hand-written SQL query computing the same figures,
  - search_count by grade and over the limit on the stored rows, the same searches on the
    live figures alone, and one hand-written SQL count on the stored table,
  - the same searches with 1,000 customers changed since the last refresh, and the
    refresh of those 1,000 (what the cron does every 10 minutes),

with the ratios to the hand-written SQL and the growth from the first scale to the last. When
generating the next scale would take more than --budget seconds (projected from the first),
it uses the largest scale that fits and says so. Everything is rolled back at the end;
with --commit, each step is committed and VACUUM ANALYZEd (what autovacuum does on a live
database), for a dedicated database that is dropped afterwards.

    $VENV/bin/python bench/bench_creditscale.py scale --db crm_mfg_cscale_bench
    $VENV/bin/python bench/bench_creditscale.py scale --db crm_mfg_scale --commit; dropdb crm_mfg_scale

``concurrency``: starts a server with 8 workers on a free loopback port (no cron worker),
creates 25 customers with a credit limit, and runs 50 XML-RPC clients for 60 s, each
confirming orders of those customers (two clients per customer: the credit check is
contended) and reading the Credit Risk report in turn; prints the throughput, the p95
latency, the errors (faults other than the credit refusal) and whether any customer's
exposure is over its limit at the end. Stops the server in every case.

    $VENV/bin/python bench/bench_creditscale.py concurrency --db crm_mfg_cscale_conc
"""

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import xmlrpc.client
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import (
    analyze,
    clone_sql,
    load_average,
    open_credit_counts,
    table_columns,
    vacuum_analyze,
)
from bench_credit import HAND_COLUMNS, HAND_SQL
from bench_funnel import odoo_env


# ---------------------------------------------------------------------------- scale
def make_templates(env):
    """One record of each kind through the ORM, the rows every generated row copies (so
    that every column Odoo fills is filled): a customer, a posted invoice (its receivable
    line), a paid invoice with its payment (the reconciliation), a confirmed order."""
    from odoo.fields import Command  # noqa: PLC0415 (Odoo is loaded at run time)

    today = env["crm.credit.figure"]._today()
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    partner = env["res.partner"].create(
        {"name": "Bench template customer", "is_company": True, "credit_limit": 1e9}
    )
    product = env["product.product"].create(
        {
            "name": "Bench machine",
            "type": "consu",
            "list_price": 1000,
            "invoice_policy": "order",
            "taxes_id": [Command.clear()],
        }
    )

    def invoice(amount):
        move = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today - timedelta(days=200),
                "date": today - timedelta(days=200),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    open_invoice = invoice(100)
    paid_invoice = invoice(500)
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=paid_invoice.ids
    ).create({"payment_date": today - timedelta(days=170)})._create_payments()
    paid_line = paid_invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
    partial = paid_line.matched_credit_ids
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": 1,
                        "price_unit": 1000,
                        "tax_id": [Command.clear()],
                    }
                )
            ],
        }
    )
    order.action_confirm()
    env.flush_all()
    assert len(partial) == 1 and paid_invoice.payment_state in ("paid", "in_payment"), (
        "the template payment did not reconcile the invoice"
    )
    return {
        "partner": partner.id,
        "open_move": open_invoice.id,
        "open_line": open_invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).id,
        "paid_move": paid_invoice.id,
        "paid_line": paid_line.id,
        "payment_line": partial.credit_move_id.id,
        "partial": partial.id,
        "order": order.id,
        "order_line": order.order_line.id,
        "company": env.company.id,
    }


GENERATED_TABLES = (
    "res_partner",
    "account_move",
    "account_move_line",
    "account_partial_reconcile",
    "sale_order",
    "sale_order_line",
    "crm_credit_figure_dirty",
)


def generate(env, tpl, first, count, lines, orders, say=print):
    """Customers number ``first`` to ``first + count - 1`` with what bench_credit.py gives
    each one (``lines`` open receivable lines of one invoice, due from 20 days ahead to 180
    days back; one paid invoice; ``orders`` confirmed orders with an amount to invoice), in
    set-based INSERT ... SELECT statements copying the ORM's template rows (indexes, foreign
    keys and the module's triggers all in place). Returns the customers' ids."""
    cr = env.cr
    cr.execute("SET LOCAL synchronous_commit = off")
    company = tpl["company"]

    def step(label, query, params=None):
        started = time.perf_counter()
        cr.execute(query, params)
        rows = cr.fetchall() if cr.description else []
        say(f"    {label}: {cr.rowcount:,} rows in {time.perf_counter() - started:.1f} s")
        return rows

    # customers: their own commercial partner, a limit of 50,000 to 110,000 in the company
    partners = step(
        "customers",
        clone_sql(
            cr,
            "res_partner",
            tpl["partner"],
            "(SELECT nextval('res_partner_id_seq') AS id, n"
            "   FROM generate_series(%(first)s::int, %(last)s::int) n) s",
            {
                "id": "s.id",
                "commercial_partner_id": "s.id",
                "name": "'Bench customer ' || s.n",
                "complete_name": "'Bench customer ' || s.n",
                # every tenth customer's limit under its exposure (about 4,200): over it
                "credit_limit": "jsonb_build_object(%(company)s::text, CASE WHEN s.n %% 10 = 0"
                " THEN 4000 ELSE 50000 + (s.n %% 7) * 10000 END)",
                "create_date": "now() AT TIME ZONE 'UTC'",
                "write_date": "now() AT TIME ZONE 'UTC'",
            },
        ),
        {"first": first, "last": first + count - 1, "company": company},
    )
    partner_ids = [row[0] for row in partners]
    per_customer = "unnest(%(partners)s::int[]) AS c(id)"
    params = {"partners": partner_ids, "lines": lines, "orders": orders}
    # one paid invoice each: its receivable line reconciled with a payment line, paid
    # between 140 and 200 days ago. First, and with fresh statistics: the module's trigger
    # on account_partial_reconcile joins the new rows to account_move_line on
    # `l.id IN (debit_move_id, credit_move_id)`, which PostgreSQL cannot hash; when it
    # underestimates the journal items (statistics older than this transaction's inserts)
    # it scans them all for each new row (hours for 90,000 rows against 2,000,000 lines)
    analyze(cr, ("account_move", "account_move_line"))
    paid = step(
        "paid invoices",
        clone_sql(
            cr,
            "account_move",
            tpl["paid_move"],
            per_customer,
            {
                "name": "'BENCH/' || c.id || '/2'",
                "partner_id": "c.id",
                "commercial_partner_id": "c.id",
            },
            returning="id, partner_id",
        ),
        params,
    )
    debit = clone_sql(
        cr,
        "account_move_line",
        tpl["paid_line"],
        "unnest(%(moves)s::int[], %(partners)s::int[]) AS m(id, partner_id)",
        {
            "move_id": "m.id",
            "partner_id": "m.partner_id",
            "move_name": "'BENCH/' || m.partner_id || '/2'",
            "full_reconcile_id": "NULL",
            "matching_number": "NULL",
        },
        returning="id, move_id, partner_id",
    )
    credit = clone_sql(
        cr,
        "account_move_line",
        tpl["payment_line"],
        "debit d",
        {
            "move_id": "d.move_id",
            "partner_id": "d.partner_id",
            "move_name": "'BENCH/' || d.partner_id || '/2'",
            "payment_id": "NULL",
            "full_reconcile_id": "NULL",
            "matching_number": "NULL",
        },
        returning="id, move_id",
    )
    partial = clone_sql(
        cr,
        "account_partial_reconcile",
        tpl["partial"],
        "debit d JOIN credit c ON c.move_id = d.move_id",
        {
            "debit_move_id": "d.id",
            "credit_move_id": "c.id",
            "full_reconcile_id": "NULL",
            "max_date": "CURRENT_DATE - 200 + (d.id %% 60)",
        },
    )
    step(
        "paid lines and their reconciliations",
        f"WITH debit AS ({debit}), credit AS ({credit}) {partial}",
        dict(params, moves=[m[0] for m in paid], partners=[m[1] for m in paid]),
    )
    # one open invoice each, with `lines` open receivable lines (instalments)
    moves = step(
        "open invoices",
        clone_sql(
            cr,
            "account_move",
            tpl["open_move"],
            per_customer,
            {
                "name": "'BENCH/' || c.id || '/1'",
                "partner_id": "c.id",
                "commercial_partner_id": "c.id",
                "payment_state": "'not_paid'",
            },
            returning="id, partner_id",
        ),
        params,
    )
    step(
        f"open receivable lines ({lines} per customer)",
        clone_sql(
            cr,
            "account_move_line",
            tpl["open_line"],
            "unnest(%(moves)s::int[], %(partners)s::int[]) AS m(id, partner_id)"
            " CROSS JOIN generate_series(1, %(lines)s) k",
            {
                "move_id": "m.id",
                "partner_id": "m.partner_id",
                "move_name": "'BENCH/' || m.partner_id || '/1'",
                "date_maturity": "CURRENT_DATE - ((m.id + k * 13) %% 200) + 20",
                "debit": "100 + k",
                "credit": "0",
                "balance": "100 + k",
                "amount_currency": "100 + k",
                "amount_residual": "100 + k",
                "amount_residual_currency": "100 + k",
                "reconciled": "false",
            },
            returning="id",
        ),
        dict(params, moves=[m[0] for m in moves], partners=[m[1] for m in moves]),
    )
    # `orders` confirmed orders each, one line of 1,000 to invoice
    order = clone_sql(
        cr,
        "sale_order",
        tpl["order"],
        per_customer + " CROSS JOIN generate_series(1, %(orders)s) k",
        {
            "name": "'BENCH-SO-' || c.id || '-' || k",
            "partner_id": "c.id",
            "partner_invoice_id": "c.id",
            "partner_shipping_id": "c.id",
            # sale_stock's column, when it is installed: no procurement group shared
            **(
                {"procurement_group_id": "NULL"}
                if "procurement_group_id" in table_columns(cr, "sale_order")
                else {}
            ),
        },
        returning="id, partner_id",
    )
    line = clone_sql(
        cr,
        "sale_order_line",
        tpl["order_line"],
        "so",
        {"order_id": "so.id", "order_partner_id": "so.partner_id"},
    )
    step(
        f"confirmed orders ({orders} per customer) and their lines",
        f"WITH so AS ({order}) {line}",
        params,
    )
    return partner_ids


def timed(label, func, repeat, results=None):
    """Median of ``repeat`` runs after one warm-up run; prints and returns it."""
    times = []
    result = None
    for _i in range(repeat + 1):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    median = statistics.median(times[1:])
    print(f"  {label:<66} {median * 1000:9.1f} ms", flush=True)
    if results is not None:
        results[label] = median
    return median, result


def measure(env, args, customers):
    """The figures at the current scale: {label: seconds}."""
    cr = env.cr
    company = env.company
    Partner = env["res.partner"]
    results = {}
    open_lines, open_orders = open_credit_counts(cr)
    # every tenth customer over its limit (data generated before the limits were set so)
    cr.execute(
        "UPDATE res_partner SET credit_limit = jsonb_build_object(%s::text, 4000)"
        " WHERE name LIKE 'Bench customer %%' AND split_part(name, ' ', 3)::int %% 10 = 0"
        " AND (credit_limit ->> %s::text) IS DISTINCT FROM '4000'",
        [str(company.id), str(company.id)],
    )
    cr.execute("SELECT count(*) FROM crm_credit_figure_dirty")
    dirty = cr.fetchone()[0]
    print(
        f"\n== {customers} bench customers, {open_lines} open receivable lines, {open_orders} "
        f"confirmed orders, {dirty} dirty marks; median of {args.repeat} runs after a warm-up",
        flush=True,
    )
    print(f"  ({load_average()})", flush=True)
    refreshed, batches, seconds = cron_refresh(env, args)
    results["full refresh"] = seconds
    print(
        f"  {f'stored figures filled by the cron method ({refreshed:,} customers, {batches} batches)':<66} "
        f"{seconds * 1000:9.1f} ms",
        flush=True,
    )
    cr.execute("SELECT id FROM res_partner WHERE name LIKE 'Bench customer %%'")
    partner_ids = [row[0] for row in cr.fetchall()]
    partners = Partner.browse(partner_ids)
    fields_ = list(HAND_COLUMNS)
    today = env["crm.credit.figure"]._today()

    def invalidating(func):
        def run():
            env.invalidate_all()
            return func()

        return run

    repeat = args.repeat
    timed(
        "Credit Risk report: search_read of every row and figure",
        invalidating(
            lambda: env["credit.risk.report"].search_read(
                [], ["partner_id", "company_id", *fields_], load=None
            )
        ),
        repeat,
        results,
    )
    timed(
        f"res.partner.read() of the {len(fields_)} figures on all customers",
        invalidating(lambda: partners.read(fields_)),
        repeat,
        results,
    )
    timed(
        "hand-written SQL, the same 14 figures",
        lambda: (cr.execute(HAND_SQL, {"today": today, "company": company.id}), cr.fetchall())[1],
        repeat,
        results,
    )

    def hand_without_jit():
        # the same query without PostgreSQL's JIT compilation: its cost estimate passes the
        # thresholds of inlining and optimisation, which then take most of its time
        cr.execute("SET LOCAL jit = off")
        try:
            cr.execute(HAND_SQL, {"today": today, "company": company.id})
            return cr.fetchall()
        finally:
            cr.execute("RESET jit")

    timed("hand-written SQL, the same 14 figures, JIT off", hand_without_jit, repeat, results)

    searches = {
        "grade E": [("credit_grade", "=", "E")],
        "over the limit": [("credit_over_limit", "=", True)],
    }
    stored_sql = {
        "grade E": "credit_grade = 'E'",
        "over the limit": "credit_over_limit",
    }
    counts = {}
    for name, domain in searches.items():
        _t, counts[name] = timed(
            f"search_count {name} (stored rows, none dirty)",
            invalidating(lambda domain=domain: Partner.search_count(domain)),
            repeat,
            results,
        )
        _t, live = timed(
            f"search_count {name} (live figures alone, as before)",
            invalidating(
                lambda domain=domain: Partner.with_context(credit_figures_live=True).search_count(
                    domain
                )
            ),
            max(1, repeat // 2),
            results,
        )
        timed(
            f"hand-written SQL count {name} on the stored table",
            lambda name=name: (
                cr.execute(
                    "SELECT count(*) FROM res_partner WHERE active AND commercial_partner_id IN"
                    f" (SELECT partner_id FROM crm_credit_figure WHERE company_id = %s AND {stored_sql[name]})",
                    [company.id],
                ),
                cr.fetchone(),
            )[1],
            repeat,
            results,
        )
        print(
            f"    count {counts[name]} (stored) / {live} (live): {'agree' if counts[name] == live else 'DIFFER'}"
        )
    # 1,000 customers changed since the last refresh (one receivable line each)
    changed = partner_ids[:: max(1, len(partner_ids) // 1000)][:1000]
    cr.execute(
        "UPDATE account_move_line SET amount_residual = amount_residual + 1, balance = balance + 1,"
        " debit = debit + 1 WHERE id IN (SELECT DISTINCT ON (partner_id) id FROM account_move_line"
        " WHERE partner_id = ANY(%s) AND NOT reconciled AND amount_residual > 0 ORDER BY partner_id, id)",
        [changed],
    )
    for name, domain in searches.items():
        timed(
            f"search_count {name} with {len(changed)} customers changed",
            invalidating(lambda domain=domain: Partner.search_count(domain)),
            repeat,
            results,
        )
    count, _batches, results["refresh of the changed"] = cron_refresh(env, args)
    print(
        f"  {'refresh of the ' + str(count) + ' changed customers':<66} "
        f"{results['refresh of the changed'] * 1000:9.1f} ms",
        flush=True,
    )
    # the floor: the faster of the hand-written query with and without JIT
    sql = min(
        results["hand-written SQL, the same 14 figures"],
        results["hand-written SQL, the same 14 figures, JIT off"],
    )
    print(
        f"  ratios to the hand-written SQL: report "
        f"{results['Credit Risk report: search_read of every row and figure'] / sql:.2f}, fields "
        f"{results[f'res.partner.read() of the {len(fields_)} figures on all customers'] / sql:.2f}; "
        f"searches to the SQL count on the stored table: grade "
        f"{results['search_count grade E (stored rows, none dirty)'] / results['hand-written SQL count grade E on the stored table']:.2f}, "
        f"over the limit "
        f"{results['search_count over the limit (stored rows, none dirty)'] / results['hand-written SQL count over the limit on the stored table']:.2f}",
        flush=True,
    )
    print(f"  ({load_average()})", flush=True)
    return results


def cron_refresh(env, args):
    """The stored figures refreshed as the cron does (crm.credit.figure._cron_refresh, one
    batch per call, ir.cron committing between calls: here a commit when --commit);
    returns (customers refreshed, calls, seconds)."""
    Figure = env["crm.credit.figure"]
    started = time.perf_counter()
    done = calls = 0
    while True:
        count, left = Figure._cron_refresh()
        done, calls = done + count, calls + 1
        if args.commit:
            env.cr.commit()
        if not left or not count:
            break
    env.cr.execute("ANALYZE crm_credit_figure")
    return done, calls, time.perf_counter() - started


def run_scale(args):
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE 'Bench customer %%'")
        existing = cr.fetchone()[0]
        if args.measure_only:
            # the data a --commit run left: measured again, every change rolled back
            measure(env, args, existing)
            cr.rollback()
            return
        if existing:
            raise SystemExit(f"{args.db} already holds bench customers: use a fresh database")
        scales = [int(s) for s in args.scales.split(",")]
        tpl = make_templates(env)
        current = 0
        measured = []
        rate = None
        for scale in scales:
            delta = scale - current
            if rate is not None and delta / rate > args.budget:
                fitting = current + int(args.budget * rate) // 1000 * 1000
                print(
                    f"\n!! {scale:,} customers would take ~{delta / rate:.0f} s to generate "
                    f"(budget {args.budget:.0f} s): using {fitting:,} customers instead"
                )
                scale, delta = fitting, fitting - current
                if delta <= 0:
                    break
            print(
                f"\ngenerating customers {current + 1:,} to {scale:,} ({load_average()})",
                flush=True,
            )
            start = time.perf_counter()
            generate(env, tpl, current + 1, delta, args.lines, args.orders)
            if args.commit:
                cr.commit()
                vacuum_analyze(args.db, GENERATED_TABLES)
            else:
                analyze(cr, GENERATED_TABLES)
            elapsed = time.perf_counter() - start
            rate = delta / elapsed
            print(
                f"generated {delta:,} customers, {delta * args.lines:,} open lines, "
                f"{delta * args.orders:,} orders in {elapsed:.1f} s ({rate:.0f} customers/s)",
                flush=True,
            )
            current = scale
            measured.append((scale, measure(env, args, scale)))
            if args.commit:
                cr.commit()
        if len(measured) > 1:
            (small, first), (large, last) = measured[0], measured[-1]
            print(f"\n== growth from {small:,} to {large:,} customers (x{large / small:.1f}):")
            for label, seconds in last.items():
                if first.get(label):
                    print(f"  {label:<66} x{seconds / first[label]:6.2f}")
        cr.rollback()
        if args.commit:
            print(f"\nthe data stay committed in {args.db}: drop it (dropdb {args.db})")


# ---------------------------------------------------------------------------- concurrency
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_concurrency(args):
    state = os.environ.get("CRM_MFG_HOME", os.path.expanduser("~/.local/share/crm_manufacturing"))
    src = open(os.path.join(state, "env.sh")).read().split("=", 1)[1].strip().strip("'\"")
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    port, gevent_port = free_port(), free_port()
    log = f"/tmp/bench_creditscale_{port}.log"
    command = [
        sys.executable,
        os.path.join(src, "odoo-bin"),
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        f"--addons-path={src}/addons,{src}/odoo/addons,{here}/addons",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        f"--workers={args.workers}",
        "--max-cron-threads=0",
        "--limit-time-real=300",
        "--limit-time-cpu=300",
        f"--logfile={log}",
        "--log-level=warn",
    ]
    server = subprocess.Popen(command, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 180
        while True:
            try:
                xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").version()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit(f"the server did not start (see {log})") from None
                time.sleep(1)
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        uid = common.authenticate(args.db, args.login, args.password, {})
        if not uid:
            raise SystemExit(f"cannot log in as {args.login}")
        admin = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

        def call(proxy, model, method, *params, **kw):
            return proxy.execute_kw(args.db, uid, args.password, model, method, list(params), kw)

        run_id = int(time.time())
        customers = call(
            admin,
            "res.partner",
            "create",
            [
                {"name": f"Concurrency customer {run_id}-{i}", "is_company": True}
                for i in range(args.customers)
            ],
        )
        call(admin, "res.partner", "write", customers, {"credit_limit": args.limit})
        product = call(
            admin,
            "product.product",
            "create",
            {
                "name": f"Concurrency press {run_id}",
                "type": "consu",
                "list_price": 1000,
                "invoice_policy": "order",
                "taxes_id": [(5, 0, 0)],
            },
        )

        # warm-up, not measured: every worker loads the registry on its first request
        def warm():
            proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
            call(proxy, "credit.risk.report", "search_read", [], fields=["credit_grade"], limit=1)

        warmers = [threading.Thread(target=warm, daemon=True) for _i in range(args.clients)]
        for thread in warmers:
            thread.start()
        for thread in warmers:
            thread.join(timeout=300)
        stats = {"confirm": [], "refused": 0, "report": [], "errors": []}
        lock = threading.Lock()
        stop_at = time.time() + args.duration

        def client(index):
            proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
            rng = random.Random(index)
            partner = customers[index % len(customers)]
            while time.time() < stop_at:
                start = time.perf_counter()
                try:
                    order = call(
                        proxy,
                        "sale.order",
                        "create",
                        {
                            "partner_id": partner,
                            "order_line": [
                                (
                                    0,
                                    0,
                                    {
                                        "product_id": product,
                                        "product_uom_qty": rng.randint(1, 4),
                                        "price_unit": 1000,
                                        "tax_id": [(5, 0, 0)],
                                    },
                                )
                            ],
                        },
                    )
                    refused = False
                    try:
                        call(proxy, "sale.order", "action_confirm", [order])
                    except xmlrpc.client.Fault as fault:
                        if "exceeds the credit limit" not in fault.faultString:
                            raise
                        refused = True
                    with lock:
                        stats["confirm"].append(time.perf_counter() - start)
                        stats["refused"] += refused
                    start = time.perf_counter()
                    call(
                        proxy,
                        "credit.risk.report",
                        "search_read",
                        [("partner_id", "in", customers)],
                        fields=["partner_id", "credit_exposure", "credit_grade"],
                    )
                    with lock:
                        stats["report"].append(time.perf_counter() - start)
                except Exception as error:
                    with lock:
                        stats["errors"].append(repr(error)[:300])

        threads = [
            threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, stop_at - time.time() + 300))
        elapsed = time.perf_counter() - started
        figures = call(
            admin,
            "res.partner",
            "read",
            customers,
            ["credit_exposure", "credit_limit"],
        )
        over = [f for f in figures if f["credit_exposure"] > f["credit_limit"] + 0.005]
        confirmed = len(stats["confirm"]) - stats["refused"]

        def p95(values):
            return statistics.quantiles(values, n=20)[-1] * 1000 if len(values) > 1 else 0.0

        print(
            f"{args.workers} workers, {args.clients} XML-RPC clients, {args.duration} s "
            f"({elapsed:.1f} s with the last calls), {args.customers} customers with a limit of "
            f"{args.limit}:"
        )
        print(
            f"  order create + confirm: {len(stats['confirm'])} ({confirmed} confirmed, "
            f"{stats['refused']} refused over the limit), "
            f"{len(stats['confirm']) / elapsed:.1f}/s, p95 {p95(stats['confirm']):.0f} ms, "
            f"median {statistics.median(stats['confirm'] or [0]) * 1000:.0f} ms"
        )
        print(
            f"  credit report reads: {len(stats['report'])}, {len(stats['report']) / elapsed:.1f}/s, "
            f"p95 {p95(stats['report']):.0f} ms, median "
            f"{statistics.median(stats['report'] or [0]) * 1000:.0f} ms"
        )
        print(
            f"  throughput {(len(stats['confirm']) + len(stats['report'])) / elapsed:.1f} calls/s; "
            f"errors: {len(stats['errors'])}; customers over their limit at the end: {len(over)} "
            f"(largest exposure {max(f['credit_exposure'] for f in figures):.0f})"
        )
        for error in stats["errors"][:5]:
            print("    error:", error)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    scale = sub.add_parser("scale")
    scale.add_argument("--db", default="crm_mfg_cscale_bench")
    scale.add_argument("--scales", default="10000,100000")
    scale.add_argument("--lines", type=int, default=20, help="open receivable lines per customer")
    scale.add_argument("--orders", type=int, default=2, help="confirmed orders per customer")
    scale.add_argument("--repeat", type=int, default=3)
    scale.add_argument(
        "--budget", type=float, default=1500, help="seconds of generation allowed per scale"
    )
    scale.add_argument(
        "--measure-only",
        action="store_true",
        help="measure the bench customers a --commit run left in --db, then roll back",
    )
    scale.add_argument(
        "--commit",
        action="store_true",
        help="commit each step and VACUUM ANALYZE (a dedicated database, dropped afterwards)",
    )
    conc = sub.add_parser("concurrency")
    conc.add_argument("--db", default="crm_mfg_cscale_conc")
    conc.add_argument("--login", default="admin")
    conc.add_argument("--password", default="admin")
    conc.add_argument("--workers", type=int, default=8)
    conc.add_argument("--clients", type=int, default=50)
    conc.add_argument("--customers", type=int, default=25)
    conc.add_argument("--limit", type=float, default=20000)
    conc.add_argument("--duration", type=int, default=60)
    args = parser.parse_args()
    if args.mode == "scale":
        run_scale(args)
    else:
        run_concurrency(args)


if __name__ == "__main__":
    main()
