from odoo.tests import Form, tagged

from .common import ExpenseCommon


@tagged("post_install", "-at_install")
class TestViews(ExpenseCommon):
    def test_salesperson_records_an_expense_of_his_deal_in_the_form(self):
        self._budget(100)
        with Form(self.env["hr.expense"].with_user(self.rep)) as form:
            form.name = "Dinner with the decider"
            form.product_id = self.meal
            form.total_amount_currency = 800
            form.date = "2026-02-15"
            form.lead_id = self.lead
            form.contact_id = self.decider
            # computed in the form already (new record): stage and over-budget preview
            self.assertEqual(form.lead_stage_id, self.stage_trial)
            self.assertTrue(form.is_over_budget)
        expense = form.record
        self.assertEqual((expense.lead_id, expense.contact_id), (self.lead, self.decider))
        self.assertTrue(expense.is_over_budget)

    def test_employee_without_crm_opens_the_expense_form(self):
        with Form(self.env["hr.expense"].with_user(self.employee_user)) as form:
            form.name = "Taxi"
            form.product_id = self.travel
            form.total_amount_currency = 30
        self.assertFalse(form.record.lead_id)

    def test_approver_opens_the_report_of_a_deal_expense(self):
        expense = self._expense(500)
        sheet = self._submit(expense)
        form = Form(sheet.with_user(self.approver))
        self.assertEqual(form.name, sheet.name)
        form = Form(expense.with_user(self.approver))
        self.assertEqual(form.lead_id, self.lead)

    def test_deal_form_shows_the_expenses_tab(self):
        self._budget(1000, stage=self.stage_trial)
        self._submit(self._expense(300))
        form = Form(self.lead.with_user(self.rep))
        self.assertEqual(form.expense_committed, 300)
        self.assertEqual(len(form.expense_budget_ids), 1)
        form = Form(self.lead.with_user(self.sales_manager))
        self.assertEqual(form.expense_remaining, 700)
        action = self.lead.with_user(self.rep).action_view_expenses()
        self.assertEqual(action["domain"], [("lead_id", "=", self.lead.id)])

    def test_contact_and_order_forms(self):
        form = Form(self.decider.with_user(self.rep))
        self.assertEqual(form.expense_total, 0)
        order = self.env["sale.order"].with_user(self.rep)
        with Form(order) as order_form:
            order_form.partner_id = self.customer
            order_form.opportunity_id = self.lead
        self.assertEqual(order_form.record.presales_cost, 0)

    def test_salesperson_reaches_the_budget_execution_report(self):
        menu = self.env.ref("crm_manufacturing_expense.crm_menu_budget_execution")
        visible = self.env["ir.ui.menu"].with_user(self.rep)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertNotIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.employee_user)._visible_menu_ids()
        )
        Report = self.env["crm.expense.budget.report"].with_user(self.rep)
        views = Report.get_views(
            [(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")]
        )
        self.assertIn("used_percent", views["models"]["crm.expense.budget.report"]["fields"])
        self._budget(1000, stage=self.stage_trial)
        self._approve(self._submit(self._expense(250)))
        # what the pivot asks for by default: deal x stage with every measure
        groups = Report.read_group(
            [("lead_id", "=", self.lead.id)],
            ["budget:sum", "actual:sum", "remaining:sum", "used_percent:avg"],
            ["lead_id", "stage_id"],
            lazy=False,
        )
        [group] = groups
        self.assertEqual(
            (group["budget"], group["actual"], group["remaining"], group["used_percent"]),
            (1000, 250, 750, 25.0),
        )
