from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerService(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="glue_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.employee = new_test_user(cls.env, login="glue_employee", groups="base.group_user")
        cls.press = cls.env["product.product"].create(
            {"name": "Press", "type": "consu", "is_serviceable": True, "warranty_months": 24}
        )
        cls.robot = cls.env["product.product"].create(
            {
                "name": "Robot",
                "type": "consu",
                "is_serviceable": True,
                "warranty_months": 12,
                "service_life_years": 5,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Old Machines Ltd", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.site = cls.env["res.partner"].create(
            {"name": "Plant 2", "parent_id": cls.customer.id, "type": "delivery"}
        )
        Equipment = cls.env["service.equipment"]
        cls.old_press = Equipment.create(
            {
                "product_id": cls.press.id,
                "partner_id": cls.customer.id,
                "install_date": "2014-01-10",
            }
        )
        cls.new_press = Equipment.create(
            {"product_id": cls.press.id, "partner_id": cls.site.id, "install_date": "2025-06-10"}
        )
        cls.robot_6y = Equipment.create(
            {
                "product_id": cls.robot.id,
                "partner_id": cls.customer.id,
                "install_date": "2020-03-01",
            }
        )

    def test_service_life_defaults_to_ten_years(self):
        self.assertEqual(self.press.service_life_years, 10)
        with self.assertRaises(ValidationError):
            self.press.service_life_years = 0

    @freeze_time("2026-06-30")
    def test_installed_base_figures_of_the_customer(self):
        self.env.invalidate_all()  # a new request, as the web client's
        customer = self.customer.with_user(self.salesman)
        self.assertEqual(customer.equipment_count, 3, "the site's machine counts for the company")
        # ages 12.47, 1.05 and 6.33 years
        self.assertEqual(customer.equipment_avg_age_years, 6.6)
        self.assertEqual(customer.equipment_replacement_due_count, 2)
        self.assertEqual(
            customer.customer_equipment_ids, self.old_press | self.new_press | self.robot_6y
        )
        with self.assertRaises(AccessError):
            self.customer.with_user(self.employee).read(["equipment_count"])

    @freeze_time("2026-06-30")
    def test_replacement_opportunity_is_opened_once_and_only_when_wanted(self):
        Partner = self.env["res.partner"]
        self.assertFalse(self.env.company.crm_replacement_opportunities, "off by default")
        self.assertFalse(Partner._cron_replacement_opportunities())
        self.env.company.crm_replacement_opportunities = True
        leads = Partner._cron_replacement_opportunities()
        leads = leads.filtered(lambda lead: lead.partner_id == self.customer)
        self.assertEqual(len(leads), 1)
        self.assertEqual(leads.user_id, self.salesman)
        self.assertEqual(leads.replacement_equipment_ids, self.old_press | self.robot_6y)
        self.assertEqual(self.customer.customer_stage, "opportunity")
        # never twice, even once the opportunity is lost
        self.assertFalse(Partner._cron_replacement_opportunities())
        leads.action_set_lost()
        self.assertFalse(Partner._cron_replacement_opportunities())
        self.assertEqual(self.customer.customer_stage, "lost")
        # a machine that comes due later gets its own opportunity
        with freeze_time("2036-07-01"):
            later = Partner._cron_replacement_opportunities()
        mine = later.filtered(lambda lead: lead.partner_id == self.customer)
        self.assertEqual(mine.replacement_equipment_ids, self.new_press)

    def test_open_requests_in_the_360_view(self):
        self.env.invalidate_all()
        request = self.env["service.request"].create(
            {"partner_id": self.customer.id, "equipment_id": self.old_press.id}
        )
        self.assertIn(request, self.customer.customer_open_request_ids)
        self.customer.invalidate_recordset(["customer_open_request_ids"])
        request.action_cancel()
        self.customer.invalidate_recordset(["customer_open_request_ids"])
        self.assertNotIn(request, self.customer.customer_open_request_ids)
