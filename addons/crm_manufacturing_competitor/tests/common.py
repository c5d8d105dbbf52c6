from contextlib import contextmanager

from freezegun import freeze_time

from odoo.addons.crm_manufacturing.tests.common import (
    SALES_MANAGER,
    CrmManufacturingCase,
    make_users,
)


class CompetitorCase(CrmManufacturingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Press Line Sales"})
        Stage = cls.env["crm.stage"]
        cls.stage_new = Stage.create(
            {"name": "C Proposal", "sequence": 2001, "team_id": cls.team.id}
        )
        cls.stage_won = Stage.create(
            {"name": "C Won", "sequence": 2002, "is_won": True, "team_id": cls.team.id}
        )
        cls.salesman, cls.other_salesman = make_users(
            cls.env, ("cmp_rep", "Rep Wang"), ("cmp_rep2", "Rep Li")
        )
        [cls.manager] = make_users(cls.env, ("cmp_boss", "Boss Zhao"), groups=SALES_MANAGER)
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
        return cls._opportunity(
            name,
            cls.team,
            cls.stage_new,
            user or cls.salesman,
            expected_revenue=revenue,
            our_lead_time_days=days,
            competitor_ids=[
                (0, 0, {"competitor_id": c.id, "quoted_price": price, "lead_time_days": d})
                for c, price, d in competitors
            ],
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
