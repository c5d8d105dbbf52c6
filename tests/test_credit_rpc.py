"""Credit control over XML-RPC, as a hostile integration would try it (issue 11, items 1-8;
issue 21, the exposure of installment contracts).

Every case is tried as the least-privileged user who could: a salesperson ("own documents"),
an accountant, a portal contact of the customer, an internal user without sales or accounting
rights. Each refusal is asserted (fault 2, 3 or 4, never a traceback) together with what must
not have changed.
"""

import math
import threading
import uuid
import xmlrpc.client

import pytest

SALESMAN = ["sales_team.group_sale_salesman", "base.group_partner_manager"]
ACCOUNTANT = ["account.group_account_invoice", "base.group_partner_manager"]
CREDIT_MANAGER = ["crm_manufacturing_credit.group_credit_manager", "base.group_partner_manager"]
LIMIT = 1000.0
CREDIT_FIGURE_CRON = "crm_manufacturing_credit.ir_cron_credit_figure_refresh"


@pytest.fixture(scope="module")
def credit(odoo):
    """Users, a product and helpers shared by the tests of this file."""
    admin = odoo.admin
    tag = uuid.uuid4().hex[:6]
    data = {
        "tag": tag,
        # an email address: the approval flow posts in the chatter as them
        "salesman": odoo.user(SALESMAN, email=f"rep-{tag}@example.com"),
        "accountant": odoo.user(ACCOUNTANT, email=f"accountant-{tag}@example.com"),
        "manager": odoo.user(CREDIT_MANAGER, email=f"credit-{tag}@example.com"),
        "plain": odoo.user(["base.group_user"], email=f"plain-{tag}@example.com"),
        "product": admin(
            "product.product",
            "create",
            {
                "name": f"RPC Press {tag}",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 100,
                "taxes_id": [(5, 0, 0)],
            },
        ),
    }
    data["salesman_uid"] = data["salesman"].uid
    return data


def _customer(odoo, credit, limit=LIMIT, name="RPC Foundry"):
    admin = odoo.admin
    customer = admin(
        "res.partner", "create", {"name": f"{name} {uuid.uuid4().hex[:6]}", "is_company": True}
    )
    admin("res.partner", "write", [customer], {"credit_limit": limit})
    contact = admin("res.partner", "create", {"name": "Buyer", "parent_id": customer})
    return customer, contact


def _quotation(rpc, credit, partner, amount, user_id=None):
    values = {
        "partner_id": partner,
        "order_line": [
            (
                0,
                0,
                {
                    "product_id": credit["product"],
                    "product_uom_qty": amount / 100,
                    "price_unit": 100,
                },
            )
        ],
    }
    if user_id:
        values["user_id"] = user_id
    return rpc("sale.order", "create", values)


def _read(odoo, model, ids, fields):
    return odoo.admin(model, "read", ids, fields)


def _exposure(odoo, partner):
    return odoo.admin("res.partner", "read", [partner], ["credit_exposure"])[0]["credit_exposure"]


# ---------------------------------------------------------------- item 1: approval fields
def test_salesperson_cannot_approve_their_own_quotation(odoo, credit):
    rep = credit["salesman"]
    customer, contact = _customer(odoo, credit)
    order = _quotation(rep, credit, contact, 5000, user_id=rep.uid)
    forged = {
        "credit_approval_state": "approved",
        "credit_approved_amount": 5000.0,
        "credit_approved_by_id": credit["manager"].uid,
        "credit_approved_partner_id": customer,
    }
    rep.refused("sale.order", "write", [order], forged)
    for name, value in forged.items():
        rep.refused("sale.order", "write", [order], {name: value})
    # a context key sent by the client never passes for the server's own write
    rep.refused(
        "sale.order",
        "write",
        [order],
        forged,
        context={"crm_manufacturing_credit_server_write": True},
    )
    [saved] = _read(
        odoo, "sale.order", [order], ["credit_approval_state", "credit_approved_amount"]
    )
    assert (saved["credit_approval_state"], saved["credit_approved_amount"]) == ("not_needed", 0.0)
    fault = rep.refused("sale.order", "action_confirm", [order])
    assert fault.faultCode == 2 and "exceeds the credit limit" in fault.faultString
    assert _read(odoo, "sale.order", [order], ["state"])[0]["state"] == "draft"
    before = odoo.admin("sale.order", "search_count", [("partner_id", "=", contact)])
    rep.refused(
        "sale.order",
        "create",
        {
            "partner_id": contact,
            "credit_approval_state": "approved",
            "credit_approved_amount": 5000,
        },
    )
    assert odoo.admin("sale.order", "search_count", [("partner_id", "=", contact)]) == before
    # nor approve or refuse through the buttons
    rep("sale.order", "action_request_credit_approval", [order])
    assert rep.refused("sale.order", "action_approve_credit", [order]).faultCode == 4
    assert rep.refused("sale.order", "action_refuse_credit", [order]).faultCode == 4
    [saved] = _read(odoo, "sale.order", [order], ["credit_approval_state"])
    assert saved["credit_approval_state"] == "to_approve"


# ---------------------------------------------------------------- item 2: batches
def test_orders_of_one_customer_in_one_call_count_against_each_other(odoo, credit):
    rep = credit["salesman"]
    _customer_id, contact = _customer(odoo, credit)
    orders = [_quotation(rep, credit, contact, 600, user_id=rep.uid) for _i in range(3)]
    fault = rep.refused("sale.order", "action_confirm", orders)
    assert fault.faultCode == 2
    assert {row["state"] for row in _read(odoo, "sale.order", orders, ["state"])} == {"draft"}


def test_twenty_simultaneous_confirmations_never_exceed_the_limit(odoo, credit):
    """20 threads confirm quotations of 250 of one customer (limit 1,000) at the same time:
    at most four pass, whatever the interleaving of their transactions."""
    customer, contact = _customer(odoo, credit)
    orders = [_quotation(odoo.admin, credit, contact, 250) for _i in range(20)]
    manager = credit["manager"]
    barrier = threading.Barrier(len(orders))
    outcomes = {}

    def confirm(order):
        client = type(manager)(manager.url, manager.db, manager.login, manager.password)
        barrier.wait()
        try:
            client("sale.order", "action_confirm", [order])
            outcomes[order] = "confirmed"
        except xmlrpc.client.Fault as fault:
            outcomes[order] = fault.faultCode

    threads = [threading.Thread(target=confirm, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    confirmed = [order for order, outcome in outcomes.items() if outcome == "confirmed"]
    refusals = [outcome for outcome in outcomes.values() if outcome != "confirmed"]
    exposure = _exposure(odoo, customer)
    states = {row["id"]: row["state"] for row in _read(odoo, "sale.order", orders, ["state"])}
    assert len(outcomes) == 20
    assert exposure <= LIMIT, f"exposure {exposure} over the limit: {outcomes}"
    assert exposure == 250.0 * len(confirmed)
    assert sorted(o for o, state in states.items() if state == "sale") == sorted(confirmed)
    assert 1 <= len(confirmed) <= 4
    assert set(refusals) <= {2}, f"not a credit refusal: {outcomes}"


# ---------------------------------------------------------------- item 3: approval binding
def test_approval_does_not_follow_the_order_to_another_customer(odoo, credit):
    rep, manager = credit["salesman"], credit["manager"]
    _big, contact = _customer(odoo, credit, limit=1000)
    small, _small_contact = _customer(odoo, credit, limit=100)
    order = _quotation(rep, credit, contact, 5000, user_id=rep.uid)
    rep("sale.order", "action_request_credit_approval", [order])
    manager("sale.order", "action_approve_credit", [order])
    rep("sale.order", "write", [order], {"partner_id": small})
    [saved] = _read(odoo, "sale.order", [order], ["credit_approval_state"])
    assert saved["credit_approval_state"] == "not_needed"
    assert rep.refused("sale.order", "action_confirm", [order]).faultCode == 2
    assert _read(odoo, "sale.order", [order], ["state"])[0]["state"] == "draft"


def test_confirmed_order_cannot_move_to_another_customer(odoo, credit):
    rep = credit["salesman"]
    _customer_id, contact = _customer(odoo, credit)
    other, _other_contact = _customer(odoo, credit, limit=0)
    order = _quotation(rep, credit, contact, 500, user_id=rep.uid)
    rep("sale.order", "action_confirm", [order])
    rep.refused("sale.order", "write", [order], {"partner_id": other})
    assert _read(odoo, "sale.order", [order], ["partner_id"])[0]["partner_id"][0] == contact


# ---------------------------------------------------------------- item 4: holds and limits
def test_holds_and_limits_are_the_credit_managers(odoo, credit):
    rep, accountant, manager = credit["salesman"], credit["accountant"], credit["manager"]
    customer, contact = _customer(odoo, credit)
    manager(
        "res.partner", "write", [customer], {"credit_hold": True, "credit_hold_reason": "Lawsuit"}
    )
    fields = ["credit_hold", "credit_hold_origin", "credit_hold_reason", "credit_limit"]
    before = _read(odoo, "res.partner", [customer], fields)
    assert before[0]["credit_hold_origin"] == "manual"
    rep.refused("res.partner", "write", [customer], {"credit_hold_origin": "auto"})
    manager.refused("res.partner", "write", [customer], {"credit_hold_origin": "auto"})
    rep.refused("res.partner", "write", [customer], {"credit_hold": False})
    rep.refused("res.partner", "write", [customer], {"credit_hold_reason": "paid"})
    accountant.refused("res.partner", "write", [customer], {"credit_limit": 10**9})
    accountant.refused("res.partner", "write", [customer], {"credit_hold": False})
    assert _read(odoo, "res.partner", [customer], fields) == before
    # nor at creation
    name = f"Forged limit {uuid.uuid4().hex[:6]}"
    accountant.refused("res.partner", "create", {"name": name, "credit_limit": 10**9})
    rep.refused(
        "res.partner", "create", {"name": name, "credit_hold": True, "credit_hold_origin": "auto"}
    )
    assert odoo.admin("res.partner", "search_count", [("name", "=", name)]) == 0
    # nor by moving the held customer or its contacts to another company
    other, _other_contact = _customer(odoo, credit, limit=0)
    rep.refused("res.partner", "write", [contact], {"parent_id": other})
    rep.refused("res.partner", "write", [customer], {"is_company": False, "parent_id": other})
    [saved] = _read(odoo, "res.partner", [contact], ["commercial_partner_id"])
    assert saved["commercial_partner_id"][0] == customer
    order = _quotation(rep, credit, contact, 100, user_id=rep.uid)
    fault = rep.refused("sale.order", "action_confirm", [order])
    assert fault.faultCode == 2 and "Lawsuit" in fault.faultString


# ---------------------------------------------------------------- item 5: default limit
def test_the_company_default_limit_counts(odoo, credit):
    admin = odoo.admin
    company = admin("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin("ir.default", "set", "res.partner", "credit_limit", 2000.0, False, company)
    try:
        fresh = admin(
            "res.partner",
            "create",
            {"name": f"Default Limit {uuid.uuid4().hex[:6]}", "is_company": True},
        )
        [figures] = admin("res.partner", "read", [fresh], ["credit_available", "credit_grade"])
        assert (figures["credit_available"], figures["credit_grade"]) == (2000.0, "A")
        rep = credit["salesman"]
        order = _quotation(rep, credit, fresh, 2500, user_id=rep.uid)
        assert rep.refused("sale.order", "action_confirm", [order]).faultCode == 2
        assert _read(odoo, "sale.order", [order], ["state"])[0]["state"] == "draft"
    finally:
        defaults = admin(
            "ir.default",
            "search",
            [("field_id.model", "=", "res.partner"), ("field_id.name", "=", "credit_limit")],
        )
        admin("ir.default", "unlink", defaults)


# ---------------------------------------------------------------- item 6: exposure
def test_goods_invoiced_on_delivery_count_before_delivery(odoo, credit):
    admin = odoo.admin
    customer, contact = _customer(odoo, credit, limit=100000)
    product = admin(
        "product.product",
        "create",
        {
            "name": "RPC Line",
            "type": "service",
            "invoice_policy": "delivery",
            "taxes_id": [(5, 0, 0)],
        },
    )
    order = admin(
        "sale.order",
        "create",
        {
            "partner_id": contact,
            "order_line": [
                (0, 0, {"product_id": product, "product_uom_qty": 2, "price_unit": 5000})
            ],
        },
    )
    admin("sale.order", "action_confirm", [order])
    assert _exposure(odoo, customer) == 10000.0


def test_installment_plan_keeps_the_order_total_until_paid(odoo, credit):
    """Issue 21: a 30/60/10 plan of 10,000 invoiced through the contract module's steps."""
    admin = odoo.admin
    installed = admin(
        "ir.module.module",
        "search_count",
        [("name", "=", "crm_manufacturing_contract"), ("state", "=", "installed")],
    )
    if not installed:
        pytest.skip("crm_manufacturing_contract is not installed in this database")
    customer, contact = _customer(odoo, credit, limit=100000)
    template = admin(
        "sale.execution.template",
        "create",
        {
            "name": f"30/60/10 {credit['tag']}",
            "line_ids": [
                (0, 0, {"name": "Advance", "step_type": "payment", "percent": 30}),
                (
                    0,
                    0,
                    {
                        "name": "On delivery",
                        "step_type": "payment",
                        "percent": 60,
                        "offset_days": 60,
                    },
                ),
                (
                    0,
                    0,
                    {
                        "name": "Retention",
                        "step_type": "retention",
                        "percent": 10,
                        "offset_days": 365,
                    },
                ),
            ],
        },
    )
    product = admin(
        "product.product",
        "create",
        {
            "name": "RPC Plan Line",
            "type": "service",
            "invoice_policy": "delivery",
            "taxes_id": [(5, 0, 0)],
        },
    )
    order = admin(
        "sale.order",
        "create",
        {
            "partner_id": contact,
            "execution_template_id": template,
            "order_line": [
                (0, 0, {"product_id": product, "product_uom_qty": 1, "price_unit": 10000})
            ],
        },
    )
    admin("sale.order", "action_confirm", [order])
    assert _exposure(odoo, customer) == 10000.0
    steps = admin(
        "sale.execution.step",
        "search",
        [("order_id", "=", order), ("is_money_step", "=", True)],
        order="sequence, id",
    )
    assert len(steps) == 3
    invoices = []
    for step in steps:
        action = admin("sale.execution.step", "action_create_invoice", [step])
        invoice = action["res_id"]
        assert math.isclose(_exposure(odoo, customer), 10000.0, abs_tol=0.01), "draft installment"
        admin("account.move", "action_post", [invoice])
        assert math.isclose(_exposure(odoo, customer), 10000.0, abs_tol=0.01), "posted installment"
        invoices.append(invoice)

    def pay(invoice, amount):
        wizard = admin(
            "account.payment.register",
            "create",
            {"amount": amount},
            context={"active_model": "account.move", "active_ids": [invoice]},
        )
        admin(
            "account.payment.register",
            "action_create_payments",
            [wizard],
            context={"active_model": "account.move", "active_ids": [invoice]},
        )

    pay(invoices[0], 1000.0)  # part of the advance
    assert math.isclose(_exposure(odoo, customer), 9000.0, abs_tol=0.01)
    for invoice in invoices:
        [move] = admin("account.move", "read", [invoice], ["amount_residual"])
        pay(invoice, move["amount_residual"])
    assert math.isclose(_exposure(odoo, customer), 0.0, abs_tol=0.01)


# ---------------------------------------------------------------- item 8: who reads figures
def test_figures_are_hidden_from_portal_and_plain_users(odoo, credit):
    customer, contact = _customer(odoo, credit)
    portal = odoo.portal_user(partner_id=contact)
    rep = credit["salesman"]
    order = _quotation(rep, credit, contact, 100, user_id=rep.uid)
    odoo.admin("sale.order", "message_subscribe", [order], [contact])
    assert portal("sale.order", "read", [order], ["name"])  # the portal contact sees its order
    figures = [
        "credit_grade",
        "credit_exposure",
        "aging_1_30",
        "credit_score",
        "bad_debt_provision",
        "credit_hold_reason",
    ]
    for user in (portal, credit["plain"]):
        for name in figures:
            assert user.refused("res.partner", "read", [customer], [name]).faultCode == 4
        user.refused("res.partner", "search", [("credit_grade", "=", "E")])
    portal.refused("sale.order", "read", [order], ["credit_partner_grade"])
    portal.refused("sale.order", "read", [order], ["credit_partner_available"])
    rep("res.partner", "read", [customer], figures)
    rep("sale.order", "read", [order], ["credit_partner_grade", "credit_partner_available"])
    credit["accountant"]("res.partner", "read", [customer], figures)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "domain",
    [
        [("credit_grade", "=", 1e18)],
        [("credit_grade", "in", [1, 2])],
        [("credit_grade", "=", "Z")],
        [("credit_grade", "like", "A")],
        [("credit_over_limit", "=", "abc")],
        [("credit_exposure", ">", "abc")],
        [("credit_exposure", ">", float("nan"))],
        [("max_overdue_days", ">", "abc")],
        [("max_overdue_days", "like", 5)],
        [("credit_available", "in", "abc")],
        [("credit_score", ">=", [1, 2])],
    ],
)
def test_bad_searches_are_user_errors(odoo, credit, domain):
    fault = credit["salesman"].refused("res.partner", "search", domain)
    assert fault.faultCode == 2


def test_bad_values_and_calls_are_refused_cleanly(odoo, credit):
    rep, manager, admin = credit["salesman"], credit["manager"], odoo.admin
    customer, contact = _customer(odoo, credit)
    for value in (-1, float("nan"), float("inf"), "abc"):
        assert (
            manager.refused("res.partner", "write", [customer], {"credit_limit": value}).faultCode
            == 2
        )
    assert _read(odoo, "res.partner", [customer], ["credit_limit"])[0]["credit_limit"] == LIMIT
    company = admin("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    settings = ["credit_overdue_hold_days", "credit_provision_1_30"]
    before = admin("res.company", "read", [company], settings)
    for values in (
        {"credit_overdue_hold_days": 0},
        {"credit_overdue_hold_days": -3},
        {"credit_overdue_hold_days": 10**6},
        {"credit_provision_1_30": -1},
        {"credit_provision_1_30": 101},
        {"credit_provision_1_30": float("nan")},
        {"credit_provision_1_30": float("inf")},
    ):
        assert admin.refused("res.company", "write", [company], values).faultCode == 2
    assert admin("res.company", "read", [company], settings) == before
    for args in (["abc"], [[("nope", "=", 1)]], [[("credit_grade", "in", "A", 3)]], [{"a": 1}]):
        assert manager.refused("credit.risk.report", "export_xlsx", *args).faultCode == 2
    order = _quotation(rep, credit, contact, 100, user_id=rep.uid)
    assert manager.refused("sale.order", "action_approve_credit", [order]).faultCode == 2
    assert manager.refused("sale.order", "action_refuse_credit", [order]).faultCode == 2
    rep("sale.order", "action_confirm", [order])
    assert rep.refused("sale.order", "action_request_credit_approval", [order]).faultCode == 2
    assert rep.refused("sale.order", "_check_credit_limit", [order]).faultCode in (2, 4)
    assert manager.refused("sale.order", "action_approve_credit", [2**31 - 1]).faultCode in (2, 4)


# ---------------------------------------------------------------- stored figures
def test_stored_figures_are_the_servers_and_follow_the_credit_policy(odoo, credit):
    """The stored rows (crm.credit.figure) are refused to every writer over XML-RPC, the
    administrator included; a credit manager changing the score weights changes at once the
    score the Credit Risk report and the fields read from the stored rows."""
    admin, rep, manager = odoo.admin, credit["salesman"], credit["manager"]
    customer, contact = _customer(odoo, credit)
    order = _quotation(rep, credit, contact, 500, user_id=rep.uid)
    rep("sale.order", "action_confirm", [order])  # exposure 500 of 1,000: utilization 0.5
    admin("ir.cron", "method_direct_trigger", [odoo.ref(CREDIT_FIGURE_CRON)])

    [row] = rep("crm.credit.figure", "search_read", [("partner_id", "=", customer)], [])
    assert (row["credit_exposure"], row["credit_utilization"]) == (500.0, 50.0)
    for user in (rep, manager, admin):
        assert user.refused("crm.credit.figure", "write", [row["id"]], {"credit_grade": "A"})
        assert user.refused("crm.credit.figure", "unlink", [row["id"]])
        assert user.refused(
            "crm.credit.figure",
            "create",
            {"partner_id": contact, "company_id": row["company_id"][0]},
        )
        assert user.refused("crm.credit.figure", "_refresh")
    assert (
        rep("crm.credit.figure", "read", [row["id"]], ["credit_grade"])[0]["credit_grade"]
        == (row["credit_grade"])
    )

    def score():
        line = rep(
            "credit.risk.report", "search_read", [("partner_id", "=", customer)], ["credit_score"]
        )
        field = rep("res.partner", "read", [customer], ["credit_score"])[0]["credit_score"]
        return line[0]["credit_score"], field

    company = row["company_id"][0]
    weight = admin("res.company", "read", [company], ["credit_score_weight_utilization"])[0][
        "credit_score_weight_utilization"
    ]
    before = score()
    try:
        manager("res.company", "write", [company], {"credit_score_weight_utilization": 90})
        after = score()
    finally:
        admin("res.company", "write", [company], {"credit_score_weight_utilization": weight})
    # 100 - weight × 0.5 (PostgreSQL rounds halves up), the other parts 0: the new weight
    # counts at once, read from the stored row or not
    assert before == (math.floor(100 - weight * 0.5 + 0.5),) * 2
    assert after == (55, 55)
