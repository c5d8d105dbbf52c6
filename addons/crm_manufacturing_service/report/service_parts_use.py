"""The last consumption of each (location, destination, part), kept by PostgreSQL triggers.

The parts report lists a (point, part) line when the point's location holds stock of the
part, has a reordering rule for it, has transfers of it on their way, or consumed it in the
last 90 days. Stock, rules and open transfers are small tables of the current state; the
consumption is the history of the done move lines (millions of rows). To know which lines
exist without reading 90 days of move lines, the table ``service_parts_use`` holds one row
per (source location, destination location, part) of the done move lines whose destination
is a customer or production location, with the date of the latest one (``last_date``).

Rows are keyed by location, not by service point: a point moved to another location, a
sub-location moved under a point, a point archived, a part that stops being a spare part,
all change nothing here (the report maps locations to points and filters parts when it
reads). A consumption exists in the window when ``last_date >= since``: the window moving
with the days needs no refresh either.

Statement triggers (one statement per statement, from its transition tables, whatever wrote
the rows: the ORM, an import, SQL) keep ``last_date`` equal to the latest done line of the
triple, in the writing transaction (a reader never sees a line without its row):

- new done lines (inserted, or updated to done, to a later date, to another location,
  destination or part) raise ``last_date`` (upsert);
- a done line that held the latest date of its triple and is deleted or changed otherwise
  (no longer done, backdated, moved to another triple) recomputes its triple from the move
  lines (the part's index), and the row goes when no done line is left;
- a location that becomes (or stops being) a customer or production location adds (or
  drops) the rows of the lines going there.

Writers of done lines of the same source, destination and part update the same row, as they
already update the same stock quant. Loads that bypass triggers (a restore with triggers
disabled, ``session_replication_role = replica``) call ``rebuild(cr)`` afterwards.
"""

from odoo.tools import SQL

USE_TABLE = "service_parts_use"
CONSUMING_USAGES = ("customer", "production")

_USAGE = "('customer', 'production')"

_DDL = f"""
    CREATE TABLE IF NOT EXISTS {USE_TABLE} (
        location_id integer NOT NULL,
        location_dest_id integer NOT NULL,
        product_id integer NOT NULL,
        last_date timestamp NOT NULL,
        PRIMARY KEY (location_id, location_dest_id, product_id)
    );
"""

_FILL = f"""
    INSERT INTO {USE_TABLE} (location_id, location_dest_id, product_id, last_date)
    SELECT ml.location_id, ml.location_dest_id, ml.product_id, MAX(ml.date)
      FROM stock_move_line ml
      JOIN stock_location dest ON dest.id = ml.location_dest_id
     WHERE ml.state = 'done' AND dest.usage IN {_USAGE}
       AND ml.product_id IS NOT NULL AND ml.date IS NOT NULL
     GROUP BY 1, 2, 3
"""


def _raise_from(rows):
    """Upsert the latest date of the done consuming lines of transition table ``rows``."""
    return f"""
        INSERT INTO {USE_TABLE} AS u (location_id, location_dest_id, product_id, last_date)
        SELECT n.location_id, n.location_dest_id, n.product_id, MAX(n.date)
          FROM {rows} n
          JOIN stock_location dest ON dest.id = n.location_dest_id
         WHERE n.state = 'done' AND dest.usage IN {_USAGE}
           AND n.product_id IS NOT NULL AND n.date IS NOT NULL
         GROUP BY 1, 2, 3
        ON CONFLICT (location_id, location_dest_id, product_id)
        DO UPDATE SET last_date = EXCLUDED.last_date WHERE u.last_date < EXCLUDED.last_date;
    """


def _recompute(gone):
    """Recompute the triples of the done lines selected by ``gone`` (old lines that held the
    latest date of their triple and no longer count as they did)."""
    return f"""
        WITH gone AS (
            SELECT DISTINCT g.location_id, g.location_dest_id, g.product_id FROM ({gone}) g
        ), fresh AS (
            SELECT g.location_id, g.location_dest_id, g.product_id,
                   (SELECT MAX(ml.date) FROM stock_move_line ml
                     WHERE ml.product_id = g.product_id AND ml.location_id = g.location_id
                       AND ml.location_dest_id = g.location_dest_id
                       AND ml.state = 'done') AS last_date
              FROM gone g
        ), updated AS (
            UPDATE {USE_TABLE} u SET last_date = f.last_date
              FROM fresh f
             WHERE f.last_date IS NOT NULL AND u.location_id = f.location_id
               AND u.location_dest_id = f.location_dest_id AND u.product_id = f.product_id
        )
        DELETE FROM {USE_TABLE} u
         USING fresh f
         WHERE f.last_date IS NULL AND u.location_id = f.location_id
           AND u.location_dest_id = f.location_dest_id AND u.product_id = f.product_id;
    """


_HELD_LATEST = f"""
    SELECT o.location_id, o.location_dest_id, o.product_id
      FROM old_rows o
      JOIN {USE_TABLE} u ON u.location_id = o.location_id
       AND u.location_dest_id = o.location_dest_id AND u.product_id = o.product_id
     WHERE o.state = 'done' AND o.date >= u.last_date
"""

_TRIGGERS = f"""
    CREATE OR REPLACE FUNCTION {USE_TABLE}_move_line() RETURNS trigger
    LANGUAGE plpgsql AS $body$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            {_raise_from("new_rows")}
        ELSIF TG_OP = 'UPDATE' THEN
            {_raise_from("new_rows")}
            {
    _recompute(
        _HELD_LATEST + " AND NOT EXISTS (SELECT FROM new_rows n WHERE n.id = o.id"
        " AND n.state = 'done' AND n.location_id = o.location_id"
        " AND n.location_dest_id = o.location_dest_id AND n.product_id = o.product_id"
        " AND n.date >= o.date)"
    )
}
        ELSE
            {_recompute(_HELD_LATEST)}
        END IF;
        RETURN NULL;
    END
    $body$;
    DROP TRIGGER IF EXISTS {USE_TABLE}_move_line_ins ON stock_move_line;
    DROP TRIGGER IF EXISTS {USE_TABLE}_move_line_upd ON stock_move_line;
    DROP TRIGGER IF EXISTS {USE_TABLE}_move_line_del ON stock_move_line;
    CREATE TRIGGER {USE_TABLE}_move_line_ins AFTER INSERT ON stock_move_line
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {USE_TABLE}_move_line();
    CREATE TRIGGER {USE_TABLE}_move_line_upd AFTER UPDATE ON stock_move_line
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {USE_TABLE}_move_line();
    CREATE TRIGGER {USE_TABLE}_move_line_del AFTER DELETE ON stock_move_line
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {USE_TABLE}_move_line();

    CREATE OR REPLACE FUNCTION {USE_TABLE}_location() RETURNS trigger
    LANGUAGE plpgsql AS $body$
    BEGIN
        IF EXISTS (SELECT FROM old_rows o JOIN new_rows n ON n.id = o.id
                    WHERE (o.usage IN {_USAGE}) IS DISTINCT FROM (n.usage IN {_USAGE})) THEN
            WITH changed AS (
                SELECT n.id, n.usage IN {_USAGE} AS uses
                  FROM old_rows o JOIN new_rows n ON n.id = o.id
                 WHERE (o.usage IN {_USAGE}) IS DISTINCT FROM (n.usage IN {_USAGE})
            ), dropped AS (
                DELETE FROM {USE_TABLE} u USING changed c
                 WHERE u.location_dest_id = c.id AND NOT c.uses
            )
            INSERT INTO {USE_TABLE} AS u (location_id, location_dest_id, product_id, last_date)
            SELECT ml.location_id, ml.location_dest_id, ml.product_id, MAX(ml.date)
              FROM stock_move_line ml
              JOIN changed c ON c.id = ml.location_dest_id AND c.uses
             WHERE ml.state = 'done' AND ml.product_id IS NOT NULL AND ml.date IS NOT NULL
             GROUP BY 1, 2, 3
            ON CONFLICT (location_id, location_dest_id, product_id)
            DO UPDATE SET last_date = GREATEST(u.last_date, EXCLUDED.last_date);
        END IF;
        RETURN NULL;
    END
    $body$;
    DROP TRIGGER IF EXISTS {USE_TABLE}_location_upd ON stock_location;
    CREATE TRIGGER {USE_TABLE}_location_upd AFTER UPDATE ON stock_location
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {USE_TABLE}_location();
"""


def install(cr):
    """The table (filled from the done move lines when it is new) and its triggers."""
    cr.execute("SELECT to_regclass(%s)", [USE_TABLE])
    created = cr.fetchone()[0] is None
    # constant DDL: names of this module, no input
    cr.execute(SQL(_DDL))
    if created:
        cr.execute(SQL(_FILL))
    cr.execute(SQL(_TRIGGERS))


def rebuild(cr):
    """Refill the table from the done move lines (after a load that bypassed triggers)."""
    cr.execute(SQL(f"DELETE FROM {USE_TABLE}; {_FILL}"))


def uninstall(cr):
    """The triggers, their functions and the table go with the module."""
    for function in (f"{USE_TABLE}_move_line", f"{USE_TABLE}_location"):
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(function)))
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(USE_TABLE)))
