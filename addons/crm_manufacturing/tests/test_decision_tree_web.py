from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDecisionTreeWeb(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer Ltd", "is_company": True}
        )
        cls.decider = cls.env["res.partner"].create(
            {"name": "Tour Decider", "parent_id": cls.customer.id}
        )
        cls.opponent = cls.env["res.partner"].create(
            {"name": "Tour Opponent", "parent_id": cls.customer.id, "reports_to_id": cls.decider.id}
        )
        # two levels below the opponent: the org chart focused on the opponent loads the
        # engineer, and the operator only when the engineer's card is unfolded
        cls.engineer = cls.env["res.partner"].create(
            {
                "name": "Tour Engineer",
                "parent_id": cls.customer.id,
                "reports_to_id": cls.opponent.id,
            }
        )
        cls.operator = cls.env["res.partner"].create(
            {
                "name": "Tour Operator",
                "parent_id": cls.customer.id,
                "reports_to_id": cls.engineer.id,
            }
        )

    def test_decision_tree_tab_and_org_chart(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour line",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "decision_member_ids": [
                    Command.create({"partner_id": self.decider.id, "role": "decider"}),
                    Command.create(
                        {
                            "partner_id": self.opponent.id,
                            "role": "influencer",
                            "attitude": "opponent",
                            "influence": 5,
                        }
                    ),
                    Command.create(
                        {"partner_id": self.operator.id, "role": "buyer", "influence": 2}
                    ),
                ],
            }
        )
        self.start_tour(
            f"/odoo/action-crm.crm_lead_action_pipeline/{lead.id}",
            "crm_manufacturing_decision_tree_tour",
            login="admin",
        )

    def test_xmlrpc_create_with_members_and_read_back(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "admin", "admin", {})
        lead_id = self.xmlrpc_object.execute_kw(
            db,
            uid,
            "admin",
            "crm.lead",
            "create",
            [
                {
                    "name": "RPC line",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "decision_member_ids": [
                        [0, 0, {"partner_id": self.decider.id, "role": "decider", "influence": 5}],
                        [
                            0,
                            0,
                            {
                                "partner_id": self.opponent.id,
                                "role": "buyer",
                                "attitude": "opponent",
                                "influence": 4,
                            },
                        ],
                    ],
                }
            ],
        )
        [data] = self.xmlrpc_object.execute_kw(
            db,
            uid,
            "admin",
            "crm.lead",
            "read",
            [[lead_id]],
            {"fields": ["decision_coverage", "decision_warning"]},
        )
        self.assertEqual(data["decision_coverage"], 60)
        self.assertEqual(
            data["decision_warning"].split("\n"),
            [
                "No contact with the decider for over 30 days",
                "Opponent with influence 4 or more: Tour Opponent",
            ],
        )
