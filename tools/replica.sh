#!/usr/bin/env bash
# make replica: a local streaming replica of the development PostgreSQL cluster, for serving
# Odoo with --db_replica_host/--db_replica_port (make run DB_REPLICA_PORT=5433).
#   bash tools/replica.sh start   (default) create it if missing (pg_basebackup -R), start it
#   bash tools/replica.sh stop    stop it
#   bash tools/replica.sh drop    stop it and delete its data directory
# The replica is a hot standby on REPLICA_PORT (5433) with the same Unix socket directory as
# the primary; it logs every statement to $REPLICA_DIR/log/statements.log so that tests can
# prove which queries ran there. Needs PostgreSQL's server binaries (Debian's postgresql-15).
set -euo pipefail
PG_VERSION="${PG_VERSION:-15}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
REPLICA_DIR="${REPLICA_DIR:-/var/lib/postgresql/$PG_VERSION/crm_mfg_replica}"
SOCKET_DIR="${PGHOST:-/var/run/postgresql}"
PRIMARY_PORT="${PGPORT:-5432}"
SLOT="${REPLICA_SLOT:-crm_mfg_replica}"
ACTION="${1:-start}"

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
[ -x "$PG_BIN/pg_basebackup" ] || { echo "PostgreSQL server binaries not found in $PG_BIN" >&2; exit 2; }
running() { as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1; }
# The replica streams through a replication slot, so the primary keeps the WAL it has not
# received yet (without one, a busy primary recycles WAL that a slow replica still needs).
# A slot keeps WAL while the replica is stopped too: `drop` removes it.
drop_slot() {
    psql -h "$SOCKET_DIR" -p "$PRIMARY_PORT" -d postgres -tAc \
        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
}

case "$ACTION" in
stop)
    running && as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w stop
    exit 0 ;;
drop)
    running && as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w stop
    as_postgres rm -rf "$REPLICA_DIR"
    drop_slot
    exit 0 ;;
start) ;;
*) echo "usage: $0 [start|stop|drop]" >&2; exit 2 ;;
esac

if running; then
    echo "replica already running on port $REPLICA_PORT ($REPLICA_DIR)"; exit 0
fi
if [ ! -f "$REPLICA_DIR/standby.signal" ]; then
    echo "== base backup of the primary (port $PRIMARY_PORT) into $REPLICA_DIR"
    as_postgres rm -rf "$REPLICA_DIR"
    as_postgres mkdir -p "$REPLICA_DIR"
    as_postgres chmod 700 "$REPLICA_DIR"
    drop_slot
    # -R writes standby.signal, primary_conninfo and primary_slot_name; -C -S creates the slot;
    # -X stream copies the WAL written meanwhile. A concurrent DROP DATABASE can break a base
    # backup: try twice.
    for attempt in 1 2; do
        if as_postgres "$PG_BIN/pg_basebackup" -h "$SOCKET_DIR" -p "$PRIMARY_PORT" \
            -D "$REPLICA_DIR" -R -X stream -C -S "$SLOT" -c fast; then
            break
        fi
        [ "$attempt" = 2 ] && { echo "pg_basebackup failed" >&2; exit 1; }
        drop_slot; as_postgres rm -rf "$REPLICA_DIR"; as_postgres mkdir -p "$REPLICA_DIR"
        as_postgres chmod 700 "$REPLICA_DIR"
    done
    # Debian keeps postgresql.conf and pg_hba.conf outside the data directory: give the
    # replica its own.
    as_postgres tee "$REPLICA_DIR/postgresql.conf" >/dev/null <<CONF
port = $REPLICA_PORT
unix_socket_directories = '$SOCKET_DIR'
listen_addresses = ''
hot_standby = on
hot_standby_feedback = on
max_connections = 100
shared_buffers = 128MB
logging_collector = on
log_directory = 'log'
log_filename = 'statements.log'
log_statement = 'all'
log_line_prefix = '%m [%p] %d '
CONF
    as_postgres tee "$REPLICA_DIR/pg_hba.conf" >/dev/null <<HBA
local all all peer
HBA
fi
echo "== starting the replica on port $REPLICA_PORT"
as_postgres "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_DIR/startup.log" -w -t 900 start
for _ in $(seq 1 60); do
    [ "$(psql -h "$SOCKET_DIR" -p "$REPLICA_PORT" -d postgres -tAc 'select pg_is_in_recovery()' 2>/dev/null)" = t ] && break
    sleep 1
done
psql -h "$SOCKET_DIR" -p "$REPLICA_PORT" -d postgres -tAc "select 'replica in recovery: ' || pg_is_in_recovery()"
