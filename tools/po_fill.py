"""Fill msgstr entries of a .po file from a JSON object {msgid: msgstr}.

    python tools/po_fill.py addons/<module>/i18n/zh_CN.po translations.json

Existing translations are kept unless the JSON gives a new one. Prints the
msgids still untranslated, so a translator sees what is left.
"""

import json
import sys

import polib


def main(po_path, json_path):
    po = polib.pofile(po_path, wrapwidth=0)
    with open(json_path, encoding="utf-8") as handle:
        table = json.load(handle)
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
    po.save(po_path)
    left = [e.msgid for e in po if not e.msgstr and not e.obsolete]
    for msgid in left:
        print(f"untranslated: {msgid!r}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
