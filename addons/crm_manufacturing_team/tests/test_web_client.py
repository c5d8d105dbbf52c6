from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHandoverWebClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "tm_tour_manager",
            password="tm_tour_manager",
            groups="sales_team.group_sale_manager",
            name="Tour Manager",
        )
        cls.leaver = new_test_user(
            cls.env, "tm_tour_leaver", groups="sales_team.group_sale_salesman", name="Tour Leaver"
        )
        cls.successor = new_test_user(
            cls.env, "tm_tour_next", groups="sales_team.group_sale_salesman", name="Tour Successor"
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Customer Works", "is_company": True, "user_id": cls.leaver.id}
        )
        decider = cls.env["res.partner"].create(
            {"name": "Tour Decider", "parent_id": customer.id, "user_id": False}
        )
        decider.user_id = False
        cls.leads = cls.env["crm.lead"].create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "user_id": cls.leaver.id,
                    "partner_id": customer.id,
                    "expected_revenue": 50000,
                }
                for name in ("Tour Deal One", "Tour Deal Two")
            ]
        )
        cls.env["crm.decision.member"].create(
            {"lead_id": cls.leads[0].id, "partner_id": decider.id, "role": "decider"}
        )

    def test_handover_form_counts_briefs_and_confirms(self):
        self.start_tour(
            "/odoo/action-crm_manufacturing_team.crm_handover_action",
            "crm_manufacturing_team_handover_tour",
            login="tm_tour_manager",
        )
        self.assertEqual(self.leads.user_id, self.successor)
        handover = self.env["crm.handover"].search([("from_user_id", "=", self.leaver.id)])
        self.assertEqual(handover.state, "done")
