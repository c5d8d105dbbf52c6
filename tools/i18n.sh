#!/usr/bin/env bash
# make i18n [MODULE=a,b] [TEST_DB=db]: export i18n/<module>.pot from a database where the
# modules are installed (default: the last `make test` database, else a fresh one), then
# merge it into i18n/zh_CN.po (new strings get an empty msgstr to translate) and report
# untranslated entries.
set -euo pipefail
. "$(dirname "$0")/common.sh"
DB_I18N="${TEST_DB:-crm_mfg_test}"
LIST="${MODULE:-$MODULES}"
ODOO_CONF="$STATE_DIR/i18n-$DB_I18N.conf"
write_conf "$ODOO_CONF" "$DB_I18N"
if ! psql -d "$DB_I18N" -tAc "select 1" >/dev/null 2>&1; then
    "$PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB_I18N" -i "$LIST" --stop-after-init --no-http >/dev/null 2>&1
else
    "$PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB_I18N" -u "$LIST" --stop-after-init --no-http >/dev/null 2>&1
fi
IFS=, read -ra mods <<< "$LIST"
status=0
for m in "${mods[@]}"; do
    dir="$HERE/addons/$m/i18n"; mkdir -p "$dir"
    "$PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB_I18N" --i18n-export="$dir/$m.pot" \
        --modules="$m" --language= --stop-after-init --no-http >/dev/null 2>&1 \
        || "$PY" "$ODOO_BIN" -c "$ODOO_CONF" -d "$DB_I18N" --i18n-export="$dir/$m.pot" \
        --modules="$m" --stop-after-init --no-http >/dev/null
    if [ -f "$dir/zh_CN.po" ]; then
        msgmerge --quiet --no-fuzzy-matching --no-wrap --update --backup=none "$dir/zh_CN.po" "$dir/$m.pot"
        msgattrib --no-obsolete --no-wrap -o "$dir/zh_CN.po" "$dir/zh_CN.po"
    else
        msginit --no-translator --no-wrap --locale=zh_CN.UTF-8 -i "$dir/$m.pot" -o "$dir/zh_CN.po" 2>/dev/null
        sed -i 's/^"Language: zh_CN.UTF-8\\n"/"Language: zh_CN\\n"/' "$dir/zh_CN.po"
    fi
    missing=$(msgattrib --untranslated --no-wrap "$dir/zh_CN.po" | grep -c '^msgid ' || true)
    [ "$missing" -gt 0 ] && missing=$((missing - 1))   # the header
    echo "$m: $(grep -c '^msgid ' "$dir/$m.pot") strings, $missing untranslated in zh_CN.po"
    [ "$missing" = 0 ] || status=1
done
exit $status
