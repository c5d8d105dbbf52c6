"""After-sales service over XML-RPC (issue 11, items 11-15 and the service part of 18-19).

Each case is tried as the least-privileged user that could attempt it: a technician (service
user of ONE point), a stock user, a salesperson, a portal user; the refusal is asserted, and
so is that nothing changed (read back as admin). The bad-input sweep asserts fault code 2 or 4
(a UserError or an AccessError), never 1 (a traceback).
"""

import datetime

import pytest

SERVICE_USER = "crm_manufacturing_service.group_service_user"
SERVICE_MANAGER = "crm_manufacturing_service.group_service_manager"
MODULE = "crm_manufacturing_service"
NAN = float("nan")
INF = float("inf")


def _day(days=0, months=0):
    return (datetime.date.today() + datetime.timedelta(days=days + 30 * months)).isoformat()


class Service:
    """Records of the scenario, made by admin on top of the demo data."""

    def __init__(self, odoo):
        self.odoo = odoo
        admin = self.admin = odoo.admin
        ref = odoo.ref
        self.ningbo = ref(f"{MODULE}.demo_point_ningbo")  # Zhejiang: auto parts customer
        self.shenzhen = ref(f"{MODULE}.demo_point_shenzhen")  # Guangdong: electronics
        self.customer = ref("crm_manufacturing.demo_customer_auto_parts")
        self.customer_gd = ref("crm_manufacturing.demo_customer_electronics")
        self.cnc = ref(f"{MODULE}.demo_product_cnc")  # 12 months of warranty
        self.imm = ref(f"{MODULE}.demo_product_imm")  # 24 months
        self.bearing = ref(f"{MODULE}.demo_part_bearing")
        self.tech = odoo.user([SERVICE_USER])
        self.manager = odoo.user([SERVICE_MANAGER])
        admin("service.point", "write", [self.ningbo], {"technician_ids": [(4, self.tech.uid)]})
        # out of warranty by about a month; would be covered as an IMM (24 months)
        self.expired = admin(
            "service.equipment",
            "create",
            {"product_id": self.cnc, "partner_id": self.customer, "install_date": _day(months=-13)},
        )
        self.covered = admin(
            "service.equipment",
            "create",
            {"product_id": self.cnc, "partner_id": self.customer, "install_date": _day(months=-2)},
        )

    def request(self, user=None, **vals):
        client = user or self.tech
        return client(
            "service.request",
            "create",
            {"partner_id": self.customer, "equipment_id": self.expired, **vals},
        )

    def read(self, model, ids, fields):
        ids = ids if isinstance(ids, list) else [ids]
        return self.admin(model, "read", ids, fields)[0 if len(ids) == 1 else slice(None)]

    def count(self, model, domain=None):
        return self.admin(model, "search_count", domain or [], context={"active_test": False})


@pytest.fixture(scope="module")
def svc(odoo):
    return Service(odoo)


REQUEST_FIELDS = ["state", "in_warranty", "billable", "equipment_id", "date_request", "picking_id"]


# -- item 11: free of charge is decided on the saved result ---------------------------------
def test_technician_cannot_make_an_out_of_warranty_request_free(svc):
    request = svc.request()
    before = svc.read("service.request", request, REQUEST_FIELDS)
    assert before["billable"] and not before["in_warranty"]
    tech = svc.tech
    tech.refused("service.request", "write", [request], {"in_warranty": True})
    tech.refused("service.request", "write", [request], {"in_warranty": True, "billable": False})
    tech.refused("service.request", "write", [request], {"billable": False})
    tech.refused(
        "service.request", "write", [request], {"date_request": _day(months=-3) + " 09:00:00"}
    )
    tech.refused("service.request", "write", [request], {"equipment_id": svc.covered})
    assert svc.read("service.request", request, REQUEST_FIELDS) == before
    count = svc.count("service.request")
    svc.tech.refused(
        "service.request",
        "create",
        {
            "partner_id": svc.customer,
            "equipment_id": svc.expired,
            "date_request": _day(months=-3) + " 09:00:00",
            "billable": False,
        },
    )
    svc.tech.refused(
        "service.request",
        "create",
        {"partner_id": svc.customer, "equipment_id": svc.expired, "in_warranty": True},
    )
    assert svc.count("service.request") == count


def test_a_service_manager_may_make_it_free(svc):
    request = svc.request()
    svc.manager("service.request", "write", [request], {"billable": False})
    # the manager's decision stands when the technician carries on
    svc.tech("service.request", "write", [request], {"labour_hours": 2.5})
    assert svc.read("service.request", request, ["billable"])["billable"] is False


# -- item 12: state and parts transfer only through the actions ----------------------------
def test_state_and_transfer_move_only_through_the_actions(svc):
    request = svc.request(
        technician_id=svc.tech.uid,
        part_line_ids=[(0, 0, {"product_id": svc.bearing, "quantity": 1})],
    )
    tech = svc.tech
    tech.refused("service.request", "write", [request], {"state": "done"})
    tech.refused(
        "service.request",
        "write",
        [request],
        {"state": "done"},
        context={"service_request_action": True},
    )
    assert svc.read("service.request", request, ["state"])["state"] == "new"
    count = svc.count("service.request")
    tech.refused("service.request", "create", {"partner_id": svc.customer, "state": "done"})
    assert svc.count("service.request") == count
    forged = tech(
        "service.request",
        "create",
        {"partner_id": svc.customer, "equipment_id": svc.expired},
        context={"default_state": "closed", "default_picking_id": 1},
    )
    assert svc.read("service.request", forged, ["state", "picking_id"]) == {
        "id": forged,
        "state": "new",
        "picking_id": False,
    }
    for action in ("action_assign", "action_start", "action_done"):
        tech("service.request", action, [request])
    done = svc.read("service.request", request, REQUEST_FIELDS)
    assert done["state"] == "done" and done["picking_id"]
    tech.refused("service.request", "write", [request], {"state": "in_progress"})
    tech.refused("service.request", "action_start", [request])
    svc.manager.refused("service.request", "write", [request], {"picking_id": False})
    svc.manager.refused("service.request", "write", [request], {"state": "new"})
    svc.manager.refused("service.request", "unlink", [request])
    assert svc.read("service.request", request, REQUEST_FIELDS) == done


# -- item 13: warranty of equipment, prices and hours ---------------------------------------
def test_technician_cannot_extend_a_warranty(svc):
    fields = ["product_id", "warranty_end_date", "install_date", "warranty_extension_months"]
    before = svc.read("service.equipment", svc.expired, fields)
    tech = svc.tech
    tech.refused("service.equipment", "write", [svc.expired], {"product_id": svc.imm})
    tech.refused("service.equipment", "write", [svc.expired], {"warranty_end_date": "2099-12-31"})
    tech.refused("service.equipment", "write", [svc.expired], {"warranty_extension_months": 120})
    tech.refused("service.equipment", "write", [svc.expired], {"install_date": _day()})
    assert svc.read("service.equipment", svc.expired, fields) == before
    count = svc.count("service.equipment")
    for vals in (
        {"warranty_end_date": "2099-12-31"},
        {"warranty_extension_months": 24},
        {"install_date": "2099-01-01"},
    ):
        tech.refused(
            "service.equipment",
            "create",
            {"product_id": svc.cnc, "partner_id": svc.customer, **vals},
        )
    assert svc.count("service.equipment") == count


def test_prices_hours_and_quantities_are_finite_and_not_negative(svc):
    request = svc.request(part_line_ids=[(0, 0, {"product_id": svc.bearing, "quantity": 1})])
    part = svc.read("service.request", request, ["part_line_ids"])["part_line_ids"][0]
    part_fields = ["price_unit", "quantity", "billable"]
    before = svc.read("service.request.part", part, part_fields)
    assert before["price_unit"] > 0
    tech = svc.tech
    for value in (-1000.0, 0.0, NAN, INF):
        tech.refused("service.request.part", "write", [part], {"price_unit": value})
    for value in (-1.0, 0.0, NAN):
        tech.refused("service.request.part", "write", [part], {"quantity": value})
    for value in (-5.0, NAN, INF):
        tech.refused("service.request", "write", [request], {"labour_hours": value})
    tech.refused(
        "service.request",
        "write",
        [request],
        {"part_line_ids": [(0, 0, {"product_id": svc.bearing, "price_unit": -1000.0})]},
    )
    assert svc.read("service.request.part", part, part_fields) == before
    assert svc.read("service.request", request, ["labour_hours", "part_line_ids"]) == {
        "id": request,
        "labour_hours": 0.0,
        "part_line_ids": [part],
    }


def test_a_nan_response_time_is_refused(svc):
    company = svc.admin("res.users", "read", [svc.admin.uid], ["company_id"])[0]["company_id"][0]
    before = svc.read("res.company", company, ["service_response_hours_0"])
    for value in (NAN, -4.0, 1e12):
        svc.admin.refused("res.company", "write", [company], {"service_response_hours_0": value})
    assert svc.read("res.company", company, ["service_response_hours_0"]) == before
    request = svc.request()
    assert svc.read("service.request", request, ["date_deadline"])["date_deadline"]


# -- item 14: history is archived, never deleted --------------------------------------------
def test_points_and_equipment_with_history_are_archived_not_deleted(svc):
    svc.request()
    manager = svc.manager
    manager.refused("service.equipment", "unlink", [svc.expired])
    manager.refused("service.point", "unlink", [svc.ningbo])
    manager.refused("service.point", "unlink", [svc.shenzhen])  # stock only
    svc.tech.refused("service.point", "unlink", [svc.ningbo])
    assert svc.count("service.point", [("id", "in", [svc.ningbo, svc.shenzhen])]) == 2
    assert svc.count("service.equipment", [("id", "=", svc.expired)]) == 1
    assert svc.count("service.request", [("equipment_id", "=", svc.expired)]) > 0


# -- item 15: technicians work in their own point's area ------------------------------------
def test_technician_cannot_open_requests_of_another_point(svc):
    count = svc.count("service.request")
    tech = svc.tech
    tech.refused("service.request", "create", {"partner_id": svc.customer_gd})
    tech.refused(
        "service.request",
        "create",
        {
            "partner_id": svc.customer_gd,
            "service_point_id": svc.shenzhen,
            "technician_id": tech.uid,
        },
    )
    assert svc.count("service.request") == count
    own = svc.request()
    tech.refused("service.request", "write", [own], {"service_point_id": svc.shenzhen})
    assert svc.read("service.request", own, ["service_point_id"])["service_point_id"][0] == (
        svc.ningbo
    )
    # nor moves parts onto the other point's request
    foreign = svc.odoo.ref(f"{MODULE}.demo_request_new")  # Shenzhen
    with_part = svc.request(part_line_ids=[(0, 0, {"product_id": svc.bearing, "quantity": 1})])
    part = svc.read("service.request", with_part, ["part_line_ids"])["part_line_ids"]
    tech.refused("service.request.part", "write", part, {"request_id": foreign})
    assert svc.read("service.request.part", part, ["request_id"])["request_id"][0] == with_part
    # and never sees the other point's requests
    assert tech("service.request", "search_count", [("service_point_id", "=", svc.shenzhen)]) == 0
    assert svc.count("service.request", [("service_point_id", "=", svc.shenzhen)]) > 0


# -- other users ----------------------------------------------------------------------------
def test_stock_users_salespeople_and_portal_are_refused(svc):
    request = svc.request()
    before = svc.read("service.request", request, REQUEST_FIELDS)
    stock = svc.odoo.user(["stock.group_stock_user"])
    sales = svc.odoo.user(["sales_team.group_sale_salesman"])
    portal = svc.odoo.portal_user()
    for user in (stock, sales, portal):
        user.refused("service.request", "create", {"partner_id": svc.customer})
        user.refused("service.request", "write", [request], {"billable": False})
        user.refused("service.request", "action_done", [request])
        user.refused("service.request", "unlink", [request])
        user.refused(
            "service.equipment", "write", [svc.expired], {"warranty_end_date": "2099-12-31"}
        )
        user.refused("service.point", "unlink", [svc.ningbo])
    stock.refused("service.request", "read", [request], ["name"])
    portal.refused("service.equipment", "search_read", [], fields=["name"])
    portal.refused("service.parts.report", "get_report_rows", [])
    sales.refused("service.parts.report", "get_report_rows", [])
    assert svc.read("service.request", request, REQUEST_FIELDS) == before


# -- bad input: UserError (2) or AccessError (4), never a traceback (1) ---------------------
@pytest.mark.parametrize(
    "domain",
    ["abc", 42, [("no_such_field", "=", 1)], [("product_id", "ilike")], [["a", "b", "c", "d"]]],
)
def test_parts_report_bad_domains(svc, domain):
    fault = svc.manager.refused("service.parts.report", "get_report_rows", domain)
    assert fault.faultCode == 2
    fault = svc.manager.refused("service.parts.report", "export_xlsx", domain)
    assert fault.faultCode == 2


@pytest.mark.parametrize(
    "value", ["9999-12-31 00:00:00", "2026-13-45 10:00:00", "abc", "1000-01-01 00:00:00", 42]
)
def test_request_bad_dates(svc, value):
    count = svc.count("service.request")
    fault = svc.manager.refused(
        "service.request",
        "create",
        {"partner_id": svc.customer, "equipment_id": svc.expired, "date_request": value},
    )
    assert fault.faultCode == 2
    assert svc.count("service.request") == count


@pytest.mark.parametrize(
    "vals",
    [
        {"install_date": "9999-12-31"},
        {"delivery_date": "0001-01-01"},
        {"maintenance_interval_months": 10**9},
        {"warranty_extension_months": -3},
    ],
)
def test_equipment_bad_values(svc, vals):
    fault = svc.manager.refused("service.equipment", "write", [svc.covered], vals)
    assert fault.faultCode == 2


@pytest.mark.parametrize("value", [10, ["in_warranty", 3], {"a": 1}])
def test_equipment_bad_warranty_state_search(svc, value):
    fault = svc.tech.refused("service.equipment", "search", [("warranty_state", "=", value)])
    assert fault.faultCode == 2


@pytest.mark.parametrize("method", ["action_start", "action_done", "action_close", "action_assign"])
def test_actions_in_the_wrong_state(svc, method):
    request = svc.request()
    fault = svc.tech.refused("service.request", method, [request])
    assert fault.faultCode == 2


def test_unknown_ids_are_refused(svc):
    missing = 10**8
    for method in ("action_start", "action_create_quotation"):
        fault = svc.manager.refused("service.request", method, [missing])
        assert fault.faultCode in (2, 4)
