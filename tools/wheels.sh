#!/usr/bin/env bash
# make wheels: build every addon as an odoo-addon-<name> wheel with whool, check the manifests'
# dependencies with manifestoo, install the wheels into a fresh virtual environment next to Odoo
# (no addons path to this clone) and install the modules from there into a fresh database.
set -euo pipefail
. "$(dirname "$0")/common.sh"
WHEELS="$STATE_DIR/wheels"
WVENV="$STATE_DIR/wheel-venv"
WDB="${WHEEL_DB:-crm_mfg_wheels}"
rm -rf "$WHEELS" "$WVENV"; mkdir -p "$WHEELS"
cd "$HERE"

echo "== manifestoo: every dependency of the addons is an Odoo 18.0 CE addon or one of ours"
missing="$("$VENV/bin/manifestoo" --addons-path "$HERE/addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons" \
    --no-addons-path-from-import-odoo --odoo-series 18.0 --select-addons-dir "$HERE/addons" list-missing)"
[ -z "$missing" ] || { echo "missing dependencies: $missing" >&2; exit 1; }

echo "== building the wheels"
for addon in addons/*/; do
    "$VENV/bin/pip" wheel -q --no-deps --no-build-isolation -w "$WHEELS" "$addon"
done
ls "$WHEELS"

echo "== checking the wheels' metadata"
"$VENV/bin/python" - "$WHEELS" "$HERE/addons" <<'PY'
import ast, pathlib, sys, zipfile
wheels, addons = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
ours = {p.name for p in addons.iterdir() if (p / "__manifest__.py").exists()}
bad = []
for addon in sorted(ours):
    [wheel] = wheels.glob(f"odoo_addon_{addon}-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        requires = [l.split(":", 1)[1].strip() for l in zf.read(meta).decode().splitlines()
                    if l.startswith("Requires-Dist:")]
        assert f"odoo/addons/{addon}/__manifest__.py" in zf.namelist(), addon
    manifest = ast.literal_eval((addons / addon / "__manifest__.py").read_text())
    names = {r.split()[0].split("=")[0].split(">")[0].split("<")[0].lower() for r in requires}
    expected = {f"odoo-addon-{d}".lower().replace("_", "-") for d in manifest.get("depends", []) if d in ours}
    expected |= {p.lower() for p in manifest.get("external_dependencies", {}).get("python", [])}
    expected.add("odoo")
    names = {n.replace("_", "-") for n in names}
    if not expected <= names:
        bad.append(f"{addon}: requires {sorted(names)}, expected at least {sorted(expected)}")
    print(f"{wheel.name}: {', '.join(requires)}")
if bad:
    sys.exit("\n".join(bad))
PY

echo "== installing the wheels into a fresh virtual environment ($WVENV)"
"$VENV/bin/python" -m venv "$WVENV"
WSITE="$("$WVENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
VSITE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
# Odoo and its requirements come from the project's venv (Odoo 18.0 is not on the registries
# reached here); our addons come from the wheels only.
printf '%s\n%s\n' "$ODOO_SRC" "$VSITE" > "$WSITE/odoo_and_requirements.pth"
"$WVENV/bin/python" -m pip install -q --no-deps --no-index "$WHEELS"/*.whl
"$WVENV/bin/python" - <<'PY'
import odoo.addons.crm_manufacturing as m
assert "wheel-venv" in m.__file__, m.__file__
print("crm_manufacturing imported from", m.__file__)
PY

echo "== installing the modules from the wheels into a fresh database $WDB"
dropdb --if-exists --force "$WDB"
ODOO_CONF="$STATE_DIR/wheels-$WDB.conf"
ADDONS_PATH="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons" write_conf "$ODOO_CONF" "$WDB"
sed -i "s#^addons_path = .*#addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons#" "$ODOO_CONF"
LOG="$STATE_DIR/logs/install-$WDB.log"; mkdir -p "$(dirname "$LOG")"
set +e
"$WVENV/bin/python" "$ODOO_BIN" -c "$ODOO_CONF" -d "$WDB" -i "$MODULES" --without-demo=all \
    --stop-after-init --no-http > "$LOG" 2>&1
rc=$?
set -e
installed="$(psql -d "$WDB" -tAc "select count(*) from ir_module_module where state = 'installed' and name like 'crm_manufacturing%'")"
dropdb --if-exists --force "$WDB"
if [ "$rc" != 0 ] || grep -qE ' (ERROR|CRITICAL) ' "$LOG"; then
    grep -E ' (ERROR|CRITICAL) ' "$LOG" | head -20; echo "== install from wheels FAILED ($LOG)" >&2; exit 1
fi
echo "== $installed modules installed from the wheels"
