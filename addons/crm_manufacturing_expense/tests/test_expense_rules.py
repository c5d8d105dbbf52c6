from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ExpenseCommon


@tagged("post_install", "-at_install")
class TestExpenseRules(ExpenseCommon):
    # ---------------------------------------------------------------- budget
    def test_negative_budget_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._budget(-100)
        line = self._budget(100)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            line.with_user(self.sales_manager).amount = -1

    def test_only_sales_managers_set_budgets(self):
        with self.assertRaises(AccessError):
            self.env["crm.lead.expense.budget"].with_user(self.rep).create(
                {"lead_id": self.lead.id, "amount": 1000}
            )
        line = self._budget(1000)
        with self.assertRaises(AccessError):
            line.with_user(self.rep).amount = 5000
        # the salesperson reads the budget and figures of his deal, not of others
        self.assertEqual(line.with_user(self.rep).amount, 1000)
        other_line = self._budget(700, lead=self.other_lead)
        Budget = self.env["crm.lead.expense.budget"].with_user(self.rep)
        self.assertEqual(Budget.search([]), line)
        with self.assertRaises(AccessError):
            other_line.with_user(self.rep).read(["amount"])
        with self.assertRaises(AccessError):
            self.other_lead.with_user(self.rep).read(["expense_budget_total"])

    def test_budget_category_must_be_an_expense_product(self):
        product = self.env["product.product"].create({"name": "Press frame", "type": "consu"})
        with self.assertRaisesRegex(ValidationError, "not an expense category"):
            self._budget(100, product=product)

    def test_employee_without_sales_rights_does_not_see_figures(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.employee_user).read(["name"])
        self.assertNotIn(
            "expense_total",
            self.env["res.partner"].with_user(self.employee_user).fields_get(),
        )

    def test_computed_figures_cannot_be_forged(self):
        """The stage, the over-budget flag and its reason are the server's: nobody writes
        them (a forged flag would skip the sales manager's approval), not even an expense
        manager, at creation or later."""
        self._budget(100)
        expense = self._expense(300)
        self.assertTrue(expense.is_over_budget)
        for user in (self.rep, self.approver, self.sales_manager):
            for vals in (
                {"is_over_budget": False},
                {"over_budget_reason": "fine"},
                {"lead_stage_id": self.stage_won.id},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaisesRegex(UserError, "cannot be changed by hand"),
                ):
                    expense.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "cannot be changed by hand"):
            self._expense(50, is_over_budget=False)
        sheet = self._submit(expense)
        self.assertTrue(sheet.is_over_budget)
        with self.assertRaisesRegex(UserError, "cannot be changed by hand"):
            sheet.with_user(self.sales_manager).write({"is_over_budget": False})
        expense.invalidate_recordset()
        self.assertTrue(expense.is_over_budget)
        self.assertNotEqual(expense.lead_stage_id, self.stage_won)

    # --------------------------------------------------------- links
    def test_company_as_contact_refused(self):
        with self.assertRaisesRegex(ValidationError, "is a company"):
            self._expense(100, contact_id=self.customer.id)

    def test_contact_of_another_customer_refused(self):
        with self.assertRaisesRegex(ValidationError, "is not a contact of"):
            self._expense(100, contact_id=self.other_person.id)
        expense = self._expense(100, contact_id=self.decider.id)
        with self.assertRaisesRegex(ValidationError, "is not a contact of"):
            expense.with_user(self.rep).contact_id = self.other_person

    def test_lead_of_another_company_refused(self):
        other_company = self.env["res.company"].create({"name": "Press Maker Shanghai"})
        lead = self.env["crm.lead"].create(
            {"name": "Shanghai deal", "type": "opportunity", "company_id": other_company.id}
        )
        with self.assertRaisesRegex(ValidationError, "belongs to"):
            self.env["hr.expense"].create(
                {
                    "name": "Visit",
                    "employee_id": self.rep_employee.id,
                    "product_id": self.travel.id,
                    "total_amount_currency": 100,
                    "lead_id": lead.id,
                }
            )

    def test_lead_the_employee_may_not_read_refused(self):
        with self.assertRaisesRegex(ValidationError, "may not read the deal"):
            self._expense(100, lead=self.other_lead)
        # also when someone else (an expense manager) links it for the employee
        with self.assertRaisesRegex(ValidationError, "may not read the deal"):
            self.env["hr.expense"].create(
                {
                    "name": "Visit",
                    "employee_id": self.plain_employee.id,
                    "product_id": self.travel.id,
                    "total_amount_currency": 100,
                    "lead_id": self.lead.id,
                }
            )

    def test_employee_without_crm_keeps_odoo_expenses(self):
        expense = (
            self.env["hr.expense"]
            .with_user(self.employee_user)
            .create(
                {
                    "name": "Taxi",
                    "employee_id": self.plain_employee.id,
                    "product_id": self.travel.id,
                    "total_amount_currency": 30,
                }
            )
        )
        self.assertFalse(expense.lead_id)
        self.assertFalse(expense.is_over_budget)

    def test_approver_without_crm_reads_the_deal_name(self):
        expense = self._expense(100)
        sheet = self._submit(expense)
        name_only = {"fields": {"display_name": {}}}
        values = expense.with_user(self.approver).web_read(
            {
                "lead_id": name_only,
                "lead_stage_id": name_only,
                "lead_customer_id": name_only,
                "contact_id": name_only,
                "is_over_budget": {},
                "over_budget_reason": {},
            }
        )
        self.assertEqual(values[0]["lead_id"]["display_name"], self.lead.name)
        self.assertTrue(sheet.with_user(self.approver).can_approve)

    # -------------------------------------------------------- deletion
    def test_nothing_linked_to_a_posted_expense_is_deleted(self):
        line = self._budget(5000, stage=self.stage_trial)
        free_line = self._budget(100, stage=self.stage_proposal)
        dinner = self._expense(
            800, product=self.meal, name="Dinner with the decider", contact_id=self.decider.id
        )
        sheet = self._post(self._approve(self._submit(dinner)))
        self.assertEqual(sheet.state, "post")
        with self.assertRaisesRegex(UserError, "posted expenses"):
            self.lead.unlink()
        with self.assertRaisesRegex(UserError, "posted expenses"):
            self.decider.unlink()
        with self.assertRaisesRegex(UserError, "posted expenses"):
            line.with_user(self.sales_manager).unlink()
        with self.assertRaises(UserError):
            dinner.unlink()
        # a line no posted expense counts against can go
        free_line.with_user(self.sales_manager).unlink()
        self.assertTrue(self.lead.exists() and self.decider.exists() and line.exists())

    def test_deal_of_unposted_expense_can_be_deleted(self):
        expense = self._expense(100, contact_id=self.engineer.id)
        self.lead.unlink()
        self.assertFalse(expense.lead_id)
        self.engineer.unlink()
        self.assertFalse(expense.contact_id)

    def test_deal_of_approved_expense_cannot_change(self):
        expense = self._expense(100)
        self._approve(self._submit(expense))
        lead = self.env["crm.lead"].create(
            {"name": "Another", "type": "opportunity", "user_id": self.rep.id}
        )
        with self.assertRaisesRegex(UserError, "cannot change"):
            expense.with_user(self.approver).write({"lead_id": lead.id})

    # ---------------------------------------------------- multi-company
    def test_budget_and_report_of_another_company_invisible(self):
        other_company = self.env["res.company"].create({"name": "Press Maker Shanghai"})
        lead = self.env["crm.lead"].create(
            {"name": "Shanghai deal", "type": "opportunity", "company_id": other_company.id}
        )
        self.env["crm.lead.expense.budget"].create({"lead_id": lead.id, "amount": 900})
        mine = self._budget(100)
        manager = self._manager_of_company(self.company, "exp_manager_company_a")
        both = [("lead_id", "in", (self.lead | lead).ids)]
        self.assertEqual(self.env["crm.lead.expense.budget"].with_user(manager).search(both), mine)
        report = self.env["crm.expense.budget.report"].with_user(manager)
        self.assertEqual(report.search(both).lead_id, self.lead)
        # the user of both companies sees both, each with its own company
        self.assertEqual(len(self.env["crm.lead.expense.budget"].search(both)), 2)
