from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWebClient(HttpCase):
    def test_settings_show_the_manufacturing_section(self):
        self.start_tour(
            "/odoo/action-crm.crm_config_settings_action",
            "crm_manufacturing_settings_tour",
            login="admin",
        )
