"""Benchmark of the "Spare Parts by Service Point" report (issue: after-sales service).

Generates 50 service points (each with its own internal location), 2,000 spare parts and
200,000 done stock moves (with their move lines: consumption from the points to customers
over the last 90 days and replenishments into the points), plus stock quants and
reordering rules, inside one transaction of a database that has crm_manufacturing_service
installed; times reading the whole report (search_read of every line, as the list view
does) and counts its queries, then rolls everything back.

    $VENV/bin/python bench/bench_service.py --db crm_mfg_test [--points 50 --parts 2000 --moves 200000]
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_funnel import odoo_env


def generate(env, points, parts, moves):
    cr = env.cr
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    customer_location = env.ref("stock.stock_location_customers")
    uom = env.ref("uom.product_uom_unit")
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
    stock = warehouse.lot_stock_id.id
    # moves: 3 of 4 consume from a point to the customer, 1 of 4 replenishes the point
    cr.execute(
        """
        WITH loc AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM stock_location
                      WHERE id = ANY(%(locations)s)),
             prod AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM product_product
                       WHERE id = ANY(%(products)s)),
             g AS (SELECT i, (i * 7919) %% %(points)s AS ln, (i * 104729) %% %(parts)s AS pn
                     FROM generate_series(0::bigint, %(moves)s - 1) i),
             ins AS (
                INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, product_qty,
                                        quantity, location_id, location_dest_id, location_final_id,
                                        company_id, state, date, procure_method, picked)
                SELECT 'bench', prod.id, %(uom)s, 1 + g.i %% 3, 1 + g.i %% 3, 1 + g.i %% 3,
                       CASE WHEN g.i %% 4 = 0 THEN %(stock)s ELSE loc.id END,
                       CASE WHEN g.i %% 4 = 0 THEN loc.id ELSE %(customer)s END, NULL,
                       %(company)s, 'done', now() - ((g.i %% 120) || ' days')::interval,
                       'make_to_stock', true
                  FROM g JOIN loc ON loc.n = g.ln JOIN prod ON prod.n = g.pn
                RETURNING id, product_id, product_uom, quantity, location_id, location_dest_id,
                          company_id, date)
        INSERT INTO stock_move_line (move_id, product_id, product_uom_id, quantity,
                                     quantity_product_uom, location_id, location_dest_id,
                                     company_id, state, date, picked)
        SELECT id, product_id, product_uom, quantity, quantity, location_id, location_dest_id,
               company_id, 'done', date, true FROM ins
        """,
        {
            "locations": locations.ids,
            "products": products.ids,
            "points": points,
            "parts": parts,
            "moves": moves,
            "uom": uom.id,
            "stock": stock,
            "customer": customer_location.id,
            "company": company.id,
        },
    )
    # stock at the points: every 3rd part at each point, and reordering rules for every 10th
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity,
                                 in_date)
        SELECT p.id, l.id, %(company)s, (p.id + l.id) %% 40, 0, now()
          FROM product_product p, stock_location l
         WHERE p.id = ANY(%(products)s) AND l.id = ANY(%(locations)s) AND (p.id + l.id) %% 3 = 0
        """,
        {"products": products.ids, "locations": locations.ids, "company": company.id},
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
        {
            "products": products.ids,
            "locations": locations.ids,
            "company": company.id,
            "warehouse": warehouse.id,
        },
    )
    # what autovacuum does on a live database after such a load
    cr.execute(
        "ANALYZE stock_move_line; ANALYZE stock_move; ANALYZE stock_quant; ANALYZE stock_location;"
        " ANALYZE product_product; ANALYZE product_template; ANALYZE service_point;"
        " ANALYZE stock_warehouse_orderpoint"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="crm_mfg_test")
    parser.add_argument("--points", type=int, default=50)
    parser.add_argument("--parts", type=int, default=2000)
    parser.add_argument("--moves", type=int, default=200000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    odoo, registry = odoo_env(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        generate(env, args.points, args.parts, args.moves)
        print(
            f"generated {args.points} points, {args.parts} parts, {args.moves} done moves "
            f"in {time.perf_counter() - started:.1f} s"
        )
        Report = env["service.parts.report"]

        def measure(label, func):
            timings, queries, result = [], 0, None
            for _run in range(args.repeat):
                env.invalidate_all()
                before = cr.sql_log_count
                started = time.perf_counter()
                result = func()
                timings.append(time.perf_counter() - started)
                queries = cr.sql_log_count - before
            print(
                f"{label}: median {statistics.median(timings):.3f} s "
                f"(min {min(timings):.3f} s, {args.repeat} runs), {queries} queries"
            )
            return result

        measure("warm-up", lambda: Report.get_report_rows([("id", "=", 0)]))
        rows = measure(
            "whole report, every line (get_report_rows, the Excel export)", Report.get_report_rows
        )
        print(
            f"  {len(rows)} lines, {sum(1 for r in rows if r['below_minimum'])} below minimum, "
            f"{sum(1 for r in rows if r['low_cover'])} under 30 days of cover, "
            f"{sum(1 for r in rows if r['suggested_qty'] > 0)} to replenish"
        )
        # the columns of the report's list view
        view = Report.get_view(view_type="list")["arch"]
        fields = [name for name in Report._fields if f'name="{name}"' in view]
        measure(
            "list view, first page (search_read limit 80 + search_count)",
            lambda: (Report.search_read([], fields, limit=80), Report.search_count([])),
        )
        measure(
            "pivot by service point (read_group)",
            lambda: Report.read_group(
                [], ["qty_consumed:sum", "suggested_qty:sum"], ["service_point_id"]
            ),
        )
        measure("raw report SQL alone", lambda: cr.execute(Report._table_query))
        cr.rollback()


if __name__ == "__main__":
    main()
