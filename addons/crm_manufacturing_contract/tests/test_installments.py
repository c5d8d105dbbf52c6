import io

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_manufacturing.tests.common import make_users
from odoo.addons.crm_manufacturing_contract.models.sale_order import SaleOrder

from .common import ExecutionCommon


@tagged("post_install", "-at_install")
class TestInstallments(ExecutionCommon):
    """Installments as accountants and salespeople use them: names, links, advances."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        [cls.accountant] = make_users(
            cls.env,
            "exec_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )
        cls.order = cls._order()
        cls.advance = cls.order.execution_step_ids.filtered(lambda s: s.name == "Advance")
        cls.retention = cls.order.execution_step_ids.filtered(lambda s: s.name == "Retention")
        cls.bank = cls.company_data["default_journal_bank"]

    def _payment(self, amount, partner=None, currency=None, payment_type="inbound", post=True):
        payment = (
            self.env["account.payment"]
            .with_user(self.accountant)
            .create(
                {
                    "payment_type": payment_type,
                    "partner_type": "customer",
                    "partner_id": (partner or self.customer).id,
                    "amount": amount,
                    "journal_id": self.bank.id,
                    "currency_id": (currency or self.env.company.currency_id).id,
                }
            )
        )
        if post:
            payment.action_post()
        return payment

    def _invoice_step(self, step):
        step.action_create_invoice()
        invoice = step.invoice_ids
        invoice.with_user(self.accountant).action_post()
        return invoice

    def _reconcile(self, invoice, payment):
        line = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        invoice.with_user(self.accountant).js_assign_outstanding_line(line.id)

    def _figures(self, step):
        step.invalidate_recordset()
        return step.amount_invoiced, step.amount_paid, step.amount_due

    # ------------------------------------------------------------ display name
    def test_display_name_shows_order_customer_and_label(self):
        self.assertEqual(
            self.advance.with_user(self.accountant).display_name,
            f"{self.order.name} · Plant Co · Advance",
        )

    def test_steps_are_found_by_order_reference_and_customer(self):
        other = self._order(partner=self.other_customer)
        Step = self.env["sale.execution.step"].with_user(self.accountant)
        by_order = {step_id for step_id, _name in Step.name_search(self.order.name, limit=50)}
        self.assertEqual(by_order, set(self.order.execution_step_ids.ids))
        by_customer = {step_id for step_id, _name in Step.name_search("Other Plant", limit=50)}
        self.assertEqual(by_customer, set(other.execution_step_ids.ids))
        by_label = {
            step_id
            for step_id, _name in Step.name_search(
                "Advance", [("order_id", "=", self.order.id)], limit=50
            )
        }
        self.assertEqual(by_label, set(self.advance.ids))

    def test_invoice_offers_only_open_installments_of_its_customer(self):
        other = self._order(partner=self.other_customer)
        self.retention.action_cancel()
        invoice = self.init_invoice("out_invoice", partner=self.customer, amounts=[10], taxes=[])
        field = self.env["account.move"]._fields["execution_step_id"]
        arch = self.env["account.move"].with_user(self.accountant).get_views([(False, "form")])
        node = etree.fromstring(arch["views"]["form"]["arch"]).xpath(
            "//field[@name='execution_step_id']"
        )
        self.assertTrue(node, "the Execution Step field is on the invoice form")
        domain = safe_eval(
            node[0].get("domain") or field.domain,
            {
                "commercial_partner_id": invoice.commercial_partner_id.id,
                "currency_id": invoice.currency_id.id,
            },
        )
        offered = self.env["sale.execution.step"].with_user(self.accountant).search(domain)
        expected = self.order.execution_step_ids.filtered(
            lambda s: s.is_money_step and s.state in ("planned", "in_progress")
        )
        self.assertEqual(
            offered & (self.order.execution_step_ids | other.execution_step_ids), expected
        )
        self.assertNotIn(self.retention, offered)
        # the server refuses what the view does not offer
        with self.assertRaisesRegex(ValidationError, "Other Plant Co"):
            invoice.execution_step_id = other.execution_step_ids.filtered("is_money_step")[:1]
        with self.assertRaisesRegex(ValidationError, "cancelled"):
            invoice.execution_step_id = self.retention

    def test_invoice_in_another_currency_is_refused(self):
        eur = self.setup_other_currency("EUR")
        invoice = self.init_invoice(
            "out_invoice", partner=self.customer, amounts=[10], taxes=[], currency=eur
        )
        with self.assertRaisesRegex(ValidationError, "EUR"):
            invoice.execution_step_id = self.advance

    # ----------------------------------------------------------- advances
    def test_advance_paid_before_invoice_counts_once(self):
        payment = self._payment(3000)
        payment.with_user(self.accountant).execution_step_id = self.advance
        self.assertEqual(self._figures(self.advance), (0.0, 3000.0, 0.0))
        self.assertNotEqual(self.advance.state, "done", "not done before it is invoiced")
        self.assertEqual(
            self.advance.with_user(self.accountant).payment_ids, payment.with_user(self.accountant)
        )
        invoice = self._invoice_step(self.advance)
        # invoiced, not reconciled yet: still paid once
        self.assertEqual(self._figures(self.advance), (3000.0, 3000.0, 0.0))
        self._reconcile(invoice, payment)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self._figures(self.advance), (3000.0, 3000.0, 0.0))
        self.assertEqual(self.advance.state, "done")

    def test_partial_advance_then_invoice_and_balance(self):
        payment = self._payment(1000)
        payment.with_user(self.accountant).execution_step_id = self.advance
        self.assertEqual(self._figures(self.advance), (0.0, 1000.0, 2000.0))
        invoice = self._invoice_step(self.advance)
        self._reconcile(invoice, payment)
        self.assertEqual(self._figures(self.advance), (3000.0, 1000.0, 2000.0))
        self._pay(invoice, 2000)
        self.assertEqual(self._figures(self.advance), (3000.0, 3000.0, 0.0))
        self.assertEqual(self.advance.state, "done")

    def test_advance_spent_on_another_invoice_no_longer_counts(self):
        payment = self._payment(3000)
        payment.with_user(self.accountant).execution_step_id = self.advance
        other = self.init_invoice(
            "out_invoice", partner=self.customer, amounts=[3000], taxes=[], post=True
        )
        self._reconcile(other, payment)
        self.assertEqual(self._figures(self.advance), (0.0, 0.0, 3000.0))

    def test_draft_advance_counts_only_once_posted(self):
        payment = self._payment(3000, post=False)
        payment.with_user(self.accountant).execution_step_id = self.advance
        self.assertEqual(self._figures(self.advance), (0.0, 0.0, 3000.0))
        payment.action_post()
        self.assertEqual(self._figures(self.advance), (0.0, 3000.0, 0.0))

    def test_only_accountants_link_payments(self):
        payment = self._payment(1000)
        with self.assertRaises(AccessError):
            payment.with_user(self.salesman).write({"execution_step_id": self.advance.id})
        with self.assertRaises(AccessError):
            self.advance.with_user(self.salesman).write({"payment_ids": [Command.link(payment.id)]})
        self.assertFalse(payment.execution_step_id)
        self.assertEqual(self._figures(self.advance), (0.0, 0.0, 3000.0))

    def test_link_refused_across_customers_currencies_and_cancelled_steps(self):
        eur = self.setup_other_currency("EUR")
        refused = {
            "another customer": (self._payment(1000, partner=self.other_customer), self.advance),
            "another currency": (self._payment(1000, currency=eur), self.advance),
            "a cancelled installment": (self._payment(500), self.retention),
            "a payment sent": (self._payment(1000, payment_type="outbound"), self.advance),
            "more than the installment": (self._payment(5000), self.advance),
            "a step that is not an installment": (
                self._payment(100),
                self.order.execution_step_ids.filtered(lambda s: s.step_type == "delivery"),
            ),
        }
        self.retention.action_cancel()
        for case, (payment, step) in refused.items():
            with self.subTest(case), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    payment.with_user(self.accountant).execution_step_id = step
        self.assertEqual(self._figures(self.advance), (0.0, 0.0, 3000.0))

    def test_step_with_an_advance_is_neither_cancelled_nor_deleted(self):
        payment = self._payment(1000)
        payment.with_user(self.accountant).execution_step_id = self.advance
        with self.assertRaisesRegex(UserError, "advance payment"):
            self.advance.with_user(self.salesman).action_cancel()
        with self.assertRaisesRegex(UserError, "advance payment"):
            self.advance.unlink()
        self.order._action_cancel()
        self.assertNotEqual(self.advance.state, "cancelled")
        self.assertEqual(self.retention.state, "cancelled")

    # ------------------------------------------------- confirmation and settings
    def test_confirmation_uses_odoo_extension_points(self):
        self.assertNotIn("action_confirm", vars(SaleOrder))
        self.assertIn("_action_confirm", vars(SaleOrder))
        self.assertIn("_confirmation_error_message", vars(SaleOrder))
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        quotation.execution_template_id = self.template
        quotation.action_apply_execution_template()
        quotation.execution_step_ids.filtered(lambda s: s.name == "Retention").action_cancel()
        self.assertIn("90", quotation._confirmation_error_message())
        with self.assertRaisesRegex(UserError, "90"):
            quotation.with_user(self.salesman).action_confirm()
        self.assertEqual(quotation.state, "draft")

    def test_order_confirmed_without_template_says_so(self):
        self.env.company.execution_template_id = False
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertFalse(order.execution_template_id)
        order.with_user(self.salesman).action_confirm()
        self.assertFalse(order.execution_step_ids)
        self.assertIn("without an execution plan", " ".join(order.message_ids.mapped("body")))
        arch = order.with_user(self.salesman).get_views([(False, "form")])["views"]["form"]
        alert = etree.fromstring(arch["arch"]).xpath("//div[@name='execution_plan_missing']")
        self.assertTrue(alert)
        self.assertIn("execution_step_ids", alert[0].get("invisible"))
        missing = self.env["sale.order"].search(
            [("state", "=", "sale"), ("execution_step_ids", "=", False), ("id", "=", order.id)]
        )
        self.assertEqual(missing, order)
        # an order with a plan says nothing of the kind
        self.assertNotIn(
            "without an execution plan", " ".join(self.order.message_ids.mapped("body"))
        )

    def test_company_default_template_in_sales_settings(self):
        manager = new_test_user(
            self.env,
            login="exec_sale_admin",
            groups="sales_team.group_sale_manager,base.group_system",
        )
        arch = self.env["res.config.settings"].with_user(manager).get_views([(False, "form")])
        tree = etree.fromstring(arch["views"]["form"]["arch"])
        fields_in_block = tree.xpath(
            "//block[@name='execution_plan_setting_container']//field[@name='execution_template_id']"
        )
        self.assertTrue(fields_in_block)
        self.assertTrue(
            tree.xpath(
                "//app[@name='sale_management']//block[@name='execution_plan_setting_container']"
            )
        )
        self.env["res.config.settings"].with_user(manager).create(
            {"execution_template_id": self.template.id}
        ).execute()
        self.assertEqual(self.env.company.execution_template_id, self.template)
        quotation = (
            self.env["sale.order"].with_user(self.salesman).create({"partner_id": self.customer.id})
        )
        self.assertEqual(quotation.execution_template_id, self.template)

    def test_next_step_in_order_list_search_and_groups(self):
        as_rep = self.env["sale.order"].with_user(self.salesman)
        # the views of Sales › Orders
        views = as_rep.get_views(
            [
                (self.env.ref("sale.view_order_tree").id, "list"),
                (self.env.ref("sale.sale_order_view_search_inherit_sale").id, "search"),
            ]
        )
        list_arch = etree.fromstring(views["views"]["list"]["arch"])
        search_arch = etree.fromstring(views["views"]["search"]["arch"])
        self.assertTrue(list_arch.xpath("//field[@name='execution_next_step_id']"))
        self.assertTrue(search_arch.xpath("//field[@name='execution_next_step_id']"))
        self.assertTrue(search_arch.xpath("//filter[@name='group_execution_next_step_type']"))
        self.assertEqual(self.order.execution_next_step_id, self.advance)
        with freeze_time("2026-02-01"):
            overdue = as_rep.search(
                [("execution_next_step_id.is_overdue", "=", True), ("id", "=", self.order.id)]
            )
        self.assertEqual(overdue, self.order)
        groups = as_rep._read_group(
            [("id", "=", self.order.id)], ["execution_next_step_type"], ["__count"]
        )
        self.assertEqual(groups, [("payment", 1)])
        # the next step moves on when the advance is done by its payment
        self._pay(self._invoice_step(self.advance), 3000)
        self.assertEqual(self.order.execution_next_step_id.step_type, "delivery")

    # ----------------------------------------------------------- Excel export
    def test_collection_plan_excel_keeps_each_currency(self):
        eur = self.setup_other_currency("EUR")
        pricelist = self.env["product.pricelist"].create({"name": "EUR", "currency_id": eur.id})
        foreign = self._order(partner=self.other_customer, pricelist_id=pricelist.id)
        self.assertEqual(foreign.execution_step_ids.currency_id, eur)
        Step = self.env["sale.execution.step"]
        steps = (self.order | foreign).execution_step_ids.filtered("is_money_step")
        rows = Step._collection_plan_rows([("id", "in", steps.ids)])
        columns, table = Step._collection_plan_xlsx_table(rows)
        usd = self.env.company.currency_id
        self.assertEqual(
            [(c["label"], c["type"]) for c in columns],
            [
                ("Month", "char"),
                ("Customer", "char"),
                ("Currency", "char"),
                ("Installments", "integer"),
                ("Amount Due", "float"),
            ],
        )
        self.assertFalse(columns[4]["total"], "no total over mixed currencies")
        self.assertIn(["2026-01", "Other Plant Co", "EUR", 1, 3000.0], table)
        self.assertIn(["2026-01", "Plant Co", usd.name, 1, 3000.0], table)
        # read back the file the user downloads
        import openpyxl  # noqa: PLC0415 (a test dependency only)

        data = self.env["crm.manufacturing.xlsx"].build_xlsx("Collection Plan", columns, table)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        header = [cell.value for cell in sheet[3]]
        self.assertEqual(header, [c["label"] for c in columns])
        read = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
        self.assertIn(["2026-02", "Other Plant Co", "EUR", 1, 6000], read)
        self.assertIn(["2026-02", "Plant Co", usd.name, 1, 6000], read)
        # one currency: the amounts are formatted and totalled in it
        columns, table = Step._collection_plan_xlsx_table(
            Step._collection_plan_rows([("id", "in", foreign.execution_step_ids.ids)])
        )
        self.assertEqual((columns[4]["type"], columns[4]["currency_id"]), ("monetary", eur.id))
        data = self.env["crm.manufacturing.xlsx"].build_xlsx("Collection Plan", columns, table)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        self.assertIn("€", sheet.cell(row=4, column=5).number_format)
        self.assertEqual(sheet.cell(row=4, column=3).value, "EUR")
        total = sheet.cell(row=4 + len(table), column=5)
        self.assertTrue(str(total.value).startswith("=SUM("))
        # the export action of the list and of the pivot
        action = steps.with_user(self.accountant).action_export_collection_plan()
        self.assertEqual(action["type"], "ir.actions.act_url")

    def test_collection_plan_pivot_has_the_export(self):
        action = self.env.ref("crm_manufacturing_contract.sale_execution_step_action_collection")
        self.assertEqual(action.view_mode.split(",")[0], "pivot")
        pivot = (
            self.env["sale.execution.step"].with_user(self.salesman).get_views([(False, "pivot")])
        )
        arch = etree.fromstring(pivot["views"]["pivot"]["arch"])
        self.assertEqual(arch.get("js_class"), "collection_plan_pivot")
