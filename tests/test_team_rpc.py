"""Handovers over XML-RPC: their state moves only through their actions.

A sales manager who creates a handover may confirm it; a write of its state, even with the
context key the server's own code uses, is refused and the handover stays a draft.
"""

SALES_MANAGER = ["sales_team.group_sale_manager"]
SALESMAN = ["sales_team.group_sale_salesman"]


def test_handover_state_moves_only_through_its_actions(odoo):
    # the handover posts notes as its author: a manager with an address, as real ones have
    manager = odoo.user(SALES_MANAGER, email="rpc.sales.manager@example.com")
    leaver = odoo.user(SALESMAN)
    successor = odoo.user(SALESMAN)
    customer = odoo.admin(
        "res.partner", "create", {"name": "RPC Handover Works", "user_id": leaver.uid}
    )
    handover = manager(
        "crm.handover", "create", {"from_user_id": leaver.uid, "to_user_id": successor.uid}
    )
    # the key the server's own code uses, sent by the caller, passes nothing
    for context in ({}, {"crm_handover_state_move": True}):
        manager.refused("crm.handover", "write", [handover], {"state": "done"}, context=context)
        manager.refused(
            "crm.handover",
            "create",
            {"from_user_id": leaver.uid, "to_user_id": successor.uid, "state": "done"},
            context=context,
        )
    assert manager("crm.handover", "read", [handover], ["state"])[0]["state"] == "draft"
    assert odoo.admin("res.partner", "read", [customer], ["user_id"])[0]["user_id"][0] == leaver.uid
    manager("crm.handover", "action_confirm", [handover])
    assert manager("crm.handover", "read", [handover], ["state"])[0]["state"] == "done"
    assert (
        odoo.admin("res.partner", "read", [customer], ["user_id"])[0]["user_id"][0] == successor.uid
    )
