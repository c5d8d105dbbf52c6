"""The integration suite's own checks: the server answers and users get exactly their rights."""


def test_admin_reads_the_installed_modules(odoo):
    names = {
        module["name"]
        for module in odoo.admin(
            "ir.module.module",
            "search_read",
            [("name", "like", "crm_manufacturing"), ("state", "=", "installed")],
            fields=["name"],
        )
    }
    assert "crm_manufacturing" in names


def test_portal_user_cannot_read_opportunities(odoo):
    portal = odoo.portal_user()
    fault = portal.refused("crm.lead", "search_read", [], fields=["name"])
    assert fault.faultCode == 4


def test_a_bad_date_is_a_user_error_not_a_traceback(odoo):
    manager = odoo.user(["sales_team.group_sale_manager"])
    fault = manager.refused("crm.lead.stage.history", "get_funnel", "2026-13-45", "2026-12-31")
    assert fault.faultCode == 2
