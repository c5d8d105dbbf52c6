"""Every role reaches its tools: the README's *Where each role works* table, tried over XML-RPC.

For each row of that table a user is created with exactly the groups the row names. The menus
the web client would load for that user (``ir.ui.menu.load_menus``) must contain every menu path
of the row, and each menu's action must open for that user: its records are searched (and there
are some in the demo data), its settings record is read, its wizard gets its defaults. A path that
moved, a parent the user cannot see or a model the user cannot read fails here, so the README
stays true.
"""

import json
import os
import re
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(os.path.dirname(HERE), "README.md")
HEADING = "### Where each role works"

# menus whose list may legitimately be empty in the demo database
MAY_BE_EMPTY = {
    "Handovers",
    "Sales Targets",
    "Expense Budgets",
    "Customer Profile Rules",
}
# roles confined to their own records: a new user of that role owns none yet, so their lists
# must open (no access error) but may be empty
OWN_RECORDS_ONLY = {"salesperson, own documents", "service user (technician)"}
# roles that must not reach these apps at all
NOT_VISIBLE = {
    "inventory user": ("CRM", "Sales", "After-Sales Service", "Invoicing"),
}


def _rows():
    with open(README, encoding="utf-8") as handle:
        text = handle.read()
    assert HEADING in text, f"README.md has no section {HEADING!r}"
    section = text.split(HEADING, 1)[1].split("\n#", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("role", "") or set(cells[0]) <= {"-", " "}:
            continue
        groups = re.findall(r"`([\w.]+)`", cells[1])
        menus = [path.strip() for path in cells[2].split(";") if path.strip()]
        rows.append((cells[0], groups, menus))
    assert len(rows) >= 7, f"the table under {HEADING!r} lists {len(rows)} roles"
    return rows


def _paths(menus):
    """{'CRM › Reporting › Funnel': menu dict} for a load_menus() result."""
    paths = {}

    def walk(menu_id, prefix):
        menu = menus[str(menu_id)]
        path = f"{prefix} › {menu['name']}" if prefix else menu["name"]
        paths[path] = menu
        for child in menu["children"]:
            walk(child, path)

    for app in menus["root"]["children"]:
        walk(app, "")
    return paths


def _load_menus(client):
    """The menus the web client loads for this user (JSON-RPC: their keys are ids)."""
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [client.db, client.uid, client.password, "ir.ui.menu", "load_menus", [False]],
        },
    }
    request = urllib.request.Request(
        f"{client.url}/jsonrpc",
        json.dumps(payload).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    assert "error" not in answer, answer.get("error")
    return answer["result"]


ROWS = _rows()


@pytest.mark.parametrize(("role", "groups", "menus"), ROWS, ids=[row[0] for row in ROWS])
def test_each_role_opens_its_menus(odoo, role, groups, menus):
    user = odoo.user(groups)
    reachable = _paths(_load_menus(user))
    for app in NOT_VISIBLE.get(role, ()):
        assert not any(path == app or path.startswith(f"{app} ›") for path in reachable), (
            f"{role} reaches the {app} app"
        )
    for path in menus:
        assert path in reachable, f"{role}: no menu {path!r}; this user has: {sorted(reachable)}"
        action = reachable[path]["action"]
        assert action, f"{role}: menu {path!r} opens nothing"
        action_model, action_id = action.split(",")
        if action_model != "ir.actions.act_window":
            continue
        # the web client loads the action as the server does (sudo); the user's rights apply
        # to its records
        [act] = odoo.admin(
            "ir.actions.act_window", "read", [int(action_id)], ["res_model", "res_id", "target"]
        )
        model = act["res_model"]
        if act["res_id"]:
            assert user(model, "read", [act["res_id"]], ["display_name"]), (role, path)
            continue
        fields = user(model, "fields_get", [], attributes=["type"])
        if odoo.admin(
            "ir.model", "search_count", [("model", "=", model), ("transient", "=", True)]
        ):
            user(model, "default_get", list(fields))
            continue
        count = user(model, "search_count", [])
        leaf = path.rsplit(" › ", 1)[-1]
        assert count or leaf in MAY_BE_EMPTY or role in OWN_RECORDS_ONLY, (
            f"{role}: {path} ({model}) shows no record"
        )
