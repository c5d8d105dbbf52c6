from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from ..hooks import post_init_hook
from .common import StageCommon


@tagged("post_install", "-at_install")
class TestStageProbabilityAndHistory(StageCommon):
    def _rows(self, lead):
        return self.env["crm.lead.stage.history"].search(
            [("lead_id", "=", lead.id)], order="date_in, id"
        )

    def test_stage_mode_probability_follows_stage(self):
        self.company.crm_probability_mode = "stage"
        lead = self._lead()
        self.assertEqual(lead.probability, 10)
        lead.stage_id = self.stage_proposal
        self.assertEqual(lead.probability, 60)
        self.assertEqual(lead.prorated_revenue, 60000)
        # Odoo's automated probability does not overwrite the stage's on recompute
        lead._compute_probabilities()
        self.assertEqual(lead.probability, 60)
        lead.action_set_lost()
        self.assertEqual(lead.probability, 0)
        lead.action_unarchive()
        self.assertEqual(lead.probability, 60)
        lead.action_set_won()
        self.assertEqual(lead.probability, 100)

    def test_stage_mode_probability_in_form(self):
        self.company.crm_probability_mode = "stage"
        lead = self._lead()
        with Form(lead) as form:
            form.stage_id = self.stage_qualified
            self.assertEqual(form.probability, 30)
        self.assertEqual(lead.probability, 30)

    def test_predictive_mode_keeps_odoo_scoring(self):
        self.company.crm_probability_mode = "predictive"
        lead = self._lead()
        lead.stage_id = self.stage_proposal
        self.assertEqual(lead.probability, lead.automated_probability)
        self.assertNotEqual(lead.probability, 60)

    def test_won_stage_probability_is_100(self):
        self.assertEqual(self.stage_won.probability, 100)
        with self.assertRaises(ValidationError):
            self.stage_won.probability = 80
        with self.assertRaises(ValidationError):
            self.stage_new.probability = 120

    def test_history_rows_through_the_life_of_a_lead(self):
        with freeze_time("2026-01-05 09:00:00"):
            lead = self._lead()
        rows = self._rows(lead)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.stage_id, self.stage_new)
        self.assertFalse(rows.date_out)
        self.assertEqual(rows.salesperson_id, self.salesman)
        self.assertEqual(rows.expected_revenue, 100000)
        with freeze_time("2026-01-10 09:00:00"):
            lead.stage_id = self.stage_proposal
        with freeze_time("2026-01-12 09:00:00"):
            lead.stage_id = self.stage_qualified
        with freeze_time("2026-01-15 09:00:00"):
            lead.action_set_lost()
        with freeze_time("2026-01-20 09:00:00"):
            lead.action_unarchive()
        with freeze_time("2026-01-25 09:00:00"):
            lead.action_set_won()
        rows = self._rows(lead)
        self.assertEqual(
            [(r.stage_id, r.previous_stage_id, r.exit_type) for r in rows],
            [
                (self.stage_new, self.env["crm.stage"], "forward"),
                (self.stage_proposal, self.stage_new, "backward"),
                (self.stage_qualified, self.stage_proposal, "lost"),
                (self.stage_qualified, self.stage_qualified, "won"),
                (self.stage_won, self.stage_qualified, False),
            ],
        )
        self.assertEqual(rows[0].duration_days, 5)
        self.assertEqual(str(rows[2].date_out), "2026-01-15 09:00:00")
        self.assertEqual(len(rows.filtered(lambda r: not r.date_out)), 1)

    def test_history_is_written_by_the_system_only(self):
        lead = self._lead()
        row = self._rows(lead)
        History = self.env["crm.lead.stage.history"]
        for user in (self.salesman, self.manager):
            with self.assertRaises(AccessError):
                History.with_user(user).create(
                    {"lead_id": lead.id, "stage_id": self.stage_won.id, "date_in": "2026-01-01"}
                )
            with self.assertRaises(AccessError):
                row.with_user(user).write({"exit_type": "won"})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
        # the rep reads it
        self.assertEqual(row.with_user(self.salesman).stage_id, self.stage_new)

    def test_other_reps_history_is_invisible(self):
        lead = self._lead(user=self.other_salesman)
        rows = (
            self.env["crm.lead.stage.history"]
            .with_user(self.salesman)
            .search([("lead_id", "=", lead.id)])
        )
        self.assertFalse(rows)

    def test_install_hook_opens_rows_for_existing_leads(self):
        lead = self._lead()
        self.env.cr.execute("DELETE FROM crm_lead_stage_history WHERE lead_id = %s", [lead.id])
        self.env["crm.lead.stage.history"].invalidate_model()
        post_init_hook(self.env)
        rows = self._rows(lead)
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.stage_id, self.stage_new)
        self.assertEqual(rows.date_in, lead.date_last_stage_update)
        self.assertFalse(rows.date_out)
