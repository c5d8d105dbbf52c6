"""What the forms show before anyone acts: the quotation's credit banner, the customer's
Credit Risk tab (limit, hold) and the "Over credit limit" filter of the customer list."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, TransactionCase, tagged

from .common import order_product, set_role_users


@tagged("post_install", "-at_install")
class TestCreditForms(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = cls.env.company
        company.account_use_credit_limit = False  # Odoo's option off, as in the demo
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Banner Gearworks Co", "is_company": True})
        cls.customer.credit_limit = 1000
        cls.held = Partner.create({"name": "Held Rolling Mill Co", "is_company": True})
        cls.held.credit_limit = 100000
        cls.long_reason = (
            "Three broken payment promises in a row, a lawsuit pending in Ningbo and the "
            "last two cheques returned by the bank for lack of funds"
        )
        cls.held.write({"credit_hold": True, "credit_hold_reason": cls.long_reason})
        cls.product = order_product(cls.env, "Banner Gear Hobber", "service")
        set_role_users(
            cls,
            company,
            {
                "salesman": ("banner_rep", "sales_team.group_sale_salesman"),
                "accountant": (
                    "banner_accountant",
                    "account.group_account_invoice,base.group_partner_manager",
                ),
                "credit_manager": (
                    "banner_boss",
                    "crm_manufacturing_credit.group_credit_manager,base.group_partner_manager",
                ),
            },
        )

    def _quotation(self, partner, qty):
        form = Form(self.env["sale.order"].with_user(self.salesman))
        form.partner_id = partner
        self.assertFalse(form.credit_banner)  # no line yet
        with form.order_line.new() as line:
            line.product_id = self.product
            line.product_uom_qty = qty
        return form

    # ------------------------------------------------------------ quotation banner
    def test_banner_before_confirm_within_the_limit(self):
        form = self._quotation(self.customer, 5)  # 500 of 1,000
        self.assertFalse(form.credit_approval_needed)
        self.assertIn("Credit grade A, available credit", form.credit_banner)
        self.assertIn("1,000.00", form.credit_banner)
        self.assertIn("needs no credit approval", form.credit_banner)
        order = form.save()
        self.assertFalse(order.credit_approval_needed)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.credit_banner)  # an order, no longer a quotation

    def test_banner_says_an_approval_is_needed_as_soon_as_the_lines_exceed(self):
        form = self._quotation(self.customer, 5)
        with form.order_line.edit(0) as line:
            line.product_uom_qty = 15  # 1,500 of 1,000
        self.assertTrue(form.credit_approval_needed)
        self.assertIn("exceeds the credit limit by", form.credit_banner)
        self.assertIn("500.00", form.credit_banner)
        order = form.save()
        order.with_user(self.salesman).action_request_credit_approval()
        order.with_user(self.credit_manager).action_approve_credit()
        self.assertFalse(order.credit_approval_needed)
        self.assertIn("approval covers", order.credit_banner)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_banner_of_a_customer_on_hold_says_so_first(self):
        form = self._quotation(self.held, 1)
        self.assertTrue(
            form.credit_banner.startswith(
                f"Customer Held Rolling Mill Co is on credit hold: {self.long_reason}."
            ),
            form.credit_banner,
        )
        self.assertFalse(form.credit_approval_needed)  # the hold, not the limit

    def test_request_button_hidden_when_no_approval_is_needed(self):
        arch = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        (button,) = etree.fromstring(arch).xpath("//button[@name='action_request_credit_approval']")
        self.assertIn("not credit_approval_needed", button.get("invisible"))
        (banner,) = etree.fromstring(arch).xpath("//div[@name='credit_banner_blocking']")
        self.assertIn("credit_partner_hold", banner.get("invisible"))

    # ------------------------------------------------------------ Credit Risk tab
    def test_credit_manager_edits_the_limit_on_the_tab_without_the_option(self):
        self.assertFalse(self.env.company.account_use_credit_limit)
        with Form(self.customer.with_user(self.credit_manager)) as partner:
            self.assertEqual(partner.credit_limit, 1000)
            partner.credit_limit = 2500
        self.assertEqual(self.customer.credit_limit, 2500)
        self.assertEqual(self.customer.credit_limit_effective, 2500)

    def test_tab_shows_the_limit_to_readers_but_only_credit_managers_change_it(self):
        for user in (self.salesman, self.accountant):
            with self.subTest(user=user.login):
                arch = (
                    self.env["res.partner"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                page = etree.fromstring(arch).xpath("//page[@name='credit_risk']")[0]
                names = [node.get("name") for node in page.iter("field")]
                self.assertIn("credit_limit_effective", names)
                self.assertNotIn("credit_limit", names)
                # the hold is shown once, in the banner, with the whole reason
                self.assertNotIn("credit_hold", names)
                self.assertEqual(self.held.with_user(user).credit_limit_effective, 100000)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.accountant).write({"credit_limit": 5})
        arch = (
            self.env["res.partner"]
            .with_user(self.credit_manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        root = etree.fromstring(arch)
        page = root.xpath("//page[@name='credit_risk']")[0]
        names = [node.get("name") for node in page.iter("field")]
        self.assertEqual(names.count("credit_limit"), 1)
        self.assertEqual(names.count("credit_hold"), 1)
        (reason,) = root.xpath("//div[@name='credit_hold_banner']/field")
        self.assertNotIn("oe_inline", reason.get("class", ""))

    # ------------------------------------------------------------ customer list
    def test_over_limit_column_and_filter_of_the_customer_list(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_uom_qty": 9})
                ],
            }
        )
        order.action_confirm()
        self.customer.with_user(self.credit_manager).credit_limit = 500  # 900 of 500
        views = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .get_views([(False, "list"), (False, "search")])["views"]
        )
        self.assertIn('name="credit_over_limit"', views["list"]["arch"])
        (flt,) = etree.fromstring(views["search"]["arch"]).xpath(
            "//filter[@name='credit_over_limit']"
        )
        self.assertEqual(flt.get("string"), "Over credit limit")
        Partner = self.env["res.partner"].with_user(self.salesman)
        found = Partner.search([("credit_over_limit", "=", True), ("is_company", "=", True)])
        self.assertIn(self.customer, found)
        self.assertNotIn(self.held, found)

    def test_credit_risk_list_gives_customer_names_room(self):
        arch = self.env["credit.risk.report"].get_views([(False, "list")])["views"]["list"]["arch"]
        (name,) = etree.fromstring(arch).xpath("//field[@name='partner_id']")
        self.assertTrue(name.get("width"))
