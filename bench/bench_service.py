"""Benchmark of the "Spare Parts by Service Point" report (issue: after-sales service).

Generates 50 service points (each with its own internal location), 2,000 spare parts, stock
quants and reordering rules, then done stock moves with their move lines (consumption from
the points to customers over the last 120 days and replenishments into the points), scale
after scale (200,000 then 2,000,000 by default), in a database that has
crm_manufacturing_service installed. The moves and move lines are copies of one done move
made by the ORM, inserted by set-based INSERT ... SELECT FROM generate_series statements of
--chunk moves (indexes and foreign keys in place). At each scale it times the whole report,
the list view's first page (and its lines alone, read from the latest consumption kept by
triggers in service_parts_use), one hand-written SQL query of the figures and one of the first
page's lines from 90 days of move lines (what the page read before), prints the ratios and, at
the end, how each grows with the data; then rolls everything back (with --commit: commits each
chunk and VACUUM ANALYZEs, for a dedicated database dropped afterwards). A scale whose moves
would take more than --max-generate seconds to generate here is cut to what fits (printed).
The generated consumption falls on 1,500 (point, part) combinations whatever the scale (the
moves repeat every 2,000): the kept table stays that size while the move lines grow.

    $VENV/bin/python bench/bench_service.py --db crm_mfg_test [--moves 200000,2000000]
    createdb -T <db with the module> crm_mfg_scale   # or install it there
    $VENV/bin/python bench/bench_service.py --db crm_mfg_scale --commit; dropdb crm_mfg_scale
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_common import clone_sql, load_average, vacuum_analyze
from bench_funnel import odoo_env


def generate(env, points, parts):
    """Points with their locations and spare parts; returns what add_moves and add_stock need."""
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    locations = env["stock.location"].create(
        [
            {
                "name": f"Bench point {i}",
                "usage": "internal",
                "location_id": warehouse.view_location_id.id,
            }
            for i in range(points)
        ]
    )
    env["service.point"].create(
        [
            {"name": f"Bench point {i}", "code": f"BENCH{i}", "location_id": location.id}
            for i, location in enumerate(locations)
        ]
    )
    products = env["product.product"].create(
        [
            {"name": f"Bench part {i}", "type": "consu", "is_storable": True, "is_spare_part": True}
            for i in range(parts)
        ]
    )
    env.flush_all()
    return {
        "locations": locations.ids,
        "products": products.ids,
        "points": points,
        "parts": parts,
        "uom": env.ref("uom.product_uom_unit").id,
        "stock": warehouse.lot_stock_id.id,
        "customer": env.ref("stock.stock_location_customers").id,
        "company": company.id,
        "warehouse": warehouse.id,
    }


def make_template_move(env, setup):
    """One done move (a point to the customer) with its move line, made by the ORM: the rows
    every generated move and move line copy."""
    location = env["stock.location"].browse(setup["locations"][0])
    product = env["product.product"].browse(setup["products"][0])
    move = env["stock.move"].create(
        {
            "name": "bench",
            "product_id": product.id,
            "product_uom": setup["uom"],
            "product_uom_qty": 1,
            "location_id": location.id,
            "location_dest_id": setup["customer"],
            "company_id": setup["company"],
        }
    )
    move._action_confirm()
    move.quantity = 1
    move.picked = True
    move._action_done()
    env.flush_all()
    if move.state != "done" or len(move.move_line_ids) != 1:
        raise SystemExit("the template move could not be done")
    return {"move": move.id, "line": move.move_line_ids.id}


def add_moves(env, setup, first, count):
    """Done moves number ``first`` to ``first + count - 1``, with their move lines, in one
    set-based INSERT ... SELECT copying the ORM's template move and line (indexes and
    foreign keys in place): 3 of 4 consume from a point to the customer, 1 of 4 replenish
    the point, dated over the last 120 days."""
    cr = env.cr
    moves = clone_sql(
        cr,
        "stock_move",
        setup["template"]["move"],
        """(SELECT i, (i * 7919) %% %(points)s AS ln, (i * 104729) %% %(parts)s AS pn
              FROM generate_series(%(first)s::bigint, %(last)s) i) g
           JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM stock_location
                  WHERE id = ANY(%(locations)s)) loc ON loc.n = g.ln
           JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM product_product
                  WHERE id = ANY(%(products)s)) prod ON prod.n = g.pn""",
        {
            "product_id": "prod.id",
            "product_uom_qty": "1 + g.i %% 3",
            "product_qty": "1 + g.i %% 3",
            "quantity": "1 + g.i %% 3",
            "location_id": "CASE WHEN g.i %% 4 = 0 THEN %(stock)s ELSE loc.id END",
            "location_dest_id": "CASE WHEN g.i %% 4 = 0 THEN loc.id ELSE %(customer)s END",
            "date": "now() AT TIME ZONE 'UTC' - ((g.i %% 120) || ' days')::interval",
        },
        returning="id, product_id, quantity, location_id, location_dest_id, date",
    )
    lines = clone_sql(
        cr,
        "stock_move_line",
        setup["template"]["line"],
        "ins",
        {
            "move_id": "ins.id",
            "product_id": "ins.product_id",
            "quantity": "ins.quantity",
            "quantity_product_uom": "ins.quantity",
            "location_id": "ins.location_id",
            "location_dest_id": "ins.location_dest_id",
            "date": "ins.date",
        },
    )
    cr.execute(
        f"WITH ins AS ({moves}) {lines}",
        {**setup, "first": first, "last": first + count - 1},
    )


def add_stock(env, setup):
    """Stock at the points (every 3rd part at each point) and reordering rules (every 10th)."""
    cr = env.cr
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity,
                                 in_date)
        SELECT p.id, l.id, %(company)s, (p.id + l.id) %% 40, 0, now()
          FROM product_product p, stock_location l
         WHERE p.id = ANY(%(products)s) AND l.id = ANY(%(locations)s) AND (p.id + l.id) %% 3 = 0
        """,
        setup,
    )
    cr.execute(
        """
        INSERT INTO stock_warehouse_orderpoint (name, product_id, location_id, warehouse_id,
                                                company_id, product_min_qty, product_max_qty,
                                                qty_multiple, trigger, active)
        SELECT 'BENCH' || p.id || '-' || l.id, p.id, l.id, %(warehouse)s, %(company)s, 5, 20, 1,
               'manual', true
          FROM product_product p, stock_location l
         WHERE p.id = ANY(%(products)s) AND l.id = ANY(%(locations)s) AND (p.id + l.id) %% 10 = 0
        """,
        setup,
    )


ANALYZED = (
    "stock_move_line",
    "stock_move",
    "stock_quant",
    "stock_location",
    "product_product",
    "product_template",
    "service_point",
    "stock_warehouse_orderpoint",
)


def analyze(env):
    # what autovacuum does on a live database after such a load
    for table in ANALYZED:
        env.cr.execute(f"ANALYZE {table}")


# One hand-written query giving the report's main figures (stock and use of the last 90 days
# per point and spare part), the floor the ORM report is compared with.
HAND_SQL = """
WITH pl AS (SELECT sp.id AS point_id, l.id AS location_id
              FROM service_point sp
              JOIN stock_location r ON r.id = sp.location_id
              JOIN stock_location l ON l.parent_path LIKE r.parent_path || '%'
             WHERE sp.active),
     used AS (SELECT pl.point_id, ml.product_id, SUM(ml.quantity_product_uom) AS qty
                FROM stock_move_line ml
                JOIN pl ON pl.location_id = ml.location_id
                JOIN stock_location d ON d.id = ml.location_dest_id
               WHERE ml.state = 'done' AND ml.date >= now() - interval '90 days'
                 AND d.usage IN ('customer', 'production')
               GROUP BY 1, 2),
     stock AS (SELECT pl.point_id, q.product_id, SUM(q.quantity) AS qty
                 FROM stock_quant q JOIN pl ON pl.location_id = q.location_id GROUP BY 1, 2)
SELECT point_id, product_id, COALESCE(stock.qty, 0), COALESCE(used.qty, 0) / 90.0
  FROM used FULL JOIN stock USING (point_id, product_id)
"""


# The first page as the previous design found it, hand-written: which (point, part) lines
# exist, from the stock, the reordering rules, the open transfers and 90 days of move lines,
# then the first 80 with their count. The list's first page now reads the latest consumption
# kept per (location, destination, part) instead of the move lines (service_parts_use).
HAND_PAGE_SQL = """
WITH pl AS (SELECT sp.id AS point_id, l.id AS location_id
              FROM service_point sp
              JOIN stock_location r ON r.id = sp.location_id
              JOIN stock_location l ON l.parent_path LIKE r.parent_path || '%'
             WHERE sp.active),
     pair AS (SELECT pl.point_id, q.product_id FROM stock_quant q JOIN pl USING (location_id)
               UNION
              SELECT pl.point_id, ml.product_id
                FROM stock_move_line ml
                JOIN pl ON pl.location_id = ml.location_id
                JOIN stock_location d ON d.id = ml.location_dest_id
               WHERE ml.state = 'done' AND ml.date >= now() - interval '90 days'
                 AND d.usage IN ('customer', 'production')
               UNION
              SELECT pl.point_id, m.product_id
                FROM stock_move m JOIN pl ON pl.location_id = m.location_dest_id
               WHERE m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
               UNION
              SELECT pl.point_id, op.product_id
                FROM stock_warehouse_orderpoint op JOIN pl USING (location_id)
               WHERE op.active)
SELECT pair.*, COUNT(*) OVER ()
  FROM pair
  JOIN product_product pp ON pp.id = pair.product_id
  JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.is_spare_part
 ORDER BY 1, 2 LIMIT 80
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument("--points", type=int, default=50)
    parser.add_argument("--parts", type=int, default=2000)
    parser.add_argument(
        "--moves", default="200000,2000000", help="comma-separated scales, measured in turn"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--max-generate",
        type=float,
        default=1500.0,
        help="seconds allowed to generate the moves of one scale: a larger scale is cut to "
        "what fits at the rate measured so far (printed)",
    )
    parser.add_argument(
        "--chunk", type=int, default=250000, help="moves per INSERT statement (progress printed)"
    )
    parser.add_argument(
        "--commit",
        action="store_true",
        help="commit each step and VACUUM ANALYZE (a dedicated database, dropped afterwards)",
    )
    args = parser.parse_args()
    scales = [int(value) for value in args.moves.split(",")]
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Report = env["service.parts.report"]
        cr.execute("SELECT count(*) FROM service_point WHERE code LIKE 'BENCH%%'")
        if args.commit and cr.fetchone()[0]:
            raise SystemExit(f"{args.db} already holds bench service points: use a fresh database")
        setup = generate(env, args.points, args.parts)
        add_stock(env, setup)
        setup["template"] = make_template_move(env, setup)
        view = Report.get_view(view_type="list")["arch"]
        spec = {name: {} for name in Report._fields if f'name="{name}"' in view}

        def measure(label, func):
            timings, queries, result = [], 0, None
            for _run in range(args.repeat):
                env.invalidate_all()
                before = cr.sql_log_count
                started = time.perf_counter()
                result = func()
                timings.append(time.perf_counter() - started)
                queries = cr.sql_log_count - before
            median = statistics.median(timings)
            print(f"  {label}: {median:.3f} s (median of {args.repeat}), {queries} queries")
            return median, result

        generated, rate, results = 0, None, []
        for wanted in scales:
            count = wanted - generated
            if rate and count / rate > args.max_generate:
                count = int(rate * args.max_generate) // 10000 * 10000
                print(
                    f"{wanted:,} moves would take {(wanted - generated) / rate:.0f} s to "
                    f"generate here: measuring at {generated + count:,} instead"
                )
            if count <= 0:
                continue
            started = time.perf_counter()
            print(f"generating {count:,} moves ({load_average()})", flush=True)
            cr.execute("SET LOCAL synchronous_commit = off")
            for chunk_first in range(generated, generated + count, args.chunk):
                chunk = min(args.chunk, generated + count - chunk_first)
                add_moves(env, setup, chunk_first, chunk)
                print(
                    f"  {chunk_first + chunk - generated:,} moves and move lines in "
                    f"{time.perf_counter() - started:.1f} s",
                    flush=True,
                )
                if args.commit:
                    cr.commit()
                    cr.execute("SET LOCAL synchronous_commit = off")
            if args.commit:
                vacuum_analyze(args.db, ANALYZED)
            else:
                analyze(env)
            spent = time.perf_counter() - started
            rate = count / spent
            generated += count
            print(
                f"== {generated:,} done moves ({args.points} points, {args.parts} spare parts; "
                f"{count:,} generated in {spent:.1f} s)"
            )
            print(f"  ({load_average()})", flush=True)
            measure("warm-up", lambda: Report.search([("id", "=", 0)]))
            full, rows = measure(
                "whole report, every line (get_report_rows, the Excel export)",
                Report.get_report_rows,
            )
            page, first = measure(
                "list view, first page (web_search_read limit 80 with its count)",
                lambda: Report.web_search_read([], spec, limit=80, count_limit=10001),
            )
            lines, _ = measure(
                "the first page's lines and count alone (kept consumption, no figure)",
                lambda: Report._page_lines([], 0, 80, None, count=True),
            )
            _raw, _ = measure("the report's own SQL alone", lambda: cr.execute(Report._table_query))
            hand, _ = measure("one hand-written SQL query", lambda: cr.execute(HAND_SQL))
            hand_page, _ = measure(
                "the first page's lines from 90 days of moves, hand-written SQL "
                "(the previous design)",
                lambda: cr.execute(HAND_PAGE_SQL),
            )
            cr.execute("SELECT count(*) FROM service_parts_use")
            kept = cr.fetchone()[0]
            print(
                f"  {len(rows):,} lines, page of {len(first['records'])} (length "
                f"{first['length']:,}); report {full / hand:.2f}x the hand-written SQL, "
                f"first page {page / hand:.2f}x it, {page / full:.2f}x the whole report and "
                f"{page / hand_page:.2f}x the hand-written page from the moves (its lines "
                f"{lines / hand_page:.2f}x); "
                f"{kept:,} kept (location, destination, part) consumption rows"
            )
            print(f"  ({load_average()})", flush=True)
            results.append((generated, full, page, lines, hand, hand_page))
        if len(results) > 1:
            (small, *small_times), (large, *large_times) = results[0], results[-1]
            factor = large / small
            print(f"growth from {small:,} to {large:,} moves ({factor:.0f}x the data):")
            for label, before, after in zip(
                (
                    "whole report",
                    "first page",
                    "first page's lines",
                    "hand-written SQL",
                    "hand-written page from the moves",
                ),
                small_times,
                large_times,
                strict=True,
            ):
                print(f"  {label}: {after / before:.1f}x the time")
        cr.rollback()
        if args.commit:
            print(f"the data stay committed in {args.db}: drop it (dropdb {args.db})")


if __name__ == "__main__":
    main()
