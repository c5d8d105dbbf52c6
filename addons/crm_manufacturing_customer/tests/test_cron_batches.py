from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.tests.cron_common import CronBatchMixin

from ..models.customer_sql import VALUE_COLUMNS
from .common import CustomerCase

HUGE = 10**6


class CustomerCronCase(CronBatchMixin, CustomerCase):
    def _cron_call_killed_at_commit(self, batch_size):
        """One call that dies when it reports its progress, after all its writes and before
        the runner's commit: nothing of that batch stays."""
        self._cron_call_killed(batch_size, "ir.cron", "_notify_progress", 1)

    def _assert_batch_queries_constant(self):
        """Set-based batches: after a first call (caches warm), a call of 1 and a call of 3
        make as many queries."""
        self._assert_cron_calls(1, [(1, 4)])
        queries = []
        for batch_size, expected in ((1, (1, 3)), (3, (3, 0))):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._assert_cron_calls(batch_size, [expected])
            queries.append(self.env.cr.sql_log_count - before)
        self.assertEqual(queries[0], queries[1])


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestLifecycleCronBatches(CustomerCronCase):
    _cron_xmlid = "crm_manufacturing_customer.ir_cron_customer_lifecycle"
    _cron_method = "_cron_refresh_customer_lifecycle"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        Partner._cron_refresh_customer_lifecycle(batch_size=HUGE)  # nothing left from other data
        cls.customers = Partner.create(
            [{"name": f"Sleepy Works {i}", "is_company": True} for i in range(5)]
        )
        for customer in cls.customers:
            # one order 30 months ago: dormant at the next daily check
            cls._order(customer, 1000, "2024-01-01 10:00:00")
        cls.customers.invalidate_recordset()

    def _dormant_history(self):
        """{customer: number of history rows to dormant}"""
        groups = self.env["crm.customer.stage.history"]._read_group(
            [("partner_id", "in", self.customers.ids), ("stage", "=", "dormant")],
            ["partner_id"],
            ["__count"],
        )
        return dict(groups)

    def _stages(self):
        self.customers.invalidate_recordset(["customer_stage"])
        return self.customers.mapped("customer_stage")

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        self.assertEqual(self._stages(), ["customer"] * 5)
        self._assert_cron_calls(2, [(2, 3)])
        self.assertEqual(self._stages(), ["dormant"] * 2 + ["customer"] * 3)
        # the next batch dies after its writes, before the commit: nothing of it stays
        self._cron_call_killed_at_commit(2)
        self.assertEqual(self._stages(), ["dormant"] * 2 + ["customer"] * 3)
        self.assertEqual(self._dormant_history(), dict.fromkeys(self.customers[:2], 1))
        # the next run changes the other customers only, each once
        self._assert_cron_calls(2, [(2, 1), (1, 0), (0, 0)])
        self.assertEqual(self._stages(), ["dormant"] * 5)
        self.assertEqual(self._dormant_history(), dict.fromkeys(self.customers, 1))
        tracking = self.env["mail.tracking.value"].search(
            [
                ("field_id.name", "=", "customer_stage"),
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "in", self.customers.ids),
                ("new_value_char", "=", "Dormant"),
            ]
        )
        self.assertEqual(len(tracking), 5, "one chatter line per change")

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(4, [(4, 1), (1, 0)])
        self.assertEqual(self._stages(), ["dormant"] * 5)

    def test_cron_batch_query_count_does_not_grow_with_the_batch(self):
        self._assert_batch_queries_constant()
        self.assertEqual(self._dormant_history(), dict.fromkeys(self.customers, 1))
        self.assertEqual(self._dormant_history(), dict.fromkeys(self.customers, 1))


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestValueCronBatches(CustomerCronCase):
    _cron_xmlid = "crm_manufacturing_customer.ir_cron_customer_value"
    _cron_method = "_cron_refresh_customer_value"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [{"name": f"Value Works {i}", "is_company": True} for i in range(4)]
        )
        for i, customer in enumerate(cls.customers):
            cls._order(customer, 1000 * (i + 1), f"2026-0{i + 1}-10 10:00:00")
        cls.former = Partner.create({"name": "Former Buyer", "is_company": True})
        # the daily figures of every customer, these ones ranked among the others
        Partner._cron_refresh_customer_value(batch_size=HUGE)
        cls.customers.invalidate_recordset()
        cls.expected = cls._figures(cls.customers)
        # then changed in SQL (an import): four customers lost their figures and a partner
        # without orders has some
        key = str(cls.company.id)
        cls.env.cr.execute(
            SQL(
                "UPDATE res_partner SET %s WHERE id IN %s",
                SQL(", ").join(
                    SQL("%s = NULL", SQL.identifier(column)) for column in VALUE_COLUMNS
                ),
                tuple(cls.customers.ids),
            )
        )
        cls.env.cr.execute(
            SQL(
                "UPDATE res_partner SET rfm_segment = jsonb_build_object(%s, 'loyal'), "
                "rfm_frequency = jsonb_build_object(%s, 3) WHERE id = %s",
                key,
                key,
                cls.former.id,
            )
        )
        Partner.invalidate_model()

    @classmethod
    def _figures(cls, partners):
        partners.invalidate_recordset()
        return [
            (
                partner.rfm_last_order_date,
                partner.rfm_frequency,
                partner.rfm_monetary,
                partner.rfm_r,
                partner.rfm_f,
                partner.rfm_m,
                partner.rfm_segment,
                partner.amount_last_12_months,
            )
            for partner in partners
        ]

    def _assert_all_written_once(self):
        self.assertEqual(self._figures(self.customers), self.expected)
        self.assertEqual(self._figures(self.former), [(False, 0, 0.0, 0, 0, 0, False, 0.0)])
        # nothing left: the next call writes nothing
        self.assertEqual(self._cron_call(self._cron_xmlid, self._cron_method, batch_size=2), (0, 0))

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        self.assertEqual(
            [dates for dates, *__ in self.expected], [date(2026, i, 10) for i in range(1, 5)]
        )
        # changed customers first (by id), then the partner to clear
        self._assert_cron_calls(2, [(2, 3)])
        figures = self._figures(self.customers)
        self.assertEqual(figures[:2], self.expected[:2])
        self.assertFalse(any(rfm_date for rfm_date, *__ in figures[2:]))
        # the next batch dies after its writes, before the commit: nothing of it stays
        self._cron_call_killed_at_commit(2)
        self.assertFalse(any(rfm_date for rfm_date, *__ in self._figures(self.customers)[2:]))
        self.assertEqual(self.former.rfm_segment, "loyal")
        # the next run writes the rest only
        self._assert_cron_calls(2, [(2, 1), (1, 0), (0, 0)])
        self._assert_all_written_once()

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(4, [(4, 1), (1, 0)])
        self._assert_all_written_once()

    def test_cron_batch_query_count_does_not_grow_with_the_batch(self):
        self._assert_batch_queries_constant()
        self._assert_all_written_once()


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 12:00:00")
class TestProfileCronBatches(CustomerCronCase):
    _cron_xmlid = "crm_manufacturing_customer.ir_cron_customer_profile"
    _cron_method = "_cron_profile_activities"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # only our rule, on customers of our category
        cls.env["crm.customer.profile.rule"].search([]).unlink()
        cls.category = cls.env["res.partner.category"].create({"name": "Batch Profile"})
        cls.env["crm.customer.profile.rule"].create(
            {
                "field_id": cls.env["ir.model.fields"]._get("res.partner", "vat").id,
                "category_id": cls.category.id,
            }
        )
        Partner._cron_profile_activities(batch_size=HUGE)  # nothing left from other data
        cls.users = cls.env["res.users"]
        for i in range(7):
            cls.users |= new_test_user(
                cls.env, login=f"profile_batch_{i}", groups="sales_team.group_sale_salesman"
            )
        cls.users = cls.users.sorted("id")
        cls.customers = Partner.create(
            [
                {
                    "name": f"Unknown Works {i}",
                    "is_company": True,
                    "user_id": user.id,
                    "category_id": [(6, 0, cls.category.ids)],
                }
                for i, user in enumerate(cls.users)
            ]
        )
        cls.activity_type = cls.env.ref("crm_manufacturing_customer.mail_activity_type_profile")
        Partner._cron_profile_activities(batch_size=HUGE)
        activities = cls._open_activities()
        # a week later: two responsibles have one more customer to complete, three did
        # their activity; the other two have nothing new
        cls.new_customers = Partner.create(
            [
                {
                    "name": f"New Unknown {i}",
                    "is_company": True,
                    "user_id": user.id,
                    "category_id": [(6, 0, cls.category.ids)],
                }
                for i, user in enumerate(cls.users[:2])
            ]
        )
        cls.untouched = activities.filtered(lambda a: a.user_id in cls.users[2:4])
        cls.untouched_notes = cls.untouched.mapped("note")
        activities.filtered(lambda a: a.user_id in cls.users[4:]).action_done()
        cls.todo = cls.users[:2] | cls.users[4:]

    @classmethod
    def _open_activities(cls):
        return cls.env["mail.activity"].search(
            [
                ("activity_type_id", "=", cls.activity_type.id),
                ("user_id", "in", cls.users.ids),
            ],
            order="user_id",
        )

    def _per_user(self):
        """{user: number of open profile activities}"""
        domain = [
            ("activity_type_id", "=", self.activity_type.id),
            ("user_id", "in", self.users.ids),
        ]
        return dict(self.env["mail.activity"]._read_group(domain, ["user_id"], ["__count"]))

    def _assert_each_once(self):
        self.assertEqual(self._per_user(), dict.fromkeys(self.users, 1))
        activities = self._open_activities()
        for activity, user in zip(activities[:2], self.users[:2], strict=True):
            self.assertEqual(activity.user_id, user)
            self.assertIn("New Unknown", str(activity.note))
            self.assertEqual(activity.summary, "Complete the profile of 2 customers")
        self.assertEqual(self.untouched.mapped("note"), self.untouched_notes)

    def test_cron_batch_interrupted_run_finishes_rest_without_duplicates(self):
        self.assertEqual(self._per_user(), dict.fromkeys(self.users[:4], 1))
        # the two outdated activities first (lowest user ids), then the missing ones
        self._assert_cron_calls(2, [(2, 3)])
        self.assertEqual(self._per_user(), dict.fromkeys(self.users[:4], 1))
        self.assertIn("New Unknown", str(self._open_activities()[0].note))
        # the next batch dies after creating its activities, before the commit
        self._cron_call_killed_at_commit(2)
        self.assertEqual(self._per_user(), dict.fromkeys(self.users[:4], 1))
        # the next run creates the missing activities only, each once
        self._assert_cron_calls(2, [(2, 1), (1, 0), (0, 0)])
        self._assert_each_once()

    def test_cron_job_reports_progress_to_ir_cron(self):
        self._assert_cron_triggers(4, [(4, 1), (1, 0), (0, 0)])
        self._assert_each_once()
