import re

from odoo.tests import TransactionCase, tagged

from .common import (
    DEMO_MACHINES,
    DEMO_OPEN_DEALS,
    demo_record_or_skip,
    demo_records,
    zh_cn_env,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo database is a Chinese machine maker (installed with demo data only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ref = lambda self, xmlid: self.env.ref(f"crm_manufacturing.{xmlid}")
        demo_record_or_skip(cls.env, "crm_manufacturing.demo_lead_stamping_line")
        cls.company = cls.env.ref("base.main_company")

    def test_company_books_in_cny_with_the_13_percent_vat(self):
        company = self.company
        self.assertEqual(company.name, "江苏恒力机械有限公司")
        self.assertEqual(company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(company.country_id, self.env.ref("base.cn"))
        self.assertEqual(company.account_fiscal_country_id, self.env.ref("base.cn"))
        tax = company.account_sale_tax_id
        self.assertEqual((tax.amount, tax.amount_type, tax.type_tax_use), (13, "percent", "sale"))
        self.assertTrue(tax.price_include, "Chinese price lists include the VAT")
        self.assertEqual(company.account_purchase_tax_id.amount, 13)
        # Odoo's accounting demo was loaded again in CNY: no journal item in another currency
        lines = self.env["account.move.line"].search([("company_id", "=", company.id)])
        self.assertTrue(lines)
        self.assertEqual(lines.company_currency_id, company.currency_id)

    def test_machines_are_products_with_chinese_names(self):
        zh_cn_env(self.env, "crm_manufacturing")
        for product in demo_records(self.env, "product.product", DEMO_MACHINES):
            with self.subTest(product=product.name):
                self.assertTrue(product.sale_ok)
                self.assertGreaterEqual(product.list_price, 100000)
                self.assertEqual(product.taxes_id, self.company.account_sale_tax_id)
                self.assertRegex(product.with_context(lang="zh_CN").name, CJK)
                self.assertNotRegex(product.with_context(lang="en_US").name, CJK)
        self.assertEqual(
            self.ref("demo_product_press_line").with_context(lang="zh_CN").name, "数控冲压线"
        )

    def test_customers_people_and_job_titles_are_chinese_but_the_foreign_customer(self):
        customers = (
            self.ref("demo_customer_auto_parts")
            | self.ref("demo_customer_electronics")
            | self.ref("demo_customer_packaging")
        )
        for partner in customers | customers.child_ids:
            with self.subTest(partner=partner.name):
                self.assertRegex(partner.name, CJK)
                if partner.parent_id:
                    self.assertRegex(partner.function, CJK)
        self.assertEqual(customers.country_id, self.env.ref("base.cn"))
        foreign = self.ref("demo_customer_foreign")
        self.assertEqual(foreign.country_id, self.env.ref("base.th"))
        self.assertNotRegex(foreign.name, CJK)
        self.assertTrue(foreign.child_ids)
        self.assertNotRegex(" ".join(foreign.child_ids.mapped("function")), CJK)

    def test_machine_deals_have_committee_evaluation_and_closing_date(self):
        questions = self.env["crm.evaluation.question"].search([])
        deals = demo_records(self.env, "crm.lead", DEMO_OPEN_DEALS)
        for deal in deals:
            with self.subTest(deal=deal.name):
                self.assertEqual(deal.type, "opportunity")
                self.assertGreater(deal.expected_revenue, 0)
                self.assertTrue(deal.date_deadline, "without a closing date the forecast skips it")
                self.assertGreater(deal.date_deadline, deal.create_date.date())
                self.assertEqual(deal.evaluation_answer_ids.question_id, questions)
                self.assertGreater(deal.evaluation_score, 0)
                self.assertGreaterEqual(len(deal.decision_member_ids), 3)
                self.assertEqual(
                    deal.decision_member_ids.partner_id.commercial_partner_id,
                    deal.partner_id,
                )
                self.assertGreater(deal.probability, 0)
                self.assertTrue(deal.stage_history_ids)
        # spread over every open stage of the pipeline, and one is won
        self.assertEqual(
            set(deals.stage_id.ids),
            {self.env.ref(f"crm.stage_lead{i}").id for i in (1, 2, 3)},
        )
        won = self.ref("demo_lead_won_press_line")
        self.assertTrue(won.stage_id.is_won)
        self.assertEqual(won.evaluation_answer_ids.question_id, questions)
        # 21.55 million of open machine deals that the forecast weighs
        self.assertAlmostEqual(sum(deals.mapped("expected_revenue")), 21550000)
