from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWebClient(HttpCase):
    def test_xmlrpc_lost_to_and_win_rates(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "admin", "admin", {})
        competitor = self.env["crm.competitor"].create({"name": "RPC Press Works"})
        lead = self.env["crm.lead"].create(
            {"name": "RPC deal", "type": "opportunity", "expected_revenue": 50000}
        )

        def call(model, method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                db, uid, "admin", model, method, list(args), kwargs
            )

        self.assertIs(
            call(
                "crm.lead",
                "action_set_lost",
                [lead.id],
                lost_to_competitor_id=competitor.id,
                loss_factor="financing",
            ),
            True,
        )
        self.env.invalidate_all()
        self.assertFalse(lead.active)
        self.assertEqual(lead.loss_factor, "financing")
        self.assertEqual(lead.competitor_ids.competitor_id, competitor)
        self.assertTrue(lead.competitor_ids.is_winner)
        rates = call("crm.competitor", "get_win_rates", False, False, [("id", "=", lead.id)])
        self.assertEqual(len(rates), 1)
        self.assertEqual(rates[0]["competitor_name"], "RPC Press Works")
        self.assertEqual(rates[0]["lost_to_count"], 1)
        self.assertEqual(rates[0]["win_rate"], 0.0)
        self.assertEqual(rates[0]["lost_amount"], 50000.0)

    def test_competitors_tab_tour(self):
        works = self.env["crm.competitor"].create({"name": "Tour Press Works"})
        servo = self.env["crm.competitor"].create({"name": "Tour Servo Press"})
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour press line",
                "type": "opportunity",
                "expected_revenue": 100000,
                "our_lead_time_days": 60,
                "competitor_ids": [
                    (0, 0, {"competitor_id": works.id, "quoted_price": 80000, "threat": "high"})
                ],
            }
        )
        self.start_tour(
            f"/odoo/action-crm.crm_lead_action_pipeline/{lead.id}",
            "crm_manufacturing_competitor_tab_tour",
            login="admin",
        )
        line = lead.competitor_ids.filtered(lambda line: line.competitor_id == servo)
        self.assertEqual(line.quoted_price, 110000)
        self.assertAlmostEqual(line.price_gap_percent, 10.0)

    def test_competitive_analysis_views_tour(self):
        rival = self.env["crm.competitor"].create({"name": "Tour Rival Presses"})
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour lost line",
                "type": "opportunity",
                "expected_revenue": 100000,
                "user_id": self.env.ref("base.user_admin").id,
                "competitor_ids": [(0, 0, {"competitor_id": rival.id, "quoted_price": 85000})],
            }
        )
        lead.action_set_lost(lost_to_competitor_id=rival.id, loss_factor="price")
        self.start_tour(
            "/odoo/action-crm_manufacturing_competitor.crm_competitor_report_action",
            "crm_manufacturing_competitive_analysis_tour",
            login="admin",
        )
