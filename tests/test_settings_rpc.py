"""The settings pages of the credit and service managers, over XML-RPC.

A credit manager changes the credit policy of their company and nothing else of it; a
service manager saves the service settings through their form; a salesperson, an accountant
and a technician are refused, and nothing changes.
"""

import pytest

CREDIT_MANAGER = ["crm_manufacturing_credit.group_credit_manager"]
SERVICE_MANAGER = ["crm_manufacturing_service.group_service_manager"]
TECHNICIAN = ["crm_manufacturing_service.group_service_user"]
SALESMAN = ["sales_team.group_sale_salesman"]
ACCOUNTANT = ["account.group_account_invoice"]


@pytest.fixture(scope="module")
def company(odoo):
    return odoo.admin("res.users", "read", [odoo.admin.uid], ["company_id"])[0]["company_id"][0]


def _company(odoo, company_id, fields):
    return odoo.admin("res.company", "read", [company_id], fields)[0]


def test_credit_manager_changes_the_credit_policy_only(odoo, company):
    manager = odoo.user(CREDIT_MANAGER)
    before = _company(odoo, company, ["name", "credit_overdue_hold_days"])
    days = before["credit_overdue_hold_days"] + 7
    manager("res.company", "write", [company], {"credit_overdue_hold_days": days})
    assert _company(odoo, company, ["credit_overdue_hold_days"])["credit_overdue_hold_days"] == days
    manager.refused("res.company", "write", [company], {"name": "Renamed by credit"})
    manager.refused(
        "res.company", "write", [company], {"credit_overdue_hold_days": 1, "name": "Renamed"}
    )
    after = _company(odoo, company, ["name", "credit_overdue_hold_days"])
    assert after == {"id": company, "name": before["name"], "credit_overdue_hold_days": days}
    odoo.admin("res.company", "write", [company], {"credit_overdue_hold_days": days - 7})


@pytest.mark.parametrize("groups", [SALESMAN, ACCOUNTANT], ids=["salesperson", "accountant"])
def test_others_cannot_change_the_credit_policy(odoo, company, groups):
    user = odoo.user(groups)
    fields = ["credit_overdue_hold_days", "credit_score_weight_payment"]
    before = _company(odoo, company, fields)
    user.refused("res.company", "write", [company], {"credit_overdue_hold_days": 99})
    user.refused("res.company", "write", [company], {"credit_score_weight_payment": 0})
    assert _company(odoo, company, fields) == before


def test_service_manager_saves_the_service_settings(odoo, company):
    manager = odoo.user(SERVICE_MANAGER)
    before = _company(odoo, company, ["service_response_hours_3"])["service_response_hours_3"]
    wizard = manager("service.settings", "create", {"service_response_hours_3": before + 1})
    manager("service.settings", "action_save", [wizard])
    hours = _company(odoo, company, ["service_response_hours_3"])["service_response_hours_3"]
    assert hours == before + 1
    # the form is the only way: the company itself stays closed to them
    manager.refused("res.company", "write", [company], {"service_response_hours_3": 1})
    odoo.admin("res.company", "write", [company], {"service_response_hours_3": before})


@pytest.mark.parametrize("groups", [TECHNICIAN, SALESMAN], ids=["technician", "salesperson"])
def test_others_cannot_save_the_service_settings(odoo, company, groups):
    user = odoo.user(groups)
    before = _company(odoo, company, ["service_response_hours_3"])
    user.refused("service.settings", "create", {"service_response_hours_3": 99})
    user.refused("res.company", "write", [company], {"service_response_hours_3": 99})
    assert _company(odoo, company, ["service_response_hours_3"]) == before
