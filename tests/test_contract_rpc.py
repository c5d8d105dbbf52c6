"""crm_manufacturing_contract over XML-RPC, as the least-privileged users: money figures and
states are the server's, what is linked to posted accounting stays linked, an order opens for
everyone who may read it, bad input is a UserError (fault 2) or an access error (fault 4).
"""

import math
import uuid
import xmlrpc.client

import pytest

SALESMAN = ["sales_team.group_sale_salesman"]
STEP_FIELDS = [
    "state",
    "amount",
    "amount_invoiced",
    "amount_paid",
    "amount_due",
    "date_due",
    "order_id",
    "done_user_id",
    "planned_date",
    "percent",
    "step_type",
]


@pytest.fixture(scope="module")
def plan(odoo):
    """A confirmed 30/60/10 order of a rep, its advance invoiced and posted."""
    admin = odoo.admin
    tag = uuid.uuid4().hex[:6]
    rep = odoo.user(SALESMAN, email=f"rep.{tag}@example.com")
    rep2 = odoo.user(SALESMAN, email=f"rep2.{tag}@example.com")
    customer = admin("res.partner", "create", {"name": f"Plant {tag}", "is_company": True})
    other_customer = admin(
        "res.partner", "create", {"name": f"Other Plant {tag}", "is_company": True}
    )
    product = admin(
        "product.product",
        "create",
        {
            "name": f"Press {tag}",
            "type": "consu",
            "list_price": 1000,
            "invoice_policy": "order",
            "taxes_id": [(6, 0, [])],
        },
    )
    template = admin(
        "sale.execution.template",
        "create",
        {
            "name": f"30/60/10 {tag}",
            "line_ids": [
                (
                    0,
                    0,
                    {
                        "sequence": 1,
                        "name": "Advance",
                        "step_type": "payment",
                        "offset_days": 5,
                        "percent": 30,
                    },
                ),
                (
                    0,
                    0,
                    {"sequence": 2, "name": "Delivery", "step_type": "delivery", "offset_days": 30},
                ),
                (
                    0,
                    0,
                    {
                        "sequence": 3,
                        "name": "On delivery",
                        "step_type": "payment",
                        "offset_days": 40,
                        "percent": 60,
                    },
                ),
                (
                    0,
                    0,
                    {
                        "sequence": 4,
                        "name": "Acceptance",
                        "step_type": "acceptance",
                        "offset_days": 60,
                    },
                ),
                (
                    0,
                    0,
                    {
                        "sequence": 5,
                        "name": "Retention",
                        "step_type": "retention",
                        "offset_days": 400,
                        "percent": 10,
                    },
                ),
            ],
        },
    )

    def order(user, partner):
        order_id = admin(
            "sale.order",
            "create",
            {
                "partner_id": partner,
                "user_id": user.uid,
                "execution_template_id": template,
                "payment_term_id": False,
                "order_line": [
                    (0, 0, {"product_id": product, "product_uom_qty": 10, "price_unit": 1000})
                ],
            },
        )
        user("sale.order", "action_confirm", [order_id])
        steps = {
            step["name"]: step["id"]
            for step in user(
                "sale.execution.step",
                "search_read",
                [("order_id", "=", order_id)],
                fields=["name"],
            )
        }
        return order_id, steps

    order_id, steps = order(rep, customer)
    other_order, other_steps = order(rep2, other_customer)
    rep("sale.execution.step", "action_create_invoice", [steps["Advance"]])
    [invoice] = admin("account.move", "search", [("execution_step_id", "=", steps["Advance"])])
    admin("account.move", "action_post", [invoice])
    return {
        "rep": rep,
        "rep2": rep2,
        "customer": customer,
        "other_customer": other_customer,
        "product": product,
        "template": template,
        "order": order_id,
        "steps": steps,
        "other_order": other_order,
        "other_steps": other_steps,
        "invoice": invoice,
        "make_order": order,
    }


def _steps(odoo, ids):
    return odoo.admin("sale.execution.step", "read", ids, STEP_FIELDS)


def _all_steps(odoo, order_id):
    ids = odoo.admin("sale.execution.step", "search", [("order_id", "=", order_id)])
    return _steps(odoo, ids)


# ------------------------------------------------------------------ item 9
@pytest.mark.parametrize(
    "vals",
    [
        {"state": "done"},
        {"state": "cancelled"},
        {"state": ""},
        {"state": False},
        {"amount_paid": 3000.0},
        {"amount_due": 0.0},
        {"amount_invoiced": 3000.0},
        {"amount": 0.0},
        {"date_due": "2099-01-01"},
        {"done_user_id": 1},
        {"partner_id": 1},
        {"is_money_step": False},
    ],
)
def test_rep_cannot_write_money_figures_or_state(odoo, plan, vals):
    ids = [plan["steps"]["Advance"], plan["steps"]["On delivery"]]
    before = _steps(odoo, ids)
    fault = plan["rep"].refused("sale.execution.step", "write", ids, vals)
    assert fault.faultCode == 2
    assert _steps(odoo, ids) == before


def test_state_only_moves_through_actions(odoo, plan):
    acceptance = plan["steps"]["Acceptance"]
    plan["rep"].refused(
        "sale.execution.step",
        "write",
        [acceptance],
        {"state": "done"},
        context={"execution_step_state_change": True},
    )
    fault = plan["rep"].refused("sale.execution.step", "action_done", [plan["steps"]["Advance"]])
    assert fault.faultCode == 2
    for vals in ({"state": "done"}, {"amount_paid": 1.0}, {"done_user_id": plan["rep"].uid}):
        plan["rep"].refused(
            "sale.execution.step",
            "create",
            {"order_id": plan["order"], "name": "Extra", "step_type": "other", **vals},
        )
    assert _steps(odoo, [acceptance])[0]["state"] == "planned"


def test_accountant_cannot_change_step_money(odoo, plan):
    accountant = odoo.user(["account.group_account_invoice"])
    before = _steps(odoo, [plan["steps"]["Advance"]])
    for vals in ({"amount_paid": 3000.0}, {"state": "done"}):
        accountant.refused("sale.execution.step", "write", [plan["steps"]["Advance"]], vals)
    assert _steps(odoo, [plan["steps"]["Advance"]]) == before


# ----------------------------------------------------------------- item 10
def test_step_with_posted_invoice_never_moves_or_detaches(odoo, plan):
    advance = plan["steps"]["Advance"]
    before = _all_steps(odoo, plan["order"])
    admin = odoo.admin
    attempts = [
        (plan["rep"], "sale.execution.step", "unlink", [[advance]]),
        (plan["rep"], "sale.execution.step", "action_cancel", [[advance]]),
        (admin, "sale.execution.step", "write", [[advance], {"order_id": plan["other_order"]}]),
        (
            admin,
            "sale.order",
            "write",
            [[plan["other_order"]], {"execution_step_ids": [(4, advance)]}],
        ),
        (admin, "sale.order", "write", [[plan["order"]], {"execution_step_ids": [(3, advance)]}]),
        (admin, "sale.order", "write", [[plan["order"]], {"execution_step_ids": [(5,)]}]),
        (admin, "sale.order", "write", [[plan["order"]], {"execution_step_ids": [(6, 0, [])]}]),
        (admin, "sale.execution.step", "write", [[advance], {"invoice_ids": [(5,)]}]),
        (admin, "sale.execution.step", "write", [[advance], {"step_type": "delivery"}]),
        (admin, "account.move", "write", [[plan["invoice"]], {"execution_step_id": False}]),
    ]
    for user, model, method, args in attempts:
        fault = user.refused(model, method, *args)
        assert fault.faultCode in (2, 4), (model, method, args)
    assert _all_steps(odoo, plan["order"]) == before
    [invoice] = admin("account.move", "read", [plan["invoice"]], ["execution_step_id"])
    assert invoice["execution_step_id"][0] == advance


def test_accountant_cannot_detach_a_posted_invoice(odoo, plan):
    accountant = odoo.user(["account.group_account_invoice"])
    for value in (False, plan["steps"]["On delivery"]):
        fault = accountant.refused(
            "account.move", "write", [plan["invoice"]], {"execution_step_id": value}
        )
        assert fault.faultCode == 2
    [invoice] = odoo.admin("account.move", "read", [plan["invoice"]], ["execution_step_id"])
    assert invoice["execution_step_id"][0] == plan["steps"]["Advance"]


def test_cancel_then_delete_an_order_with_posted_step_invoice_is_refused(odoo, plan):
    admin = odoo.admin
    order_id, steps = plan["make_order"](plan["rep"], plan["customer"])
    plan["rep"]("sale.execution.step", "action_create_invoice", [steps["Advance"]])
    [invoice] = admin("account.move", "search", [("execution_step_id", "=", steps["Advance"])])
    admin("account.move", "action_post", [invoice])
    before = _all_steps(odoo, order_id)
    admin("sale.order", "action_cancel", [order_id])
    fault = admin.refused("sale.order", "unlink", [order_id])
    assert fault.faultCode == 2
    assert admin("sale.order", "search_count", [("id", "=", order_id)]) == 1
    after = _all_steps(odoo, order_id)
    assert [s["id"] for s in after] == [s["id"] for s in before]
    [move] = admin("account.move", "read", [invoice], ["execution_step_id"])
    assert move["execution_step_id"][0] == steps["Advance"]


def test_rep_cannot_touch_another_reps_plan(odoo, plan):
    step = plan["other_steps"]["Acceptance"]
    assert plan["rep"].refused("sale.execution.step", "write", [step], {"note": "x"}).faultCode == 4
    assert plan["rep"].refused("sale.execution.step", "action_done", [step]).faultCode == 4
    assert _steps(odoo, [step])[0]["state"] == "planned"
    # nor moves one of its own steps onto the other rep's order
    mine = plan["steps"]["Acceptance"]
    plan["rep"].refused("sale.execution.step", "write", [mine], {"order_id": plan["other_order"]})
    assert _steps(odoo, [mine])[0]["order_id"][0] == plan["order"]


# ----------------------------------------------------------------- item 16
def _form_spec(user, fields_by_model, model, readable=None, depth=0):
    """The fields of the form as the web client reads them (x2many lists one level deep),
    leaving out the relational fields of models the user may not read at all (Odoo's own
    limits, not this module's)."""
    readable = {} if readable is None else readable

    def may_read(comodel):
        if comodel not in readable:
            try:
                user(comodel, "search", [], limit=1)
                readable[comodel] = True
            except xmlrpc.client.Fault:
                readable[comodel] = False
        return readable[comodel]

    spec = {}
    for fname, desc in fields_by_model[model]["fields"].items():
        relation = desc.get("relation")
        if relation and not may_read(relation):
            continue
        if (
            desc.get("type") in ("one2many", "many2many")
            and relation in fields_by_model
            and depth == 0
        ):
            spec[fname] = {
                "fields": _form_spec(user, fields_by_model, relation, readable, depth + 1)
            }
        elif desc.get("type") == "many2one":
            spec[fname] = {"fields": {"display_name": {}}}
        else:
            spec[fname] = {}
    return spec


@pytest.mark.parametrize(
    "groups",
    [
        ["stock.group_stock_user"],
        ["account.group_account_readonly"],
        ["sales_team.group_sale_salesman_all_leads"],
        ["account.group_account_invoice"],
    ],
)
def test_order_opens_for_everyone_who_may_read_it(odoo, plan, groups):
    user = odoo.user(groups)
    views = user("sale.order", "get_views", [[False, "form"]])
    spec = _form_spec(user, views["models"], "sale.order")
    # the plan is read by the users of the plan only; the others do not even get the fields
    plan_user = bool(
        {"sales_team.group_sale_salesman_all_leads", "account.group_account_invoice"} & set(groups)
    )
    assert ("execution_step_ids" in spec) == plan_user
    assert ("collection_overdue_amount" in views["models"]["sale.order"]["fields"]) == plan_user
    # field by field: none of the fields of the execution plan stops the order from opening
    # (fields that Odoo's own modules compute with rights these users lack are listed, not
    # this module's to fix: see the contract README)
    failing = []
    for fname, field_spec in spec.items():
        try:
            user("sale.order", "web_read", [plan["order"]], {fname: field_spec})
        except xmlrpc.client.Fault as fault:
            assert fault.faultCode in (2, 4), fault.faultString[-500:]
            failing.append(fname)
    print(groups, "fields refused by Odoo itself:", failing)
    ours = {fname for fname in failing if fname.startswith(("execution_", "collection_"))}
    assert not ours, ours
    readable = {fname: field_spec for fname, field_spec in spec.items() if fname not in failing}
    [record] = user("sale.order", "web_read", [plan["order"]], readable)
    assert record["id"] == plan["order"]
    if plan_user:
        assert len(record["execution_step_ids"]) == 5
        assert record["execution_template_id"]["id"] == plan["template"]
    # what the delivery's form shows of its order
    pickings = odoo.admin("stock.picking", "search", [("sale_id", "=", plan["order"])])
    if "stock.group_stock_user" in groups and pickings:
        user("stock.picking", "read", pickings, ["sale_id", "state"])


def test_stock_user_does_not_see_collection_figures(odoo, plan):
    user = odoo.user(["stock.group_stock_user"])
    for fname in ("execution_step_ids", "collection_overdue_amount", "execution_next_step_id"):
        fault = user.refused("sale.order", "read", [plan["order"]], [fname])
        assert fault.faultCode == 4
    user.refused("sale.execution.step", "search_read", [], fields=["amount_due"])


def test_portal_customer_reads_the_order_not_the_plan(odoo, plan):
    contact = odoo.admin(
        "res.partner",
        "create",
        {
            "name": "Buyer",
            "parent_id": plan["customer"],
            "email": f"{uuid.uuid4().hex[:8]}@example.com",
        },
    )
    portal = odoo.portal_user(contact)
    [order] = portal("sale.order", "read", [plan["order"]], ["name", "amount_total"])
    assert order["amount_total"] == 10000
    portal.refused("sale.order", "read", [plan["order"]], ["execution_step_ids"])
    portal.refused("sale.execution.step", "search_read", [], fields=["amount_due"])


# ------------------------------------------------------ items 18/19, sweep
@pytest.mark.parametrize(
    "domain",
    [
        [["overdue_days", ">", "abc"]],
        [["overdue_days", ">", math.nan]],
        [["overdue_days", ">", [1, 2]]],
        [["overdue_days", "like", 3]],
        [["overdue_days", ">", 1e300]],
        [["is_overdue", "=", "maybe"]],
        [["is_overdue", "in", [1]]],
        [["state", "=", 5]],
        [["planned_date", ">", "2026-13-45"]],
        [["planned_date", "=", "abc"]],
    ],
)
def test_step_searches_refuse_bad_values(plan, domain):
    for method in ("search", "search_count"):
        fault = plan["rep"].refused("sale.execution.step", method, domain)
        assert fault.faultCode == 2


@pytest.mark.parametrize(
    "vals",
    [
        {"percent": math.nan},
        {"percent": math.inf},
        {"percent": -5.0},
        {"percent": 500.0},
        {"planned_date": "1000-01-01"},
        {"planned_date": "9999-12-31"},
        {"actual_date": "1000-01-01"},
        {"step_type": "bogus"},
        {"step_type": ""},
    ],
)
def test_step_nonsense_is_refused(odoo, plan, vals):
    step = plan["steps"]["Acceptance"]
    before = _steps(odoo, [step])
    fault = plan["rep"].refused("sale.execution.step", "write", [step], vals)
    assert fault.faultCode == 2
    assert _steps(odoo, [step]) == before


@pytest.mark.parametrize(
    "vals",
    [
        {"offset_days": -10},
        {"offset_days": 100000},
        {"percent": math.nan},
        {"percent": -math.inf},
        {"step_type": "bogus"},
        {"user_role": "boss"},
    ],
)
def test_template_nonsense_is_refused(odoo, plan, vals):
    manager = odoo.user(["sales_team.group_sale_manager"])
    [line] = odoo.admin(
        "sale.execution.template.line",
        "search",
        [("template_id", "=", plan["template"])],
        limit=1,
    )
    fault = manager.refused("sale.execution.template.line", "write", [line], vals)
    assert fault.faultCode == 2


@pytest.mark.parametrize(
    ("method", "step"),
    [
        ("action_done", "Advance"),
        ("action_cancel", "Advance"),
        ("action_create_invoice", "Acceptance"),
        ("action_create_invoice", None),
        ("action_done", None),
        ("action_start", None),
    ],
)
def test_step_actions_refuse_bad_calls(plan, method, step):
    ids = [plan["steps"][step]] if step else [999999999]
    fault = plan["rep"].refused("sale.execution.step", method, ids)
    assert fault.faultCode in (2, 4)


def test_order_actions_refuse_bad_calls(odoo, plan):
    rep = plan["rep"]
    assert rep.refused("sale.order", "action_view_execution_steps", []).faultCode == 2
    assert rep.refused(
        "sale.order", "action_view_execution_steps", [plan["order"], plan["order"] + 1]
    ).faultCode in (2, 4)
    quotation = odoo.admin(
        "sale.order",
        "create",
        {"partner_id": plan["customer"], "user_id": rep.uid, "execution_template_id": False},
    )
    assert rep.refused("sale.order", "action_apply_execution_template", [quotation]).faultCode == 2
    # the plan of an order with a posted invoice is not replaced
    assert (
        rep.refused("sale.order", "action_apply_execution_template", [plan["order"]]).faultCode == 2
    )


def test_collection_plan_export(plan):
    result = plan["rep"]("sale.execution.step", "action_export_collection_plan", [])
    assert result["type"] == "ir.actions.act_url"


# ------------------------------------------------------------ issue 21
def test_step_invoice_falls_due_on_its_planned_date(odoo, plan):
    advance = _steps(odoo, [plan["steps"]["Advance"]])[0]
    [invoice] = odoo.admin(
        "account.move", "read", [plan["invoice"]], ["invoice_date_due", "invoice_payment_term_id"]
    )
    assert not invoice["invoice_payment_term_id"]
    assert invoice["invoice_date_due"] == advance["planned_date"]
    assert advance["date_due"] == advance["planned_date"]
    lines = odoo.admin(
        "account.move.line",
        "search_read",
        [("move_id", "=", plan["invoice"]), ("display_type", "=", "payment_term")],
        fields=["date_maturity"],
    )
    assert {line["date_maturity"] for line in lines} == {advance["planned_date"]}
