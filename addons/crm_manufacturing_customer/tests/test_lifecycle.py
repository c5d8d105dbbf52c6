from freezegun import freeze_time

from odoo.tests import tagged

from .common import CustomerCase


@tagged("post_install", "-at_install")
class TestLifecycle(CustomerCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2024-01-01 09:00:00"):
            cls.customer = cls.env["res.partner"].create(
                {"name": "Lifecycle Works", "is_company": True, "user_id": cls.salesman.id}
            )
            cls.contact = cls.env["res.partner"].create(
                {"name": "Lin Buyer", "parent_id": cls.customer.id}
            )

    def _stage(self, partner):
        partner.invalidate_recordset(["customer_stage"])
        return partner.customer_stage

    def test_customer_goes_through_every_stage_from_events_and_the_daily_check(self):
        self.assertEqual(self._stage(self.customer), "target")
        with freeze_time("2024-02-10 10:00:00"):
            lead = self.env["crm.lead"].create(
                {"name": "Press line", "type": "lead", "partner_id": self.contact.id}
            )
        self.assertEqual(self._stage(self.customer), "prospect", "a lead of a contact counts")
        with freeze_time("2024-03-10 10:00:00"):
            lead.write({"type": "opportunity"})
        self.assertEqual(self._stage(self.customer), "opportunity")
        self._order(self.customer, 1000, "2024-04-15 10:00:00")
        self.assertEqual(self._stage(self.customer), "customer")
        self._order(self.contact, 2000, "2024-06-01 10:00:00")
        self.assertEqual(self._stage(self.customer), "repeat")
        # 23 months after the last order: still repeat; 24 months: dormant
        with freeze_time("2026-05-20 03:00:00"):
            self.env["res.partner"]._cron_refresh_customer_lifecycle()
        self.assertEqual(self._stage(self.customer), "repeat")
        with freeze_time("2026-06-02 03:00:00"):
            self.env["res.partner"]._cron_refresh_customer_lifecycle()
        self.assertEqual(self._stage(self.customer), "dormant")
        # a new order wakes it up
        self._order(self.customer, 3000, "2026-07-01 10:00:00")
        self.assertEqual(self._stage(self.customer), "repeat")

        history = self.env["crm.customer.stage.history"].search(
            [("partner_id", "=", self.customer.id)], order="date, id"
        )
        self.assertEqual(
            history.mapped("stage"),
            ["target", "prospect", "opportunity", "customer", "repeat", "dormant", "repeat"],
        )
        self.assertEqual(history[5].previous_stage, "repeat")
        self.assertEqual(str(history[5].date.date()), "2026-06-02")
        # the changes are in the chatter (not the first stage, set at creation)
        tracking = self.env["mail.tracking.value"].search(
            [
                ("field_id.name", "=", "customer_stage"),
                ("mail_message_id.res_id", "=", self.customer.id),
                ("mail_message_id.model", "=", "res.partner"),
            ]
        )
        self.assertEqual(len(tracking), 6)
        self.assertIn("Dormant", tracking.mapped("new_value_char"))
        # the contact itself has no stage of its own to track
        self.assertFalse(
            self.env["crm.customer.stage.history"].search([("partner_id", "=", self.contact.id)])
        )

    def test_lost_when_every_opportunity_is_lost_and_no_order(self):
        customer = self.env["res.partner"].create({"name": "Lost Cause Ltd", "is_company": True})
        first = self.env["crm.lead"].create(
            {"name": "Mill", "type": "opportunity", "partner_id": customer.id}
        )
        second = self.env["crm.lead"].create(
            {"name": "Grinder", "type": "opportunity", "partner_id": customer.id}
        )
        first.action_set_lost()
        self.assertEqual(self._stage(customer), "opportunity", "one opportunity is still open")
        second.action_set_lost()
        self.assertEqual(self._stage(customer), "lost")
        second.action_unarchive()
        self.assertEqual(self._stage(customer), "opportunity")

    def test_cancelled_order_moves_the_customer_back(self):
        customer = self.env["res.partner"].create({"name": "Cancel Co", "is_company": True})
        order = self._order(customer, 500)
        self.assertEqual(self._stage(customer), "customer")
        order._action_cancel()
        self.assertEqual(self._stage(customer), "target")

    def test_dormant_months_come_from_the_company(self):
        self.company.crm_dormant_months = 6
        customer = self.env["res.partner"].create(
            {"name": "Short Memory", "is_company": True, "company_id": self.company.id}
        )
        self._order(customer, 500, "2025-01-01 10:00:00")
        with freeze_time("2025-07-02 03:00:00"):
            self.env["res.partner"]._cron_refresh_customer_lifecycle()
        self.assertEqual(self._stage(customer), "dormant")

    def test_daily_check_writes_nothing_when_nothing_changed(self):
        partners = self.env["res.partner"]
        partners._cron_refresh_customer_lifecycle()
        count = self.env["crm.customer.stage.history"].search_count([])
        messages = self.env["mail.message"].search_count([("model", "=", "res.partner")])
        self.assertEqual(partners._refresh_customer_stage(), {})
        self.assertEqual(self.env["crm.customer.stage.history"].search_count([]), count)
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "res.partner")]), messages
        )

    def test_stage_refresh_query_count_does_not_grow_with_customers(self):
        few = self.env["res.partner"].create(
            [{"name": f"Few {i}", "is_company": True} for i in range(2)]
        )
        many = self.env["res.partner"].create(
            [{"name": f"Many {i}", "is_company": True} for i in range(30)]
        )
        self.env["crm.lead"].create(
            [{"name": f"L {p.name}", "partner_id": p.id, "type": "lead"} for p in few | many]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET customer_stage = 'target' WHERE id = ANY(%s)",
            [(few | many).ids],
        )
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=6):
            few._refresh_customer_stage()
        with self.assertQueryCount(__system__=6):
            many._refresh_customer_stage()
        self.assertEqual(set(many.mapped("customer_stage")), {"prospect"})

    def test_lifecycle_report_counts_customers_per_stage_and_month(self):
        with freeze_time("2024-02-10 10:00:00"):
            self.env["crm.lead"].create(
                {"name": "Press line", "type": "lead", "partner_id": self.customer.id}
            )
        self._order(self.customer, 1000, "2024-04-15 10:00:00")
        self.env.flush_all()
        report = self.env["crm.customer.lifecycle.report"]
        rows = report.search([("partner_id", "=", self.customer.id)])
        by_month = {str(row.month): row.stage for row in rows}
        self.assertEqual(by_month["2024-01-01"], "target")
        self.assertEqual(by_month["2024-02-01"], "prospect")
        self.assertEqual(by_month["2024-03-01"], "prospect")
        self.assertEqual(by_month["2024-04-01"], "customer")
        groups = report._read_group(
            [("month", "=", "2024-02-01")], ["stage"], ["customer_count:sum"]
        )
        self.assertGreaterEqual(dict(groups)["prospect"], 1)
