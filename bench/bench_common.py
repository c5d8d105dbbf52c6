"""Helpers shared by the benchmark scripts of bench/."""


def sale_order_stock_columns(env, company):
    """Extra (columns, values) of a hand-written ``INSERT INTO sale_order``: with sale_stock
    installed, an order needs a warehouse and a picking policy; without it, nothing."""
    warehouse = "warehouse_id" in env["sale.order"]._fields and env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    if not warehouse:
        return "", ""
    return ", warehouse_id, picking_policy", f", {int(warehouse.id)}, 'direct'"


def table_columns(cr, table):
    """The columns of ``table`` (information_schema order)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
        " ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def clone_sql(cr, table, template_id, source, overrides, returning="id"):
    """``INSERT INTO table SELECT ... FROM table t, <source> WHERE t.id = <template>``: copies
    of the row ``template_id`` (a record made once by the ORM, so that every column Odoo
    fills is filled), one per row of ``source`` (an SQL FROM item, e.g.
    ``generate_series(1, 1000) g``), ``overrides`` mapping columns to SQL expressions of
    ``t`` (the template) and of the source's columns. ``id`` is taken from the sequence
    unless overridden. Returns the statement text (for a data-modifying CTE or execute)."""
    columns = [c for c in table_columns(cr, table) if c != "id" or "id" in overrides]
    unknown = set(overrides) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no column {sorted(unknown)}")
    select = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    return (
        f'INSERT INTO "{table}" ({names}) SELECT {select} FROM "{table}" t, {source}'
        f" WHERE t.id = {int(template_id)} RETURNING {returning}"
    )


def analyze(cr, tables):
    """What autovacuum does after a load: fresh statistics (and, in autocommit, the
    visibility map: VACUUM), so that the measures see the plans of a live database."""
    for table in tables:
        cr.execute(f'ANALYZE "{table}"')


def vacuum_analyze(dbname, tables):
    """VACUUM ANALYZE ``tables`` on a connection of its own (VACUUM runs outside a
    transaction): for a database whose generated data were committed."""
    import psycopg2  # noqa: PLC0415 (the venv's, when Odoo is loaded)

    from odoo.sql_db import connection_info_for  # noqa: PLC0415

    _name, info = connection_info_for(dbname)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            for table in tables:
                cr.execute(f'VACUUM ANALYZE "{table}"')
    finally:
        connection.close()


def load_average():
    """The 1, 5 and 15 minutes load averages, as `uptime` prints them."""
    import os  # noqa: PLC0415

    return "load average %.2f, %.2f, %.2f" % os.getloadavg()


def open_credit_counts(cr):
    """(open receivable lines, confirmed orders) in the database: the scale of a credit bench."""
    cr.execute(
        "SELECT (SELECT count(*) FROM account_move_line l"
        " JOIN account_account a ON a.id = l.account_id"
        " WHERE a.account_type = 'asset_receivable' AND NOT l.reconciled"
        " AND l.parent_state = 'posted'),"
        " (SELECT count(*) FROM sale_order WHERE state = 'sale')"
    )
    return cr.fetchone()
