"""The links between the pillars over XML-RPC, as the least-privileged users: the Cash
Forecast shows a salesperson the rows of their own documents only, refuses portal users and
bad arguments; the committee floor and the warranty start are the server's to compute."""

import uuid

SALESMAN = ["sales_team.group_sale_salesman"]


def test_cash_forecast_rows_follow_the_salesperson(odoo):
    tag = uuid.uuid4().hex[:6]
    rep = odoo.user(SALESMAN, login=f"cash_rep_{tag}")
    other = odoo.user(SALESMAN, login=f"cash_other_{tag}")
    for client, revenue in ((rep, 1000.0), (other, 2000.0)):
        client(
            "crm.lead",
            "create",
            {
                "name": f"Line {tag} {revenue}",
                "type": "opportunity",
                "expected_revenue": revenue,
                "probability": 50.0,
                "date_deadline": "2999-06-30",
            },
        )
    rows = rep("crm.cash.forecast", "search_read", [], fields=["user_id", "amount"])
    assert rows, "the rep sees the forecast of their own opportunity"
    assert {row["user_id"] and row["user_id"][0] for row in rows} <= {rep.uid, False}
    totals = rep("crm.cash.forecast", "get_cash_forecast", "2999-01-01", "2999-12-31", ["user_id"])
    assert [row["user_id"][0] for row in totals] == [rep.uid]


def test_cash_forecast_refuses_portal_users_and_bad_arguments(odoo):
    portal = odoo.portal_user()
    assert portal.refused("crm.cash.forecast", "search_read", [], fields=["amount"]).faultCode == 4
    rep = odoo.user(SALESMAN)
    for args in (
        ["2026-13-45", "2026-12-31"],
        ["2026-12-31", "2026-01-01"],
        ["2026-01-01", "2026-12-31", ["colour"]],
        ["2026-01-01", "2026-12-31", "month", [("no_such_field", "=", 1)]],
    ):
        assert rep.refused("crm.cash.forecast", "get_cash_forecast", *args).faultCode == 2


def test_committee_floor_is_a_share_and_a_managers_setting(odoo):
    company_id = odoo.admin("res.users", "read", [odoo.admin.uid], ["company_id"])[0]["company_id"][
        0
    ]
    rep = odoo.user(SALESMAN)
    rep.refused("res.company", "write", [company_id], {"crm_committee_floor": 0.9})
    for bad in (-0.5, 1.5, "abc"):
        odoo.admin.refused("res.company", "write", [company_id], {"crm_committee_floor": bad})
    floor = odoo.admin("res.company", "read", [company_id], ["crm_committee_floor"])[0]
    assert 0.0 <= floor["crm_committee_floor"] <= 1.0
