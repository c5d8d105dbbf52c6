from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerCase


@tagged("post_install", "-at_install")
class TestProfile(CustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the rules of the database (demo or configured) are not ours
        cls.env["crm.customer.profile.rule"].search([]).unlink()
        field = cls.env["ir.model.fields"]._get
        cls.oem = cls.env["res.partner.category"].create({"name": "OEM"})
        cls.rules = cls.env["crm.customer.profile.rule"].create(
            [
                {"field_id": field("res.partner", "email").id, "weight": 1},
                {"field_id": field("res.partner", "phone").id, "weight": 1},
                {
                    "field_id": field("res.partner", "vat").id,
                    "weight": 2,
                    "category_id": cls.oem.id,
                },
            ]
        )
        cls.other_salesman = new_test_user(
            cls.env, login="customer_salesman_2", groups="sales_team.group_sale_salesman"
        )
        cls.oem_customer = cls.env["res.partner"].create(
            {
                "name": "OEM Gears",
                "is_company": True,
                "email": "buy@oem-gears.example.com",
                "category_id": [(6, 0, cls.oem.ids)],
                "user_id": cls.salesman.id,
            }
        )
        cls.plain_customer = cls.env["res.partner"].create(
            {
                "name": "Plain Parts",
                "is_company": True,
                "email": "info@plain.example.com",
                "phone": "+86 21 5555 0000",
                "user_id": cls.salesman.id,
            }
        )
        cls.empty_customer = cls.env["res.partner"].create(
            {"name": "Nothing Known", "is_company": True, "user_id": cls.other_salesman.id}
        )

    def test_completeness_from_the_rules_of_the_customers_categories(self):
        self.assertEqual(self.oem_customer.profile_completeness, 25)
        self.assertEqual(self.oem_customer.profile_missing, "Phone, Tax ID")
        self.assertEqual(self.plain_customer.profile_completeness, 100)
        self.assertFalse(self.plain_customer.profile_missing)
        self.assertEqual(self.empty_customer.profile_completeness, 0)
        # filling a field and changing the category recompute the stored value
        self.oem_customer.phone = "+86 10 1234 5678"
        self.assertEqual(self.oem_customer.profile_completeness, 50)
        self.oem_customer.category_id = False
        self.assertEqual(self.oem_customer.profile_completeness, 100)
        # a new rule applies at once
        self.env["crm.customer.profile.rule"].create(
            {"field_id": self.env["ir.model.fields"]._get("res.partner", "website").id}
        )
        self.assertEqual(self.plain_customer.profile_completeness, 67)
        self.assertEqual(self.plain_customer.profile_missing, "Website Link")

    def test_rule_weights_are_positive(self):
        with self.assertRaises(ValidationError):
            self.rules[0].weight = 0

    def test_responsible_defaults_to_the_salesperson(self):
        self.assertEqual(self.oem_customer.profile_user_id, self.salesman)
        self.oem_customer.profile_user_id = self.other_salesman
        self.oem_customer.user_id = self.env.user
        self.assertEqual(self.oem_customer.profile_user_id, self.other_salesman, "kept")

    def test_incomplete_profile_filter(self):
        partners = self.env["res.partner"].search([("profile_incomplete", "=", True)])
        self.assertIn(self.oem_customer, partners)
        self.assertIn(self.empty_customer, partners)
        self.assertNotIn(self.plain_customer, partners)
        complete = self.env["res.partner"].search([("profile_incomplete", "=", False)])
        self.assertIn(self.plain_customer, complete)
        self.assertNotIn(self.oem_customer, complete)

    @freeze_time("2026-03-02 06:00:00")
    def test_weekly_activity_one_per_responsible_never_two_open(self):
        Partner = self.env["res.partner"]
        Activity = self.env["mail.activity"]
        activity_type = self.env.ref("crm_manufacturing_customer.mail_activity_type_profile")
        created = Partner._cron_profile_activities()
        mine = created.filtered(lambda a: a.user_id == self.salesman)
        self.assertEqual(len(mine), 1)
        self.assertIn("OEM Gears", str(mine.note))
        self.assertIn("Phone, Tax ID", str(mine.note))
        self.assertNotIn("Plain Parts", str(mine.note))
        self.assertEqual(len(created.filtered(lambda a: a.user_id == self.other_salesman)), 1)
        # next week: updated, not doubled
        self.oem_customer.vat = "CN123"
        self.assertFalse(Partner._cron_profile_activities())
        domain = [("activity_type_id", "=", activity_type.id), ("user_id", "=", self.salesman.id)]
        self.assertEqual(Activity.search_count(domain), 1)
        self.assertIn("Phone", str(mine.note))
        self.assertNotIn("Tax ID", str(mine.note))
        # once done, the next run opens a new one
        mine.action_done()
        self.assertEqual(len(Partner._cron_profile_activities()), 1)
        self.assertEqual(Activity.search_count(domain), 1)

    def test_the_minimum_completeness_comes_from_the_company(self):
        self.company.crm_profile_min_completeness = 20
        self.assertNotIn(
            self.oem_customer,
            self.env["res.partner"].search([("profile_incomplete", "=", True)]),
        )
        with self.assertRaises(ValidationError):
            self.company.crm_profile_min_completeness = 120

    def test_report_by_category_and_responsible(self):
        self.env.flush_all()
        report = self.env["crm.customer.profile.report"]
        rows = report.search([("partner_id", "in", (self.oem_customer | self.empty_customer).ids)])
        self.assertEqual(rows.category_id, self.oem)
        groups = report._read_group(
            [("partner_id", "in", (self.oem_customer | self.empty_customer).ids)],
            ["category_id", "profile_user_id"],
            ["profile_completeness:avg", "incomplete_count:sum"],
        )
        self.assertIn((self.oem, self.salesman, 25, 1), groups)
        self.assertIn((report.category_id, self.other_salesman, 0, 1), groups)
        # a salesperson sees the rows of their customers only
        mine = report.with_user(self.salesman).search([])
        self.assertIn(self.oem_customer, mine.partner_id)
        self.assertNotIn(self.empty_customer, mine.partner_id)

    def test_only_sales_managers_change_the_rules(self):
        with self.assertRaises(AccessError):
            self.rules[0].with_user(self.salesman).weight = 3
        manager = new_test_user(
            self.env, login="profile_manager", groups="sales_team.group_sale_manager"
        )
        self.rules[0].with_user(manager).weight = 3
        self.assertEqual(self.plain_customer.profile_completeness, 100)
