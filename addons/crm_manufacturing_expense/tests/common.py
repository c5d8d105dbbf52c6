from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

APPROVER = "hr_expense.group_hr_expense_team_approver"
MANAGER = "sales_team.group_sale_manager"
SALESMAN = "sales_team.group_sale_salesman"


class ExpenseCommon(TransactionCase):
    """A pipeline of our own, a customer with two people, a salesperson who is an employee,
    his expense approver, a sales manager who approves expenses, an accountant, and an
    opportunity worth 1,000,000 at 50 %: pursuit allowance 10,000 at the default 2 %."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.company.crm_presales_cost_rate = 2.0
        cls.team = cls.env["crm.team"].create({"name": "Press Line Sales"})
        Stage = cls.env["crm.stage"]
        cls.stage_new = Stage.create({"name": "E New", "sequence": 2001, "team_id": cls.team.id})
        cls.stage_trial = Stage.create(
            {"name": "E Trial Run", "sequence": 2002, "team_id": cls.team.id}
        )
        cls.stage_proposal = Stage.create(
            {"name": "E Proposal", "sequence": 2003, "team_id": cls.team.id}
        )
        cls.stage_won = Stage.create(
            {"name": "E Won", "sequence": 2004, "is_won": True, "team_id": cls.team.id}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ningbo Auto Parts Co.", "is_company": True}
        )
        cls.decider = cls.env["res.partner"].create(
            {"name": "Zhang Wei", "parent_id": cls.customer.id, "function": "General Manager"}
        )
        cls.engineer = cls.env["res.partner"].create(
            {"name": "Li Na", "parent_id": cls.customer.id, "function": "Process Engineer"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Suzhou Electronics", "is_company": True}
        )
        cls.other_person = cls.env["res.partner"].create(
            {"name": "Wang Fang", "parent_id": cls.other_customer.id}
        )
        # users: least-privileged for each job (attribute, login, name, groups after
        # base.group_user)
        for attribute, login, name, groups in (
            ("approver", "exp_approver", "Expense Approver", APPROVER),
            ("sales_manager", "exp_sales_manager", "Sales Director", f"{MANAGER},{APPROVER}"),
            ("rep", "exp_rep", "Press Rep", SALESMAN),
            ("other_rep", "exp_rep2", "Other Rep", SALESMAN),
            ("employee_user", "exp_employee", "Plain Employee", ""),
            ("accountant", "exp_accountant", "Accountant", "account.group_account_user"),
        ):
            user = new_test_user(
                cls.env, login=login, name=name, groups=f"base.group_user,{groups}".rstrip(",")
            )
            setattr(cls, attribute, user)
        Employee = cls.env["hr.employee"]
        cls.director_employee = Employee.create(
            {"name": "Sales Director", "user_id": cls.sales_manager.id}
        )
        # employees whose expenses the approver approves
        for attribute, user, manager in (
            ("rep_employee", cls.rep, cls.director_employee),
            ("other_rep_employee", cls.other_rep, Employee),
            ("plain_employee", cls.employee_user, Employee),
        ):
            employee = Employee.create(
                {
                    "name": user.name,
                    "user_id": user.id,
                    "parent_id": manager.id,
                    "expense_manager_id": cls.approver.id,
                    "work_contact_id": user.partner_id.id,
                }
            )
            setattr(cls, attribute, employee)
        Product = cls.env["product.product"]
        cls.travel = Product.create(
            {"name": "E Travel", "can_be_expensed": True, "type": "service", "standard_price": 0}
        )
        cls.meal = Product.create(
            {"name": "E Meals", "can_be_expensed": True, "type": "service", "standard_price": 0}
        )
        with freeze_time("2026-01-05 09:00:00"):
            cls.lead = cls.env["crm.lead"].create(
                {
                    "name": "Servo press line, 4 presses",
                    "type": "opportunity",
                    "partner_id": cls.customer.id,
                    "team_id": cls.team.id,
                    "stage_id": cls.stage_new.id,
                    "user_id": cls.rep.id,
                    "expected_revenue": 1_000_000,
                    "probability": 50,
                }
            )
        with freeze_time("2026-02-10 09:00:00"):
            cls.lead.stage_id = cls.stage_trial
        cls.lead.probability = 50
        cls.other_lead = cls.env["crm.lead"].create(
            {
                "name": "SMT line of another rep",
                "type": "opportunity",
                "partner_id": cls.other_customer.id,
                "team_id": cls.team.id,
                "stage_id": cls.stage_new.id,
                "user_id": cls.other_rep.id,
                "expected_revenue": 500_000,
                "probability": 20,
            }
        )

    # ----------------------------------------------------------- helpers
    def _manager_of_company(self, company, login):
        """A sales manager of ``company`` only (for the multi-company rules)."""
        return new_test_user(
            self.env,
            login=login,
            groups=f"base.group_user,{MANAGER}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _budget(cls, amount, stage=None, product=None, lead=None):
        return (
            cls.env["crm.lead.expense.budget"]
            .with_user(cls.sales_manager)
            .create(
                {
                    "lead_id": (lead or cls.lead).id,
                    "stage_id": stage.id if stage else False,
                    "product_id": product.id if product else False,
                    "amount": amount,
                }
            )
        )

    def _expense(self, amount, date="2026-02-15", product=None, user=None, employee=None, **vals):
        user = user or self.rep
        return (
            self.env["hr.expense"]
            .with_user(user)
            .create(
                {
                    "name": vals.pop("name", "Factory visit"),
                    "employee_id": (employee or self.rep_employee).id,
                    "product_id": (product or self.travel).id,
                    "total_amount_currency": amount,
                    "date": date,
                    "lead_id": vals.pop("lead", self.lead).id,
                    **vals,
                }
            )
        )

    def _submit(self, expenses, user=None):
        user = user or self.rep
        sheet = (
            self.env["hr.expense.sheet"]
            .with_user(user)
            .create(
                {
                    "name": f"Report {expenses[0].name}",
                    "employee_id": expenses[0].employee_id.id,
                    "expense_line_ids": [Command.set(expenses.ids)],
                }
            )
        )
        sheet.action_submit_sheet()
        return sheet

    def _approve(self, sheet, user=None):
        sheet.with_user(user or self.approver).action_approve_expense_sheets()
        return sheet

    def _post(self, sheet):
        sheet.with_user(self.accountant).action_sheet_move_post()
        return sheet

    def _figures(self, lead=None, user=None):
        lead = (lead or self.lead).with_user(user or self.rep)
        lead.invalidate_recordset()
        return {
            name: lead[name]
            for name in (
                "expense_budget_total",
                "expense_actual",
                "expense_committed",
                "expense_remaining",
                "expense_used_percent",
                "expense_count",
                "expense_allowance",
            )
        }
