from contextlib import contextmanager

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user


class CompetitorCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.team = cls.env["crm.team"].create({"name": "Press Line Sales"})
        Stage = cls.env["crm.stage"]
        cls.stage_new = Stage.create(
            {"name": "C Proposal", "sequence": 2001, "team_id": cls.team.id}
        )
        cls.stage_won = Stage.create(
            {"name": "C Won", "sequence": 2002, "is_won": True, "team_id": cls.team.id}
        )
        cls.salesman = new_test_user(
            cls.env, login="cmp_rep", groups="sales_team.group_sale_salesman", name="Rep Wang"
        )
        cls.other_salesman = new_test_user(
            cls.env, login="cmp_rep2", groups="sales_team.group_sale_salesman", name="Rep Li"
        )
        cls.manager = new_test_user(
            cls.env, login="cmp_boss", groups="sales_team.group_sale_manager", name="Boss Zhao"
        )
        Competitor = cls.env["crm.competitor"]
        cls.hengyuan = Competitor.create({"name": "Hengyuan Press Machinery", "price_level": "low"})
        cls.ostwerk = Competitor.create({"name": "Ostwerk Umformtechnik", "price_level": "high"})
        cls.kanto = Competitor.create({"name": "Kanto Servo Press", "price_level": "similar"})

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back to a savepoint, unlike assertRaisesRegex) and
        check the message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    @classmethod
    def _lead(cls, name="Press line", user=None, revenue=100000, days=60, competitors=()):
        """An open opportunity; ``competitors``: (competitor, quoted price, delivery days)."""
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "team_id": cls.team.id,
                "stage_id": cls.stage_new.id,
                "user_id": (user or cls.salesman).id,
                "expected_revenue": revenue,
                "our_lead_time_days": days,
                "competitor_ids": [
                    (0, 0, {"competitor_id": c.id, "quoted_price": price, "lead_time_days": d})
                    for c, price, d in competitors
                ],
            }
        )

    @classmethod
    def _won(cls, lead, date):
        with freeze_time(date):
            lead.action_set_won()
        return lead

    @classmethod
    def _lost(cls, lead, date, winner=None, factor=None):
        with freeze_time(date):
            lead.action_set_lost()
            vals = {}
            if winner:
                vals["lost_to_competitor_id"] = winner.id
            if factor:
                vals["loss_factor"] = factor
            if vals:
                lead.write(vals)
        return lead
