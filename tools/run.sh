#!/usr/bin/env bash
# make run: the database with the five modules and their demo data, served in the foreground.
set -euo pipefail
. "$(dirname "$0")/common.sh"
DB="${DB:-crm_manufacturing}"
PORT="${PORT:-8069}"
ODOO_CONF="$STATE_DIR/run-$DB.conf"
write_conf "$ODOO_CONF" "$DB" "http_port = $PORT" "http_interface = 127.0.0.1" "without_demo = False"
if ! psql -d "$DB" -tAc "select 1 from ir_module_module where name='crm_manufacturing' and state='installed'" 2>/dev/null | grep -q 1; then
    echo "== creating database $DB with the modules and their demo data"
    "$PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB" -i "$MODULES" --stop-after-init --no-http
fi
echo "== serving $DB at http://127.0.0.1:$PORT (admin/admin); Ctrl-C to stop"
exec "$PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB" ${ODOO_ARGS:-}
