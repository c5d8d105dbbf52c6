#!/usr/bin/env bash
# Idempotent set-up of everything the modules need on a Debian machine:
# PostgreSQL with a superuser role for the current OS user, Odoo 18.0 and a
# virtual environment with its requirements, outside the clone.
set -euo pipefail

HERE="$(cd "$(dirname "$0")/.." && pwd)"
STATE_DIR="${CRM_MFG_HOME:-$HOME/.local/share/crm_manufacturing}"
VENV="$STATE_DIR/venv"
CONF="$STATE_DIR/env.sh"
mkdir -p "$STATE_DIR"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
apt_updated=""
apt_install() {
    [ -n "$apt_updated" ] || { $SUDO apt-get update -qq; apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# ---------------------------------------------------------------- PostgreSQL
if ! pg_isready -q 2>/dev/null; then
    if command -v pg_lsclusters >/dev/null 2>&1 && [ -n "$(pg_lsclusters -h 2>/dev/null)" ]; then
        say "starting the installed PostgreSQL cluster(s)"
        pg_lsclusters -h | while read -r ver name _; do $SUDO pg_ctlcluster "$ver" "$name" start || true; done
    else
        say "installing PostgreSQL with apt"
        apt_install postgresql postgresql-client
        pg_lsclusters -h | while read -r ver name _; do $SUDO pg_ctlcluster "$ver" "$name" start || true; done
    fi
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    pg_isready -q || die "PostgreSQL does not answer; start it (pg_ctlcluster 15 main start) and run make setup again"
fi
DB_ROLE="$(id -un)"
if [ "$DB_ROLE" = postgres ]; then
    die "Odoo refuses to run as the 'postgres' role: run make setup as another OS user"
fi
if ! psql -d postgres -tAc "select 1" >/dev/null 2>&1; then
    say "creating the PostgreSQL superuser role '$DB_ROLE'"
    if [ "$(id -u)" = 0 ]; then
        su postgres -c "psql -tAc \"select 1 from pg_roles where rolname='$DB_ROLE'\"" | grep -q 1 \
            || su postgres -c "createuser --superuser '$DB_ROLE'"
    else
        sudo -u postgres createuser --superuser "$DB_ROLE" || true
    fi
fi
psql -d postgres -tAc "select 1" >/dev/null || die "cannot connect to PostgreSQL as role '$DB_ROLE'"

# --------------------------------------------------------------------- Odoo
# Choice remembered in $CONF so that a fresh clone (CI) finds it again.
[ -f "$CONF" ] && . "$CONF"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtual environment $VENV"
    "$PY" -m venv "$VENV"
fi
VPY="$VENV/bin/python"

is_odoo_tree() { [ -f "$1/odoo-bin" ] && [ -d "$1/odoo/addons" ] && [ -d "$1/addons" ]; }
is_odoo18() { grep -q "version_info = (18, 0" "$1/odoo/release.py" 2>/dev/null; }

if [ -n "${ODOO_SRC:-}" ]; then
    ODOO_SRC="$(cd "$ODOO_SRC" && pwd)" || die "ODOO_SRC=$ODOO_SRC does not exist"
    is_odoo_tree "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (odoo-bin, addons/, odoo/addons/)"
    is_odoo18 "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not Odoo 18.0"
elif "$VPY" -c "import odoo, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 1)" 2>/dev/null \
     || "$PY" -c "import odoo, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 1)" 2>/dev/null; then
    for p in "$VPY" "$PY"; do
        ODOO_SRC="$("$p" -c 'import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null)" && break
    done
    say "using the importable Odoo in $ODOO_SRC"
else
    ODOO_SRC="$STATE_DIR/odoo"
    if ! is_odoo_tree "$ODOO_SRC"; then
        say "no ODOO_SRC and no importable Odoo: trying the official 18.0 source"
        if ! git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$ODOO_SRC" 2>/dev/null; then
            rm -rf "$ODOO_SRC"
            die "Odoo 18.0 not found. Set ODOO_SRC to an Odoo 18.0 source tree (the folder holding odoo-bin, addons/ and odoo/addons/) and run: ODOO_SRC=/path/to/odoo make setup"
        fi
    fi
fi
printf 'ODOO_SRC=%q\n' "$ODOO_SRC" > "$CONF"

# -------------------------------------------------------- Python packages
REQ_STAMP="$STATE_DIR/requirements.stamp"
REQ_SIG="$(cat "$ODOO_SRC/requirements.txt" "$HERE/requirements.txt" "$HERE/test-requirements.txt" | sha1sum | cut -c1-40)"
if [ "$(cat "$REQ_STAMP" 2>/dev/null)" != "$REQ_SIG" ]; then
    say "installing Odoo's requirements and ours into $VENV"
    # psycopg2-binary instead of psycopg2 (no libpq headers needed); python-ldap is only for auth_ldap.
    grep -viE '^(psycopg2|python-ldap)[ =]' "$ODOO_SRC/requirements.txt" > "$STATE_DIR/odoo-requirements.txt"
    # Odoo's pinned cbor2 does not build with setuptools 81 and newer.
    printf 'setuptools<81\n' > "$STATE_DIR/build-constraints.txt"
    "$VPY" -m pip install -q --upgrade "pip<26" wheel "setuptools<81"
    PIP_CONSTRAINT="$STATE_DIR/build-constraints.txt" "$VPY" -m pip install -q \
        -r "$STATE_DIR/odoo-requirements.txt" -r "$HERE/requirements.txt" -r "$HERE/test-requirements.txt"
    echo "$REQ_SIG" > "$REQ_STAMP"
fi
SITE="$("$VPY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$ODOO_SRC" > "$SITE/odoo_src.pth"
"$VPY" -c "import odoo; assert odoo.release.version_info[0] == 18" || die "Odoo does not import from $VENV"

# ------------------------------------------------------- browser for tours
if ! command -v chromium >/dev/null 2>&1 && ! command -v google-chrome >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests"
    apt_install chromium || die "could not install chromium (needed by the HttpCase tours)"
fi
say "ready: Odoo $("$VPY" -c 'import odoo; print(odoo.release.version)') from $ODOO_SRC, venv $VENV"
