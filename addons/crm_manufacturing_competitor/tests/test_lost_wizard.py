from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import CompetitorCase


@tagged("post_install", "-at_install")
class TestLostWizard(CompetitorCase):
    def _mark_lost(self, leads, **values):
        wizard_form = Form(
            self.env["crm.lead.lost"]
            .with_user(self.salesman)
            .with_context(active_ids=leads.ids, default_lead_ids=leads.ids)
        )
        for name, value in values.items():
            setattr(wizard_form, name, value)
        wizard = wizard_form.save()
        self.assertEqual(wizard.lead_competitor_ids, leads.competitor_ids.competitor_id)
        with freeze_time("2026-04-02 10:00:00"):
            wizard.action_lost_reason_apply()
        return wizard

    def test_lost_wizard_records_the_winner_and_the_loss_factor(self):
        lead = self._lead(competitors=[(self.hengyuan, 80000, 30), (self.ostwerk, 120000, 90)])
        reason = self.env["crm.lost.reason"].create({"name": "Too expensive"})
        self._mark_lost(
            lead,
            lost_reason_id=reason,
            lost_to_competitor_id=self.hengyuan,
            loss_factor="price",
        )
        self.assertFalse(lead.active)
        self.assertEqual(lead.lost_reason_id, reason)
        self.assertEqual(lead.lost_to_competitor_id, self.hengyuan)
        self.assertEqual(lead.loss_factor, "price")
        self.assertEqual(str(lead.date_closed), "2026-04-02 10:00:00")
        outcomes = {line.competitor_id: line.outcome for line in lead.competitor_ids}
        self.assertEqual(outcomes, {self.hengyuan: "lost_to_them", self.ostwerk: "lost_to_other"})
        self.assertEqual(self.hengyuan.lost_to_count, 1)

    def test_lost_wizard_adds_a_winner_not_yet_on_the_deal(self):
        leads = self._lead(competitors=[(self.hengyuan, 80000, 30)]) | self._lead(name="Line 2")
        self._mark_lost(leads, lost_to_competitor_id=self.kanto, loss_factor="lead_time")
        for lead in leads:
            self.assertEqual(lead.lost_to_competitor_id, self.kanto)
            self.assertEqual(lead.loss_factor, "lead_time")
            self.assertIn(self.kanto, lead.competitor_ids.competitor_id)
        self.assertEqual(self.kanto.lost_to_count, 2)

    def test_lost_wizard_winner_and_factor_are_optional(self):
        lead = self._lead(competitors=[(self.hengyuan, 80000, 30)])
        self._mark_lost(lead)
        self.assertFalse(lead.active)
        self.assertFalse(lead.lost_to_competitor_id)
        self.assertFalse(lead.loss_factor)
        self.assertEqual(lead.competitor_ids.outcome, "lost_to_other")
