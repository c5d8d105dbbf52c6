#!/usr/bin/env bash
# make test: a fresh database with the five modules (install must be clean),
# then every test of the modules with pytest-odoo, browser tours included, then the
# XML-RPC integration suite of tests/ against a real server on that database.
set -euo pipefail
. "$(dirname "$0")/common.sh"

TEST_DB="${TEST_DB:-crm_mfg_test}"
TEST_PY="$PY"
ADDONS_ROOT="$HERE/addons"
if [ -n "${FROM_WHEELS:-}" ]; then
    # FROM_WHEELS=1 (after make wheels): Odoo runs from the wheels' fresh virtual environment,
    # without this clone on its addons path, and the tests are those the wheels installed.
    WVENV="$STATE_DIR/wheel-venv"
    [ -x "$WVENV/bin/python" ] || { echo "no wheel venv: run 'make wheels' first." >&2; exit 1; }
    TEST_PY="$WVENV/bin/python"
    ADDONS_PATH="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons"
    ADDONS_ROOT="$("$TEST_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/odoo/addons"
    echo "== from the wheels: $ADDONS_ROOT"
fi
ONLY="${MODULE:-}"                 # MODULE=crm_manufacturing_credit: that module's tests only
INSTALL="${MODULE:-$MODULES}"
LOG_DIR="$STATE_DIR/logs"; mkdir -p "$LOG_DIR"
ODOO_CONF="$STATE_DIR/test-$TEST_DB.conf"
INSTALL_LOG="$LOG_DIR/install-$TEST_DB.log"
HTTP_PORT="${TEST_HTTP_PORT:-$((18069 + RANDOM % 1000))}"
write_conf "$ODOO_CONF" "$TEST_DB" "http_port = $HTTP_PORT" "http_interface = 127.0.0.1" \
    "without_demo = False" "log_level = info"

if ! command -v chromium >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
    echo "chromium is missing: the browser tests cannot run. Run 'make setup'." >&2
    exit 1
fi

ACTION=-i
if [ -n "${KEEP_DB:-}" ] && psql -d "$TEST_DB" -tAc "select 1" >/dev/null 2>&1; then
    # development loop only: update the modules in the existing database
    echo "== updating $INSTALL in the existing database $TEST_DB (KEEP_DB)"
    ACTION=-u
else
    echo "== installing $INSTALL into a fresh database $TEST_DB"
    dropdb --if-exists --force "$TEST_DB"
    rm -rf "$STATE_DIR/filestore/filestore/$TEST_DB"
    if [ -n "${TEMPLATE_DB:-}" ]; then
        # a copy of a database where only `base` is installed (make check-install)
        createdb -T "$TEMPLATE_DB" "$TEST_DB"
        if [ -d "$STATE_DIR/filestore/filestore/$TEMPLATE_DB" ]; then
            cp -r "$STATE_DIR/filestore/filestore/$TEMPLATE_DB" "$STATE_DIR/filestore/filestore/$TEST_DB"
        fi
    fi
fi
set +e
"$TEST_PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$TEST_DB" "$ACTION" "$INSTALL" --stop-after-init \
    --no-http --log-handler=odoo.tools.translate:WARNING > "$INSTALL_LOG" 2>&1
rc=$?
set -e
# Any error of the install, and any warning of our modules, fails the run.
OURS='crm_manufacturing|crm\.decision|crm\.lead\.stage|crm\.evaluation|sale\.execution|service\.(point|equipment|request|parts)|res\.partner\.contact\.relation|credit\.risk|execution_(progress|next_step_id|step|template)|decision_(coverage|warning|member)|credit_(grade|score|exposure|hold|approval|block_delivery)'
bad="$(grep -E ' (ERROR|CRITICAL) ' "$INSTALL_LOG" || true)
$(grep -E ' WARNING ' "$INSTALL_LOG" | sed "s/ $TEST_DB / /" | grep -E "$OURS" || true)"
if [ "$rc" != 0 ] || [ -n "$(echo "$bad" | tr -d '[:space:]')" ]; then
    echo "$bad" | sed '/^$/d' | head -40
    tail -30 "$INSTALL_LOG"
    echo "== install FAILED (exit $rc); full log: $INSTALL_LOG" >&2
    exit 1
fi
echo "== install clean ($(grep -c . "$INSTALL_LOG") log lines, $INSTALL_LOG)"
if [ -n "${INSTALL_ONLY:-}" ]; then
    dropdb --if-exists --force "$TEST_DB"
    exit 0
fi

TARGETS=()
if [ -n "$ONLY" ]; then
    IFS=, read -ra mods <<< "$ONLY"
    for m in "${mods[@]}"; do TARGETS+=("$ADDONS_ROOT/$m/tests"); done
else
    IFS=, read -ra mods <<< "$MODULES"
    for m in "${mods[@]}"; do
        [ -d "$ADDONS_ROOT/$m/tests" ] && TARGETS+=("$ADDONS_ROOT/$m/tests")
    done
fi
echo "== running the tests with pytest-odoo"
cd "$HERE"
set +e
"$TEST_PY" -m pytest -p no:cacheprovider --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" \
    --odoo-http "${TARGETS[@]}" ${PYTEST_ARGS:-}
rc=$?
set -e
if [ "$rc" = 5 ]; then
    echo "pytest collected no test: that is a failure here." >&2
    exit 1
fi
# The integration suite (tests/ at the root): a real server on the same database, driven over
# XML-RPC by least-privileged users. Run after the module tests of a full run, or with RPC=1.
if [ -z "$ONLY" ] || [ -n "${RPC:-}" ]; then
    echo "== running the XML-RPC integration suite (tests/)"
    set +e
    CRM_MFG_RPC_DB="$TEST_DB" CRM_MFG_PYTHON="$TEST_PY" CRM_MFG_ADDONS_PATH="$ADDONS_PATH" \
        "$VENV/bin/pytest" -p no:cacheprovider -p no:odoo "$HERE/tests" \
        ${RPC_ARGS:-}
    rpc_rc=$?
    set -e
    [ "$rpc_rc" = 0 ] || rc=$rpc_rc
fi
exit "$rc"
