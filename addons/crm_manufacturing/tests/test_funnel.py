from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import StageCommon


@tagged("post_install", "-at_install")
class TestFunnel(StageCommon):
    """A hand-built scenario over January 2026 (period 2026-01-10 .. 2026-01-20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def at(when, func):
            with freeze_time(when):
                return func()

        lead = cls._lead
        # A: created before the period, moves forward inside it, stays
        cls.lead_a = at("2026-01-01 08:00", lambda: lead("A"))
        at("2026-01-12 08:00", lambda: cls.lead_a.write({"stage_id": cls.stage_qualified.id}))
        # B: created inside, moves forward twice, then won inside
        cls.lead_b = at("2026-01-11 08:00", lambda: lead("B"))
        at("2026-01-13 08:00", lambda: cls.lead_b.write({"stage_id": cls.stage_qualified.id}))
        at("2026-01-14 08:00", lambda: cls.lead_b.write({"stage_id": cls.stage_proposal.id}))
        at("2026-01-15 08:00", lambda: cls.lead_b.action_set_won())
        # C: created before, lost inside
        cls.lead_c = at("2026-01-02 08:00", lambda: lead("C"))
        at("2026-01-16 08:00", lambda: cls.lead_c.action_set_lost())
        # D: created before, backward move inside (proposal -> qualified)
        cls.lead_d = at("2026-01-03 08:00", lambda: lead("D", cls.stage_proposal))
        at("2026-01-17 08:00", lambda: cls.lead_d.write({"stage_id": cls.stage_qualified.id}))
        # E: created after the period; F: lost before the period
        cls.lead_e = at("2026-01-25 08:00", lambda: lead("E"))
        cls.lead_f = at("2026-01-04 08:00", lambda: lead("F"))
        at("2026-01-05 08:00", lambda: cls.lead_f.action_set_lost())
        # G: another rep's, created inside
        cls.lead_g = at("2026-01-18 08:00", lambda: lead("G", user=cls.other_salesman))

    def _table(self, funnel):
        return {
            row["stage_name"]: tuple(
                row[k]
                for k in (
                    "opening",
                    "inflow",
                    "outflow",
                    "won",
                    "lost",
                    "remaining",
                    "success_rate",
                    "conversion_rate",
                )
            )
            for row in funnel
            if row["stage_id"] in self.stages.ids
        }

    def test_funnel_on_a_hand_built_scenario(self):
        funnel = self.env["crm.lead.stage.history"].get_funnel(
            "2026-01-10", "2026-01-20", [("team_id", "=", self.team.id)]
        )
        #                opening inflow outflow won lost remaining success conversion
        expected = {
            "T New": (2, 2, 2, 0, 1, 1, 0.0, 50.0),  # A, C open; B, G in; A, B out; C lost; G stays
            "T Qualified": (0, 3, 1, 0, 0, 2, 0.0, 33.3),  # A, B, D in; B forward out; A, D stay
            "T Proposal": (1, 1, 1, 1, 0, 0, 50.0, 50.0),  # D open, B in; D back out; B won
            "T Won": (0, 1, 0, 0, 0, 1, 0.0, 0.0),  # B
        }
        self.assertEqual(self._table(funnel), expected)
        for row in funnel:
            self.assertEqual(
                row["opening"] + row["inflow"],
                row["outflow"] + row["won"] + row["lost"] + row["remaining"],
            )
        # stage order
        names = [row["stage_name"] for row in funnel if row["stage_id"] in self.stages.ids]
        self.assertEqual(names, ["T New", "T Qualified", "T Proposal", "T Won"])

    def test_salesperson_funnel_counts_only_readable_leads(self):
        funnel = (
            self.env["crm.lead.stage.history"]
            .with_user(self.salesman)
            .get_funnel("2026-01-10", "2026-01-20", [("team_id", "=", self.team.id)])
        )
        self.assertEqual(self._table(funnel)["T New"], (2, 1, 2, 0, 1, 0, 0.0, 66.7))

    def test_funnel_query_count_does_not_grow(self):
        History = self.env["crm.lead.stage.history"]
        History.get_funnel("2026-01-01", "2026-01-31")
        with self.assertQueryCount(3):
            History.get_funnel("2026-01-01", "2026-01-31")
        for index in range(30):
            self._lead(f"more {index}")
        History.get_funnel("2026-01-01", "2026-12-31")
        with self.assertQueryCount(3):
            History.get_funnel("2026-01-01", "2026-12-31")

    def test_bad_period_refused(self):
        with self.assertRaises(UserError):
            self.env["crm.lead.stage.history"].get_funnel("2026-02-01", "2026-01-01")

    def test_wizard_shows_and_exports(self):
        wizard = (
            self.env["crm.funnel.wizard"]
            .with_user(self.manager)
            .create({"date_from": "2026-01-10", "date_to": "2026-01-20", "team_id": self.team.id})
        )
        wizard.action_compute()
        line = wizard.line_ids.filtered(lambda line: line.stage_id == self.stage_proposal)
        self.assertEqual((line.opening, line.inflow, line.won, line.success_rate), (1, 1, 1, 50.0))
        action = wizard.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")

    def test_forecast_export_rows(self):
        self.company.crm_probability_mode = "stage"
        self.lead_a.write({"date_deadline": "2026-02-10", "stage_id": self.stage_proposal.id})
        self.lead_g.write({"date_deadline": "2026-02-20"})
        wizard = (
            self.env["crm.forecast.export.wizard"]
            .with_user(self.salesman)
            .create({"date_from": "2026-02-01", "date_to": "2026-02-28", "team_id": self.team.id})
        )
        # the rep sees only their own opportunity
        self.assertEqual(
            wizard._get_forecast_rows(), [("2026-02", "Rep One", 1, 100000.0, 60000.0)]
        )
        self.assertEqual(wizard.action_export_xlsx()["type"], "ir.actions.act_url")
