#!/usr/bin/env bash
# make run: the database with the modules and their demo data, served in the foreground.
# WORKERS=4: prefork mode (plus CRON_WORKERS, GEVENT_PORT, PROXY_MODE, LIMIT_MEMORY_*);
# DB_REPLICA_PORT=5433 (and DB_REPLICA_HOST): read-only work on a replica (make replica).
set -euo pipefail
. "$(dirname "$0")/common.sh"
DB="${DB:-crm_manufacturing}"
PORT="${PORT:-8069}"
ODOO_CONF="$STATE_DIR/run-$DB.conf"
EXTRA=()
if [ -n "${WORKERS:-}" ]; then
    # prefork mode: HTTP workers, one cron worker, the bus on its own (gevent) port
    EXTRA+=("workers = $WORKERS" "max_cron_threads = ${CRON_WORKERS:-1}"
            "gevent_port = ${GEVENT_PORT:-$((PORT + 3))}" "proxy_mode = ${PROXY_MODE:-False}"
            "limit_memory_soft = ${LIMIT_MEMORY_SOFT:-2147483648}"
            "limit_memory_hard = ${LIMIT_MEMORY_HARD:-2684354560}"
            "limit_time_cpu = 600" "limit_time_real = 1200")
fi
if [ -n "${DB_REPLICA_PORT:-}" ]; then
    # read-only requests (@api.readonly methods, readonly routes) go to the replica
    EXTRA+=("db_replica_host = ${DB_REPLICA_HOST:-/var/run/postgresql}" "db_replica_port = $DB_REPLICA_PORT")
fi
write_conf "$ODOO_CONF" "$DB" "http_port = $PORT" "http_interface = 127.0.0.1" "without_demo = False" \
    "${EXTRA[@]}"
if ! psql -d "$DB" -tAc "select 1 from ir_module_module where name='crm_manufacturing' and state='installed'" 2>/dev/null | grep -q 1; then
    echo "== creating database $DB with the modules and their demo data"
    "$PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB" -i "$MODULES" --stop-after-init --no-http
fi
echo "== serving $DB at http://127.0.0.1:$PORT (admin/admin); Ctrl-C to stop"
exec "$PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB" ${ODOO_ARGS:-}
