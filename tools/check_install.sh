#!/usr/bin/env bash
# make check-install: install each addon alone (with only its dependencies) into a fresh
# database, so that no addon leans on another that it does not declare. Each database is a
# copy of one where only `base` is installed (its install is the same for every addon), and
# two addons install at a time (JOBS=).
set -euo pipefail
. "$(dirname "$0")/common.sh"
TEMPLATE="crm_mfg_install_base"
JOBS="${JOBS:-2}"
echo "== a database with base only ($TEMPLATE), copied for each addon"
dropdb --if-exists --force "$TEMPLATE"
rm -rf "$STATE_DIR/filestore/filestore/$TEMPLATE"
write_conf "$STATE_DIR/install-base.conf" "$TEMPLATE" "without_demo = False"
"$PY" "$ODOO_BIN" -c "$STATE_DIR/install-base.conf" -d "$TEMPLATE" -i base --stop-after-init \
    --no-http > "$STATE_DIR/logs/install-$TEMPLATE.log" 2>&1
export TEMPLATE_DB="$TEMPLATE"
status=0
printf '%s\n' ${MODULES//,/ } | xargs -P "$JOBS" -I{} bash -c '
    start=$(date +%s)
    if INSTALL_ONLY=1 MODULE={} TEST_DB=crm_mfg_install_{} bash "$0/tools/test.sh" > "$1/logs/check-install-{}.log" 2>&1; then
        echo "== {} installs alone ($(( $(date +%s) - start )) s)"
    else
        echo "== {} does NOT install alone:"; tail -40 "$1/logs/check-install-{}.log"; exit 255
    fi' "$HERE" "$STATE_DIR" || status=1
dropdb --if-exists --force "$TEMPLATE"
exit $status
