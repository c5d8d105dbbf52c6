from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ExpenseCommon


@tagged("post_install", "-at_install")
class TestBudgetFigures(ExpenseCommon):
    def test_figures_follow_the_full_expense_flow(self):
        self._budget(8000, stage=self.stage_trial)
        self._budget(12000)
        visit = self._expense(3000, name="Factory visit")
        figures = self._figures()
        self.assertEqual(figures["expense_budget_total"], 20000)
        self.assertEqual(figures["expense_count"], 1)
        self.assertEqual((figures["expense_actual"], figures["expense_committed"]), (0, 0))

        sheet = self._submit(visit)
        self.assertEqual(visit.state, "submitted")
        self.assertEqual(self._figures()["expense_committed"], 3000)
        self.assertEqual(self._figures()["expense_actual"], 0)

        self._approve(sheet)
        self.assertEqual(visit.state, "approved")
        figures = self._figures()
        self.assertEqual((figures["expense_actual"], figures["expense_committed"]), (3000, 0))

        self._post(sheet)
        self.assertEqual(sheet.state, "post")
        self.assertEqual(sheet.account_move_ids.state, "posted")
        self.assertEqual(self._figures()["expense_actual"], 3000)

        trial = self._expense(1000, name="Trial run material")
        self._submit(trial)
        figures = self._figures()
        self.assertEqual(figures["expense_actual"], 3000)
        self.assertEqual(figures["expense_committed"], 1000)
        self.assertEqual(figures["expense_remaining"], 16000)
        self.assertEqual(figures["expense_used_percent"], 15.0)
        self.assertEqual(figures["expense_count"], 2)
        # another deal is untouched
        self.assertEqual(self._figures(self.other_lead, self.other_rep)["expense_count"], 0)

    def test_refused_expense_counts_nothing(self):
        dinner = self._expense(600, product=self.meal, name="Dinner")
        sheet = self._submit(dinner)
        self.assertEqual(self._figures()["expense_committed"], 600)
        sheet.with_user(self.approver)._do_refuse("Not for this deal")
        self.assertEqual(dinner.state, "refused")
        figures = self._figures()
        self.assertEqual((figures["expense_actual"], figures["expense_committed"]), (0, 0))

    def test_stage_taken_from_history_on_the_expense_date(self):
        before = self._expense(100, date="2026-01-20")
        on_move_day = self._expense(100, date="2026-02-10")
        after = self._expense(100, date="2026-02-15")
        before_deal = self._expense(100, date="2025-12-01")
        self.assertEqual(before.lead_stage_id, self.stage_new)
        self.assertEqual(on_move_day.lead_stage_id, self.stage_trial, "stage at the end of the day")
        self.assertEqual(after.lead_stage_id, self.stage_trial)
        self.assertEqual(before_deal.lead_stage_id, self.stage_new, "first stage of the deal")
        with freeze_time("2026-03-01 09:00:00"):
            self.lead.stage_id = self.stage_proposal
        self.assertEqual(after.lead_stage_id, self.stage_trial, "later moves change nothing")
        march = self._expense(100, date="2026-03-02")
        self.assertEqual(march.lead_stage_id, self.stage_proposal)
        # the stage is stored and searchable
        self.assertEqual(
            self.env["hr.expense"].search_count(
                [("lead_id", "=", self.lead.id), ("lead_stage_id", "=", self.stage_trial.id)]
            ),
            2,
        )

    def test_stage_follows_the_employee_time_zone(self):
        # moved to Trial Run on 2026-02-10 09:00 UTC = 17:00 in Shanghai; at UTC-10 it is
        # still the 9th when the deal moves, so an expense of the 9th there is in Trial Run
        self.rep_employee.tz = "Pacific/Honolulu"
        expense = self._expense(100, date="2026-02-09")
        self.assertEqual(expense.lead_stage_id, self.stage_trial)
        self.rep_employee.tz = "Asia/Shanghai"
        expense = self._expense(100, date="2026-02-09")
        self.assertEqual(expense.lead_stage_id, self.stage_new)

    def test_pursuit_allowance_from_the_company_rate(self):
        self.assertEqual(self._figures()["expense_allowance"], 10000)
        self.company.crm_presales_cost_rate = 5
        self.assertEqual(self._figures()["expense_allowance"], 25000)
        self.lead.probability = 10
        self.assertEqual(self._figures()["expense_allowance"], 5000)
        with self.assertRaises(ValidationError):
            self.company.crm_presales_cost_rate = 150
        with self.assertRaises(ValidationError):
            self.company.crm_presales_cost_rate = -1

    def test_default_pursuit_allowance_rate_is_two_percent(self):
        company = self.env["res.company"].create({"name": "New Press Maker"})
        self.assertEqual(company.crm_presales_cost_rate, 2.0)

    def test_figures_in_constant_queries(self):
        leads = self.lead | self.other_lead
        self._budget(1000)
        self._budget(500, lead=self.other_lead)
        self._expense(100)
        self._expense(
            200, lead=self.other_lead, user=self.other_rep, employee=self.other_rep_employee
        )
        manager_leads = leads.with_user(self.sales_manager)
        manager_leads.invalidate_recordset()
        manager_leads[:1].mapped("expense_actual")  # warm the ACL and rule caches
        manager_leads.invalidate_recordset()
        with self.assertQueryCount(3):
            manager_leads[:1].mapped("expense_actual")
        manager_leads.invalidate_recordset()
        with self.assertQueryCount(3):
            self.assertEqual(manager_leads.mapped("expense_budget_total"), [1000, 500])

    def test_money_spent_on_the_contact(self):
        dinner = self._expense(
            800, product=self.meal, name="Dinner with the decider", contact_id=self.decider.id
        )
        self._approve(self._submit(dinner))
        pending = self._expense(
            300, product=self.meal, name="Tea with the decider", contact_id=self.decider.id
        )
        self._submit(pending)
        decider = self.decider.with_user(self.rep)
        self.assertEqual(decider.expense_total, 800, "approved only, not submitted")
        self.assertEqual(self.customer.with_user(self.rep).expense_total, 800)
        self.assertEqual(self.engineer.with_user(self.rep).expense_total, 0)
        action = decider.action_view_contact_expenses()
        self.assertEqual(self.env["hr.expense"].search(action["domain"]), dinner | pending)

    def test_presales_cost_on_won_deal_and_order(self):
        visit = self._expense(3000)
        self._post(self._approve(self._submit(visit)))
        self.lead.with_user(self.rep).action_set_won()
        self.assertTrue(self.lead.stage_id.is_won)
        lead = self.lead.with_user(self.rep)
        self.assertEqual(lead.presales_cost, 3000)
        order = (
            self.env["sale.order"]
            .with_user(self.rep)
            .create({"partner_id": self.customer.id, "opportunity_id": self.lead.id})
        )
        self.assertEqual(order.presales_cost, 3000)
        order_without_deal = (
            self.env["sale.order"].with_user(self.rep).create({"partner_id": self.customer.id})
        )
        self.assertEqual(order_without_deal.presales_cost, 0)

    def test_lost_deal_keeps_its_cost(self):
        visit = self._expense(3000)
        self._approve(self._submit(visit))
        self.lead.with_user(self.rep).action_set_lost()
        self.assertFalse(self.lead.active)
        self.assertEqual(self._figures()["expense_actual"], 3000)
        rows = self.env["crm.expense.budget.report"].search([("lead_id", "=", self.lead.id)])
        self.assertEqual(set(rows.mapped("outcome")), {"lost"})
        self.assertEqual(sum(rows.mapped("actual")), 3000)
