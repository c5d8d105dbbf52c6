#!/usr/bin/env bash
# make check-install: install each addon alone (with only its dependencies) into a fresh
# database, so that no addon leans on another that it does not declare.
set -euo pipefail
. "$(dirname "$0")/common.sh"
IFS=, read -ra mods <<< "$MODULES"
for m in "${mods[@]}"; do
    start=$(date +%s)
    INSTALL_ONLY=1 MODULE="$m" TEST_DB="crm_mfg_install_$m" bash "$HERE/tools/test.sh"
    echo "== $m installs alone ($(( $(date +%s) - start )) s)"
done
