#!/usr/bin/env bash
# make lint: pre-commit with ruff and pylint-odoo, from the project's venv.
set -euo pipefail
. "$(dirname "$0")/common.sh"
"$PY" -c "import pre_commit, pylint_odoo, oca_pre_commit_hooks, pre_commit_hooks" 2>/dev/null \
    || "$VENV/bin/pip" install -q pre-commit ruff pylint-odoo oca-odoo-pre-commit-hooks pre-commit-hooks
export PATH="$VENV/bin:$PATH"
cd "$HERE"
[ -n "$(git ls-files --others --exclude-standard --cached -- addons tools bench)" ] || exit 0
pre-commit run --all-files "$@"
