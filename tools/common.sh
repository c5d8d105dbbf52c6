# Sourced by the tools: where the venv and Odoo live, and the Odoo configuration.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${CRM_MFG_HOME:-$HOME/.local/share/crm_manufacturing}"
VENV="$STATE_DIR/venv"
CONF="$STATE_DIR/env.sh"
# every installable addon of the repository, comma-separated
# (MODULES=a,b in the environment narrows it, e.g. for make check-install)
MODULES="${MODULES:-$(cd "$HERE/addons" && for m in */__manifest__.py; do
    grep -qE "[\"']installable[\"']: *False" "$m" || dirname "$m"; done | paste -sd, -)}"
if [ ! -f "$CONF" ] || [ ! -x "$VENV/bin/python" ]; then
    echo "Odoo is not set up: run 'make setup' first (with ODOO_SRC=/path/to/odoo-18.0 if Odoo is not importable)." >&2
    exit 1
fi
. "$CONF"
PY="$VENV/bin/python"
ODOO_BIN="$ODOO_SRC/odoo-bin"
[ -f "$ODOO_BIN" ] || { echo "Odoo 18.0 not found at ODOO_SRC=$ODOO_SRC: run 'make setup' again." >&2; exit 1; }
ADDONS_PATH="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$HERE/addons"
pg_isready -q 2>/dev/null || {
    echo "PostgreSQL does not answer: run 'make setup' (it starts the cluster)." >&2
    exit 1
}

# write_conf FILE DB [extra lines...]
write_conf() {
    local file="$1" db="$2"; shift 2
    {
        echo "[options]"
        echo "addons_path = $ADDONS_PATH"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "list_db = False"
        echo "admin_passwd = admin"
        echo "data_dir = $STATE_DIR/filestore"
        for line in "$@"; do echo "$line"; done
    } > "$file"
}
