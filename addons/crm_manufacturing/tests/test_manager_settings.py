"""The one way a manager who is not an administrator changes settings of his company: the
fields res.company._get_manager_settings_fields grants to his groups, on the company's own
form or through a settings form, of the companies he works in (issue 20)."""

from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_manufacturing.models.res_company import COMPANY_FORM, SETTINGS_FORM_KEY

# two groups of the core's dependencies that do not imply each other
GROUP_X = "sales_team.group_sale_manager"
GROUP_Y = "base.group_partner_manager"
FORM = "crm.manufacturing.test.settings"


@tagged("post_install", "-at_install")
class TestManagerSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Works"})
        # the addons that grant settings also give their groups the right to write companies
        for xmlid in (GROUP_X, GROUP_Y):
            cls.env["ir.model.access"].create(
                {
                    "name": f"res.company {xmlid}",
                    "model_id": cls.env.ref("base.model_res_company").id,
                    "group_id": cls.env.ref(xmlid).id,
                    "perm_read": True,
                    "perm_write": True,
                }
            )
        cls.user_x = new_test_user(cls.env, "settings_x", groups=GROUP_X)
        cls.user_y = new_test_user(cls.env, "settings_y", groups=f"base.group_user,{GROUP_Y}")
        cls.user_x.company_ids |= cls.other_company
        # renaming a company renames its partner: the administrator may edit contacts too
        cls.admin = new_test_user(
            cls.env, "settings_admin", groups="base.group_erp_manager,base.group_partner_manager"
        )
        for user in (cls.user_x, cls.user_y):
            assert not user.has_group("base.group_erp_manager")
        assert not cls.user_x.has_group(GROUP_Y) and not cls.user_y.has_group(GROUP_X)

    def setUp(self):
        super().setUp()
        grants = {
            COMPANY_FORM: {GROUP_X: {"crm_probability_mode"}, GROUP_Y: {"crm_committee_floor"}},
            FORM: {GROUP_Y: {"crm_plan_stages_on_create"}},
        }
        Company = type(self.env["res.company"])
        self.startPatcher(
            patch.object(Company, "_get_manager_settings_fields", lambda self: grants, create=False)
        )
        self.company.write(
            {
                "crm_probability_mode": "predictive",
                "crm_committee_floor": 0.5,
                "crm_plan_stages_on_create": False,
            }
        )

    def test_user_writes_the_fields_of_his_group_only(self):
        self.company.with_user(self.user_x).write({"crm_probability_mode": "stage"})
        self.company.with_user(self.user_y).write({"crm_committee_floor": 0.25})
        self.assertRecordValues(
            self.company, [{"crm_probability_mode": "stage", "crm_committee_floor": 0.25}]
        )
        for user, vals in (
            (self.user_x, {"crm_committee_floor": 0.75}),
            (self.user_y, {"crm_probability_mode": "stage_committee"}),
            (self.user_x, {"name": "Renamed"}),
            (self.user_x, {"crm_probability_mode": "stage_committee", "name": "Renamed"}),
            (self.user_y, {"crm_committee_floor": 0.75, "crm_probability_mode": "predictive"}),
        ):
            with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                self.company.with_user(user).write(vals)
        self.assertRecordValues(
            self.company,
            [
                {
                    "name": self.company.name,
                    "crm_probability_mode": "stage",
                    "crm_committee_floor": 0.25,
                }
            ],
        )
        self.assertNotEqual(self.company.name, "Renamed")

    def test_refusal_names_the_refused_fields(self):
        with self.assertRaisesRegex(AccessError, "Company Name"):
            self.company.with_user(self.user_x).write({"name": "Renamed"})

    def test_only_the_companies_he_works_in(self):
        # granted fields, but of a company he does not belong to
        with self.assertRaises(AccessError):
            self.other_company.with_user(self.user_y).write({"crm_committee_floor": 0.1})
        # a company of his, but not among the companies he works in now
        other = self.other_company.with_user(self.user_x)
        with self.assertRaises(AccessError):
            other.with_context(allowed_company_ids=self.company.ids).write(
                {"crm_probability_mode": "stage"}
            )
        self.assertRecordValues(
            self.other_company, [{"crm_probability_mode": "predictive", "crm_committee_floor": 0.5}]
        )
        # once he works in it, it is his to set
        other.with_context(allowed_company_ids=self.other_company.ids).write(
            {"crm_probability_mode": "stage"}
        )
        self.assertEqual(self.other_company.crm_probability_mode, "stage")

    def test_form_fields_only_through_their_form(self):
        company = self.company.with_user(self.user_y)
        with self.assertRaises(AccessError):
            company.write({"crm_plan_stages_on_create": True})
        # a context key an RPC caller sends (a plain string) is not the form
        with self.assertRaises(AccessError):
            company.with_context(**{SETTINGS_FORM_KEY: FORM}).write(
                {"crm_plan_stages_on_create": True}
            )
        self.assertFalse(self.company.crm_plan_stages_on_create)
        company._write_manager_settings(FORM, {"crm_plan_stages_on_create": True})
        self.assertTrue(self.company.crm_plan_stages_on_create)
        # the form grants its own fields only, and to its groups only
        with self.assertRaises(AccessError):
            company._write_manager_settings(FORM, {"crm_committee_floor": 0.1})
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_x)._write_manager_settings(
                FORM, {"crm_plan_stages_on_create": False}
            )
        self.assertEqual(
            self.env["res.company"].with_user(self.user_y)._get_user_settings_fields(FORM),
            {"crm_plan_stages_on_create"},
        )

    def test_users_without_grant_are_refused_by_the_access_rights(self):
        salesman = new_test_user(self.env, "settings_rep", groups="sales_team.group_sale_salesman")
        with self.assertRaises(AccessError):
            self.company.with_user(salesman).write({"crm_probability_mode": "stage"})

    def test_administrators_are_unrestricted(self):
        self.company.with_user(self.admin).write(
            {"name": "Renamed Works", "crm_probability_mode": "stage", "crm_committee_floor": 0.1}
        )
        self.assertRecordValues(
            self.company,
            [
                {
                    "name": "Renamed Works",
                    "crm_probability_mode": "stage",
                    "crm_committee_floor": 0.1,
                }
            ],
        )
