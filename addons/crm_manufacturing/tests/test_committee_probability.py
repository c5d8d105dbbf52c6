from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import StageCommon


@tagged("post_install", "-at_install")
class TestCommitteeProbability(StageCommon):
    """Probability = stage probability × (f + (1 − f) × coverage / 100)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.crm_probability_mode = "stage_committee"
        cls.company.crm_committee_floor = 0.5
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Gear Plant", "is_company": True})
        cls.people = Partner.create(
            [{"name": f"Person {i}", "parent_id": cls.customer.id} for i in range(3)]
        )

    def _member(self, lead, person, role):
        return self.env["crm.decision.member"].create(
            {"lead_id": lead.id, "partner_id": person.id, "role": role}
        )

    def test_the_committee_weighs_the_stage_probability(self):
        lead = self._lead(stage=self.stage_proposal, partner_id=self.customer.id)
        # nobody known: half of the stage's 60 %
        self.assertEqual(lead.decision_coverage, 0)
        self.assertEqual(lead.probability, 30.0)
        # the decider (weight 40) raises it at once: 60 × (0.5 + 0.5 × 0.4) = 42
        decider = self._member(lead, self.people[0], "decider")
        self.assertEqual(lead.probability, 42.0)
        self.assertIn("42", lead.probability_explanation)
        self.assertIn("40", lead.probability_explanation)
        # buyer 20 and user 15: coverage 75 -> 60 × 0.875 = 52.5
        self._member(lead, self.people[1], "buyer")
        self._member(lead, self.people[2], "user")
        self.assertEqual(lead.decision_coverage, 75)
        self.assertEqual(lead.probability, 52.5)
        # the stage moves, the committee still weighs: 30 × 0.875
        lead.stage_id = self.stage_qualified
        self.assertEqual(lead.probability, 26.25)
        decider.unlink()
        self.assertEqual(lead.probability, 30 * (0.5 + 0.5 * 0.35))
        # won stays 100, lost 0
        lead.action_set_won()
        self.assertEqual(lead.probability, 100.0)
        self.assertFalse(lead.probability_explanation)
        other = self._lead(stage=self.stage_proposal)
        other.action_set_lost()
        self.assertEqual(other.probability, 0.0)

    def test_floor_setting(self):
        lead = self._lead(stage=self.stage_proposal)
        self.company.crm_committee_floor = 1.0
        lead._compute_probabilities()
        self.assertEqual(lead.probability, 60.0)
        for bad in (-0.1, 1.5, float("nan")):
            with self.subTest(floor=bad), self.assertRaises(UserError):
                # as an integration writes it (XML-RPC write)
                self.company.write({"crm_committee_floor": bad})

    def test_many_leads_in_constant_queries(self):
        """Adding the decider to many leads and moving them: the number of queries does
        not grow with the number of leads."""

        def queries_for(count):
            leads = self.env["crm.lead"].create(
                [
                    {
                        "name": f"Lead {i}",
                        "type": "opportunity",
                        "team_id": self.team.id,
                        "stage_id": self.stage_new.id,
                        "user_id": self.salesman.id,
                        "partner_id": self.customer.id,
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            self.env["crm.decision.member"].create(
                [
                    {"lead_id": lead.id, "partner_id": self.people[0].id, "role": "decider"}
                    for lead in leads
                ]
            )
            leads.write({"stage_id": self.stage_proposal.id})
            self.env.flush_all()
            used = self.cr.sql_log_count - start
            self.assertEqual(set(leads.mapped("probability")), {42.0})
            return used

        few, many = queries_for(5), queries_for(60)
        self.assertLessEqual(many, few + 5, f"5 leads: {few} queries, 60 leads: {many}")
