"""crm_manufacturing over XML-RPC, as the least-privileged users: rules on the saved result,
bad input answered with a UserError (fault 2) or an access error (fault 4), never a traceback.
"""

import math
import uuid

import pytest

SALESMAN = ["sales_team.group_sale_salesman"]


@pytest.fixture(scope="module")
def core(odoo):
    """Two reps with an opportunity each, committee members, an evaluation question."""
    admin = odoo.admin
    tag = uuid.uuid4().hex[:6]
    rep = odoo.user(SALESMAN, email=f"rep.{tag}@example.com")
    rep2 = odoo.user(SALESMAN, email=f"rep2.{tag}@example.com")
    accountant = odoo.user(["account.group_account_invoice"])
    portal = odoo.portal_user()
    customer = admin("res.partner", "create", {"name": f"Anshan Steel {tag}", "is_company": True})
    boss = admin("res.partner", "create", {"name": f"Boss Zhao {tag}", "parent_id": customer})
    engineer = admin(
        "res.partner", "create", {"name": f"Engineer Sun {tag}", "parent_id": customer}
    )
    stage = admin("crm.stage", "search", [], limit=1)[0]
    mine = admin(
        "crm.lead",
        "create",
        {
            "name": f"Mine {tag}",
            "type": "opportunity",
            "user_id": rep.uid,
            "partner_id": customer,
            "stage_id": stage,
        },
    )
    theirs = admin(
        "crm.lead",
        "create",
        {"name": f"Theirs {tag}", "type": "opportunity", "user_id": rep2.uid, "stage_id": stage},
    )
    member = admin(
        "crm.decision.member",
        "create",
        {"lead_id": mine, "partner_id": boss, "role": "decider", "influence": 5},
    )
    question = admin(
        "crm.evaluation.question",
        "create",
        {
            "name": f"Funding {tag}",
            "weight": 1,
            "option_ids": [(0, 0, {"name": "Yes", "score": 100}), (0, 0, {"name": "No"})],
        },
    )
    other_question = admin(
        "crm.evaluation.question",
        "create",
        {"name": f"Urgency {tag}", "weight": 1, "option_ids": [(0, 0, {"name": "Now"})]},
    )
    options = admin(
        "crm.evaluation.option", "search", [("question_id", "=", question)], order="score desc"
    )
    answer = admin(
        "crm.evaluation.answer",
        "create",
        {"lead_id": mine, "question_id": question, "option_id": options[0]},
    )
    return {
        "rep": rep,
        "rep2": rep2,
        "accountant": accountant,
        "portal": portal,
        "customer": customer,
        "boss": boss,
        "engineer": engineer,
        "stage": stage,
        "mine": mine,
        "theirs": theirs,
        "member": member,
        "question": question,
        "other_question": other_question,
        "options": options,
        "answer": answer,
        "tag": tag,
    }


def _read(odoo, model, record_id, fields):
    return odoo.admin(model, "read", [record_id], fields)[0]


# ---------------------------------------------------------------- item 17
def test_member_cannot_move_onto_another_reps_opportunity(odoo, core):
    before = _read(odoo, "crm.decision.member", core["member"], ["lead_id"])
    fault = core["rep"].refused(
        "crm.decision.member", "write", [core["member"]], {"lead_id": core["theirs"]}
    )
    assert fault.faultCode == 4
    assert _read(odoo, "crm.decision.member", core["member"], ["lead_id"]) == before
    # nor through the other opportunity's committee (the rep cannot write it at all)
    core["rep"].refused(
        "crm.lead", "write", [core["theirs"]], {"decision_member_ids": [(4, core["member"])]}
    )
    assert _read(odoo, "crm.decision.member", core["member"], ["lead_id"]) == before


def test_answer_and_plan_cannot_move_onto_another_reps_opportunity(odoo, core):
    fault = core["rep"].refused(
        "crm.evaluation.answer", "write", [core["answer"]], {"lead_id": core["theirs"]}
    )
    assert fault.faultCode == 4
    assert (
        _read(odoo, "crm.evaluation.answer", core["answer"], ["lead_id"])["lead_id"][0]
        == (core["mine"])
    )
    plan = core["rep"](
        "crm.lead.stage.plan",
        "create",
        {"lead_id": core["mine"], "stage_id": core["stage"], "planned_date": "2026-01-01"},
    )
    core["rep"].refused("crm.lead.stage.plan", "write", [plan], {"lead_id": core["theirs"]})
    assert _read(odoo, "crm.lead.stage.plan", plan, ["lead_id"])["lead_id"][0] == core["mine"]


def test_option_with_answers_cannot_move_to_another_question(odoo, core):
    option = core["options"][0]
    fault = odoo.admin.refused(
        "crm.evaluation.option", "write", [option], {"question_id": core["other_question"]}
    )
    assert fault.faultCode == 2
    assert (
        _read(odoo, "crm.evaluation.option", option, ["question_id"])["question_id"][0]
        == (core["question"])
    )


def test_salesperson_cannot_write_questions_or_history(odoo, core):
    core["rep"].refused("crm.evaluation.question", "write", [core["question"]], {"weight": 50})
    core["rep"].refused(
        "crm.lead.stage.history", "create", {"lead_id": core["mine"], "stage_id": core["stage"]}
    )
    assert _read(odoo, "crm.evaluation.question", core["question"], ["weight"])["weight"] == 1


def test_portal_user_reads_nothing_of_the_decision_tree(odoo, core):
    for model in ("crm.decision.member", "crm.evaluation.answer", "crm.lead.stage.history"):
        core["portal"].refused(model, "search_read", [], fields=["id"])
    core["portal"].refused("crm.lead.stage.history", "get_funnel", "2026-01-01", "2026-12-31")


# ------------------------------------------------------------ items 18/19
BAD_FUNNEL_ARGS = [
    ("2026-13-45", "2026-12-31"),
    ("2026-12-31", "2026-01-01"),
    ("1000-01-01", "2026-12-31"),
    ("2026-01-01", "9999-12-31"),
    (None, "2026-12-31"),
    (42, "2026-12-31"),
    ([], {}),
    ("2026-01-01", "2026-12-31", "not a domain"),
    ("2026-01-01", "2026-12-31", [["nope", "=", 1]]),
    ("2026-01-01", "2026-12-31", [["probability", ">", "abc"]]),
    ("2026-01-01", "2026-12-31", [["date_deadline", "=", [1, 2]]]),
    ("2026-01-01", "2026-12-31", [["team_id", "~~", 1]]),
    ("2026-01-01", "2026-12-31", [1, 2, 3]),
    ("2026-01-01", "2026-12-31", {"a": 1}),
]


@pytest.mark.parametrize("args", BAD_FUNNEL_ARGS)
def test_get_funnel_refuses_bad_arguments(core, args):
    fault = core["rep"].refused("crm.lead.stage.history", "get_funnel", *args)
    assert fault.faultCode == 2


def test_get_funnel_answers_good_arguments(core):
    rows = core["rep"](
        "crm.lead.stage.history",
        "get_funnel",
        "2026-01-01",
        "2026-12-31",
        domain=[["user_id", "=", core["rep"].uid]],
    )
    assert rows and {"opening", "inflow", "success_rate"} <= set(rows[0])


NUMBER = [{"label": "Amount", "type": "float"}]
BAD_XLSX = [
    ("T", None, [["a"]]),
    ("T", [], [["a"]]),
    ("T", "Name", [["a"]]),
    ("T", ["Name"], [["a"]]),
    ("T", [{"type": "char"}], [["a"]]),
    ("T", [{"label": "X", "type": "money"}], [["a"]]),
    ("T", [{"label": "X", "width": math.nan}], [["a"]]),
    ("T", [{"label": "X", "width": "wide"}], [["a"]]),
    ("T", [{"label": "X", "type": "monetary", "currency_id": "EUR"}], [[1]]),
    ("T", [{"label": "X", "type": "monetary", "currency_id": 99999999}], [[1]]),
    ("T", NUMBER, [[math.nan]]),
    ("T", NUMBER, [[math.inf]]),
    ("T", NUMBER, [["abc"]]),
    ("T", NUMBER, [[[1, 2]]]),
    ("T", [{"label": "D", "type": "date"}], [["2026-13-45"]]),
    ("T", [{"label": "D", "type": "date"}], [["9999-12-31"]]),
    ("T", [{"label": "D", "type": "datetime"}], [["yesterday"]]),
    ("T", [{"label": "C", "type": "char"}], "rows"),
    ("T", [{"label": "C", "type": "char"}], [42]),
    ("T", [{"label": "C", "type": "char"}], [[{"nested": 1}]]),
    (["T"], [{"label": "C", "type": "char"}], [["a"]]),
]


@pytest.mark.parametrize("args", BAD_XLSX)
def test_xlsx_export_refuses_bad_columns_and_values(core, args):
    for method in ("export", "build_xlsx", "action_download"):
        fault = core["rep"].refused("crm.manufacturing.xlsx", method, *args)
        assert fault.faultCode == 2, method


def test_xlsx_export_of_good_rows(core):
    result = core["rep"](
        "crm.manufacturing.xlsx",
        "export",
        "Fine",
        [*NUMBER, {"label": "D", "type": "date"}],
        [[1.5, "2026-01-01"], [None, None], [2, False]],
    )
    assert result["filename"] == "Fine.xlsx" and result["data"]


@pytest.mark.parametrize(
    "domain",
    [
        [["evaluation_grade", "=", [1, 2]]],
        [["evaluation_grade", "=", "Z"]],
        [["evaluation_grade", "in", ["A", 3]]],
        [["evaluation_grade", "like", "A"]],
        [["decision_warning", ">", "x"]],
        [["decision_warning", "ilike", 5]],
        [["decision_coverage", ">", "abc"]],
    ],
)
def test_lead_searches_refuse_bad_values(core, domain):
    fault = core["rep"].refused("crm.lead", "search", domain)
    assert fault.faultCode == 2


MEMBER_FIELDS = ["role", "attitude", "influence", "last_contact_date"]


@pytest.mark.parametrize(
    "vals",
    [
        {"influence": 9},
        {"role": "boss"},
        {"attitude": ""},
        {"attitude": "hostile"},
        {"last_contact_date": "1000-01-01"},
        {"last_contact_date": "9999-12-31"},
    ],
)
def test_member_nonsense_is_refused(odoo, core, vals):
    before = _read(odoo, "crm.decision.member", core["member"], MEMBER_FIELDS)
    fault = core["rep"].refused("crm.decision.member", "write", [core["member"]], vals)
    assert fault.faultCode == 2
    assert _read(odoo, "crm.decision.member", core["member"], MEMBER_FIELDS) == before


def test_manager_nonsense_numbers_are_refused(odoo, core):
    manager = odoo.user(["sales_team.group_sale_manager"])
    for vals in ({"weight": math.nan}, {"weight": math.inf}, {"weight": -1}, {"weight": 0}):
        assert (
            manager.refused("crm.evaluation.question", "write", [core["question"]], vals).faultCode
            == 2
        )
    assert _read(odoo, "crm.evaluation.question", core["question"], ["weight"])["weight"] == 1
    for vals in (
        {"probability": math.nan},
        {"probability": -math.inf},
        {"expected_days": -1},
        {"expected_days": 10**6},
        {"min_evaluation_score": 101},
    ):
        assert manager.refused("crm.stage", "write", [core["stage"]], vals).faultCode == 2
    plan_vals = {"lead_id": core["mine"], "stage_id": core["stage"]}
    for date in ("1000-01-01", "9999-12-31"):
        core["rep"].refused("crm.lead.stage.plan", "create", dict(plan_vals, planned_date=date))


# ---------------------------------------------------------------- item 20
def test_decision_warning_searchable_with_ilike(odoo, core):
    admin = odoo.admin
    admin(
        "crm.decision.member",
        "create",
        {
            "lead_id": core["mine"],
            "partner_id": core["engineer"],
            "role": "influencer",
            "influence": 5,
            "attitude": "opponent",
        },
    )
    name = f"Engineer Sun {core['tag']}"
    found = core["rep"]("crm.lead", "search", [["decision_warning", "ilike", name.lower()]])
    assert found == [core["mine"]]
    found = core["rep"](
        "crm.lead",
        "search",
        [["id", "in", [core["mine"]]], ["decision_warning", "not ilike", name]],
    )
    assert found == []
    [lead] = core["rep"]("crm.lead", "read", [core["mine"]], ["decision_warning"])
    assert name in lead["decision_warning"]
    assert core["rep"](
        "crm.lead", "search", [["decision_warning", "=", lead["decision_warning"]]]
    ) == [core["mine"]]


# ----------------------------------------------------- public methods sweep
@pytest.mark.parametrize(
    ("model", "method", "args"),
    [
        ("crm.lead", "action_view_decision_org_chart", [[]]),
        ("crm.lead", "action_view_stage_history", [[]]),
        ("crm.lead", "action_plan_stages", [[999999999]]),
        ("res.partner", "action_view_org_chart", [[999999999]]),
        ("res.partner", "action_view_decision_leads", [[]]),
        ("crm.funnel.wizard", "create", [{"date_from": "2026-12-31", "date_to": "2026-01-01"}]),
        ("crm.funnel.wizard", "create", [{"date_from": "1000-01-01", "date_to": "2026-01-01"}]),
        (
            "crm.forecast.export.wizard",
            "create",
            [{"date_from": "2026-12-31", "date_to": "2026-01-01"}],
        ),
        ("crm.funnel.wizard", "action_compute", [[999999999]]),
        ("crm.forecast.export.wizard", "action_export_xlsx", [[999999999]]),
    ],
)
def test_public_methods_refuse_bad_input(core, model, method, args):
    core["rep"].refused(model, method, *args)


def test_forecast_export_with_bad_period_is_refused(core):
    wizard = core["rep"](
        "crm.forecast.export.wizard", "create", {"date_from": "2026-01-01", "date_to": "2026-06-30"}
    )
    for date_from in ("2027-01-01", "1000-01-01"):
        fault = core["rep"].refused(
            "crm.forecast.export.wizard", "write", [wizard], {"date_from": date_from}
        )
        assert fault.faultCode == 2
    assert core["rep"]("crm.forecast.export.wizard", "action_export_xlsx", [wizard])["url"]
