from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_manufacturing_kpi.tests.common import KpiCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestComplaintKpi(KpiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a.user_id = cls.rep_a
        cls.customer_b.user_id = cls.rep_b
        Request = cls.env["service.request"]

        def request(partner, kind, when):
            return Request.create(
                {"partner_id": partner.id, "request_type": kind, "date_request": when}
            )

        # on a contact of the customer: the customer's salesperson answers for it
        request(cls.decider_a, "complaint", datetime(2025, 3, 5, 9))
        request(cls.customer_a, "complaint", datetime(2025, 3, 25, 9))
        request(cls.customer_a, "repair", datetime(2025, 3, 6, 9))  # not a complaint
        cancelled = request(cls.customer_a, "complaint", datetime(2025, 3, 7, 9))
        cancelled.action_cancel()
        request(cls.customer_b, "complaint", datetime(2025, 4, 1, 9))

    def test_complaints_per_rep_and_month(self):
        rows = {
            (row["user_id"][0], row["date:month"]): row["complaint_count"]
            for row in self.Report.get_kpis(
                "2025-01-01",
                "2025-12-31",
                ["user_id", "date:month"],
                [("user_id", "in", (self.rep_a | self.rep_b).ids)],
            )
        }
        self.assertEqual(rows[(self.rep_a.id, "2025-03-01")], 2)
        self.assertEqual(rows[(self.rep_b.id, "2025-04-01")], 1)
        self.assertEqual(rows[(self.rep_b.id, "2025-02-01")], 0)
        # the other figures are untouched
        march = self.Report.search(
            [("user_id", "=", self.rep_a.id), ("date", "=", date(2025, 3, 1))]
        )
        self.assertEqual((march.complaint_count, march.visit_count), (2, 3))

    def test_complaint_target_less_is_better(self):
        target = self.Target.create(
            {
                "name": "At most one complaint",
                "user_id": self.rep_a.id,
                "metric": "complaint_count",
                "target_value": 1,
                "date_from": date(2025, 3, 1),
                "date_to": date(2025, 3, 31),
            }
        )
        self.assertEqual((target.actual_value, target.achievement_percent), (2.0, 50.0))

    def test_salesperson_sees_complaints_of_own_customers_only(self):
        rows = self.Report.with_user(self.rep_b).get_kpis("2025-01-01", "2025-12-31", ["user_id"])
        self.assertEqual(
            [(row["user_id"][0], row["complaint_count"]) for row in rows], [(self.rep_b.id, 1)]
        )
