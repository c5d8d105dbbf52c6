import math
from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import TeamCommon


@tagged("post_install", "-at_install")
class HandoverCommon(TeamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.groups_id |= cls.env.ref("base.group_erp_manager")
        cls.customer2 = cls.env["res.partner"].create(
            {"name": "Guangdong Pump Factory", "is_company": True, "user_id": cls.rep.id}
        )
        cls.lead1 = cls._lead("Hobbing line")
        cls.lead2 = cls._lead("Pump test bench", partner_id=cls.customer2.id)
        cls.lead_locked = cls._lead("Signed press", stage=cls.stage_locked)
        cls.lead_won = cls._lead("Won press", stage=cls.stage_won)
        cls.committee = cls.env["crm.decision.member"].create(
            {
                "lead_id": cls.lead1.id,
                "partner_id": cls.customer_contact.id,
                "role": "decider",
                "attitude": "supporter",
                "last_contact_date": date(2026, 11, 2),
            }
        )
        cls.quotation = cls.env["sale.order"].create(
            {"partner_id": cls.customer.id, "user_id": cls.rep.id, "team_id": cls.sales_team.id}
        )
        todo = cls.env.ref("mail.mail_activity_data_todo")
        Activity = cls.env["mail.activity"]
        cls.activity_lead1, cls.activity_lead2 = Activity.create(
            [
                {
                    "res_model_id": cls.env["ir.model"]._get_id("crm.lead"),
                    "res_id": lead.id,
                    "user_id": cls.rep.id,
                    "activity_type_id": todo.id,
                    "summary": summary,
                    "date_deadline": date.today() + timedelta(days=days),
                }
                for lead, summary, days in [
                    (cls.lead1, "Send the layout drawing", 3),
                    (cls.lead2, "Call the buyer", 1),
                ]
            ]
        )
        (cls.lead1 | cls.lead2).message_subscribe(partner_ids=cls.rep.partner_id.ids)

    def _handover(self, **vals):
        return (
            self.env["crm.handover"]
            .with_user(self.manager)
            .create(
                {
                    "from_user_id": self.rep.id,
                    "to_user_id": self.successor.id,
                    "reason": "Leaves",
                    **vals,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestHandover(HandoverCommon):
    def test_counts_show_what_would_move_before_confirming(self):
        handover = self._handover()
        self.assertTrue(handover.name.startswith("HO/"))
        self.assertEqual(handover.state, "draft")
        self.assertEqual(handover.partner_count, 3)  # two companies and the contact
        self.assertEqual(handover.lead_count, 2)  # not the won one, not the locked stage
        self.assertEqual(handover.order_count, 1)
        self.assertEqual(handover.activity_count, 2)
        self.assertEqual(handover.follower_count, 2)
        self.assertEqual(handover.team_member_count, 2)
        handover.only_allowed_stages = False
        self.assertEqual(handover.lead_count, 3)
        handover.move_leads = False
        self.assertEqual(handover.lead_count, 0)

    def test_confirm_moves_everything_logs_and_notes(self):
        handover = self._handover()
        handover.action_confirm()
        self.assertEqual(handover.state, "done")
        for record in (self.customer, self.customer2, self.customer_contact):
            self.assertEqual(record.user_id, self.successor)
            self.assertEqual(record.previous_user_id, self.rep)
        self.assertEqual((self.lead1 | self.lead2).user_id, self.successor)
        self.assertEqual(self.lead1.previous_user_id, self.rep)
        self.assertEqual(self.lead_locked.user_id, self.rep)
        self.assertEqual(self.lead_won.user_id, self.rep)
        self.assertEqual(self.quotation.user_id, self.successor)
        self.assertEqual((self.activity_lead1 | self.activity_lead2).user_id, self.successor)
        self.assertIn(self.successor.partner_id, self.lead1.message_partner_ids)
        self.assertEqual(self.lead1.team_member_ids.user_id, self.successor)
        # one log line per moved value
        lines = handover.line_ids
        self.assertEqual(
            len(
                lines.filtered(
                    lambda line: line.res_model == "crm.lead" and line.field == "user_id"
                )
            ),
            2,
        )
        line = lines.filtered(
            lambda line: (
                line.res_model == "crm.lead"
                and line.res_id == self.lead1.id
                and line.field == "user_id"
            )
        )
        self.assertEqual(
            (line.field, line.old_value, line.new_value, line.res_name),
            ("user_id", self.rep.name, self.successor.name, "Hobbing line"),
        )
        self.assertEqual(len(lines.filtered(lambda line: line.res_model == "mail.activity")), 2)
        self.assertEqual(len(lines.filtered(lambda line: line.field == "message_partner_ids")), 2)
        self.assertEqual(handover.lead_count, 2)  # a done handover counts what it moved
        # a note in the chatter of each moved record
        for record in (self.lead1, self.customer, self.quotation):
            self.assertTrue(
                record.message_ids.filtered(lambda m: handover.name in (m.body or "")),
                record.display_name,
            )

    def test_customers_split_between_successors(self):
        handover = self._handover(
            successor_ids=[
                Command.create({"partner_id": self.customer2.id, "user_id": self.successor2.id})
            ]
        )
        handover.action_confirm()
        self.assertEqual(self.lead1.user_id, self.successor)
        self.assertEqual(self.lead2.user_id, self.successor2)
        self.assertEqual(self.customer2.user_id, self.successor2)
        self.assertEqual(self.customer.user_id, self.successor)
        self.assertEqual(self.activity_lead2.user_id, self.successor2)
        self.assertEqual(self.activity_lead1.user_id, self.successor)
        self.assertIn(self.successor2.partner_id, self.lead2.message_partner_ids)
        self.assertNotIn(self.successor.partner_id, self.lead2.message_partner_ids)

    def test_successor_line_refuses_a_contact_and_a_duplicate(self):
        with self.assertRaises(ValidationError):
            self._handover(
                successor_ids=[
                    Command.create(
                        {"partner_id": self.customer_contact.id, "user_id": self.successor2.id}
                    )
                ]
            )

    def test_revert_puts_back_what_still_has_the_new_value(self):
        handover = self._handover()
        handover.action_confirm()
        self.lead2.user_id = self.outsider  # changed by hand after the handover
        handover.action_revert()
        self.assertEqual(handover.state, "reverted")
        self.assertEqual(self.lead1.user_id, self.rep)
        self.assertEqual(self.lead2.user_id, self.outsider)
        self.assertEqual(self.customer.user_id, self.rep)
        self.assertEqual(self.quotation.user_id, self.rep)
        self.assertEqual(self.activity_lead1.user_id, self.rep)
        self.assertEqual(self.lead1.team_member_ids.user_id, self.rep)
        self.assertNotIn(self.successor.partner_id, self.lead1.message_partner_ids)
        reverted = handover.line_ids.filtered(lambda line: line.kind == "revert")
        self.assertTrue(reverted)
        self.assertFalse(
            reverted.filtered(
                lambda line: (
                    line.res_model == "crm.lead"
                    and line.res_id == self.lead2.id
                    and line.field == "user_id"
                )
            )
        )
        with self.assertRaises(UserError):
            handover.action_revert()

    def test_refusals(self):
        with self.assertRaises(ValidationError):
            self._handover(to_user_id=self.rep.id)
        archived = new_test_user(self.env, login="tm_gone", groups="sales_team.group_sale_salesman")
        archived.active = False
        with self.assertRaises(ValidationError):
            self._handover(to_user_id=archived.id)
        nothing = self._handover(from_user_id=self.outsider.id)
        with self.assertRaises(UserError):
            nothing.action_confirm()
        handover = self._handover()
        with self.assertRaises(UserError):
            handover.write({"state": "done"})
        handover.action_confirm()
        with self.assertRaises(UserError):
            handover.action_confirm()
        with self.assertRaises(UserError):
            handover.to_user_id = self.successor2
        with self.assertRaises(UserError):
            handover.unlink()
        handover.reason = "Moved to the export team"  # the reason stays editable

    def test_only_sales_managers_create_and_confirm(self):
        with self.assertRaises(AccessError):
            self.env["crm.handover"].with_user(self.outsider).create(
                {"from_user_id": self.rep.id, "to_user_id": self.successor.id}
            )
        handover = self._handover()
        with self.assertRaises(AccessError):
            handover.with_user(self.successor).action_confirm()
        handover.action_confirm()
        line = handover.line_ids[:1]
        # the successor reads the handover, its log and brief, but writes nothing
        self.assertTrue(handover.with_user(self.successor).brief_html)
        self.assertTrue(line.with_user(self.successor).res_name)
        with self.assertRaises(AccessError):
            line.with_user(self.successor).write({"new_value": "x"})
        with self.assertRaises(AccessError):
            line.with_user(self.manager).write({"new_value": "x"})
        with self.assertRaises(AccessError):
            self.env["crm.handover.line"].with_user(self.manager).create(
                {
                    "handover_id": handover.id,
                    "res_model": "crm.lead",
                    "res_id": 1,
                    "field": "user_id",
                }
            )
        with self.assertRaises(AccessError):
            handover.with_user(self.outsider).read(["name"])

    def test_an_employee_without_sales_rights_sees_no_handover_nor_team(self):
        employee = new_test_user(self.env, login="tm_employee", groups="base.group_user")
        handover = self._handover()
        with self.assertRaises(AccessError):
            handover.with_user(employee).read(["name"])
        with self.assertRaises(AccessError):
            self.lead1.team_member_ids.with_user(employee).read(["share_percent"])
        with self.assertRaises(AccessError):
            self.env["crm.handover.line"].with_user(employee).search([])

    def test_only_records_of_the_managers_companies_move(self):
        other = self.env["res.company"].create({"name": "Other Works"})
        self.rep.company_ids |= other
        foreign = self.env["crm.lead"].create(
            {
                "name": "Foreign deal",
                "type": "opportunity",
                "user_id": self.rep.id,
                "company_id": other.id,
            }
        )
        handover = self._handover()
        self.assertNotIn(foreign, handover._get_scope()["leads"])
        handover.action_confirm()
        self.assertEqual(foreign.user_id, self.rep)

    def test_brief_lists_deals_committee_and_quotations_per_customer(self):
        handover = self._handover(
            successor_ids=[
                Command.create({"partner_id": self.customer2.id, "user_id": self.successor2.id})
            ]
        )
        data = {block["customer"]: block for block in handover._get_brief_data()}
        self.assertEqual(set(data), {self.customer, self.customer2})
        block = data[self.customer]
        self.assertEqual(block["successor"], self.successor)
        self.assertEqual(data[self.customer2]["successor"], self.successor2)
        self.assertEqual(block["deals"], self.lead1)
        self.assertEqual(block["committee"], self.committee)
        self.assertEqual(block["quotations"], self.quotation)
        if "service.request" not in self.env:
            self.assertIsNone(block["service_requests"])
        if "sale.execution.step" not in self.env:
            self.assertIsNone(block["installments"])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_manufacturing_team.action_report_handover_brief", handover.ids)[
                0
            ]
            .decode()
        )
        for text in (
            "Jiangsu Gearbox Works",
            "Hobbing line",
            "TM Open",
            "Engineer Zhang",
            "Supporter",
            "Send the layout drawing",
            self.quotation.name,
            "Rep South",
        ):
            self.assertIn(text, html)
        self.assertIn("Hobbing line", handover.brief_html)
        handover.action_confirm()
        data = {block["customer"]: block for block in handover._get_brief_data()}
        self.assertEqual(data[self.customer]["deals"], self.lead1)


@tagged("post_install", "-at_install")
class TestArchiveGuard(HandoverCommon):
    def test_archiving_a_user_who_owns_customers_is_refused(self):
        activities = self.env["mail.activity"].search([("user_id", "=", self.rep.id)])
        with self.assertRaises(RedirectWarning) as caught:
            self.rep.action_archive()
        self.assertIn("hand them over first", str(caught.exception.args[0]))
        self.assertEqual(
            caught.exception.args[1], self.env.ref("crm_manufacturing_team.crm_handover_action").id
        )
        with self.assertRaises(RedirectWarning):
            self.rep.write({"active": False})
        self.assertTrue(self.rep.active)
        self.assertTrue(activities.exists())

    def test_handover_then_archive(self):
        handover = self._handover(archive_user=True, only_allowed_stages=False)
        handover.action_confirm()
        self.assertFalse(self.rep.active)

    def test_archive_refused_when_records_are_left_unless_forced_by_admin(self):
        handover = self._handover(archive_user=True)  # the locked-stage deal stays
        with self.assertRaises(RedirectWarning):
            handover.action_confirm()
        self.assertEqual(handover.state, "draft")
        admin = new_test_user(
            self.env, login="tm_admin", groups="base.group_system,sales_team.group_sale_manager"
        )
        handover = handover.with_user(admin)
        handover.force_archive = True
        with self.assertRaises(UserError):
            handover.action_confirm()  # no reason
        handover.force_archive_reason = "Left the company; the signed deal is closed by finance"
        handover.action_confirm()
        self.assertFalse(self.rep.active)
        self.assertEqual(self.lead_locked.user_id, self.rep)
        self.assertIn("Left the company", handover.message_ids[0].body)

    def test_a_manager_cannot_force(self):
        handover = self._handover(archive_user=True)
        with self.assertRaises(AccessError):
            handover.with_user(self.manager).write({"force_archive": True})

    def test_the_context_keys_of_the_server_cannot_be_sent_by_a_caller(self):
        """The state of a handover and a forced archiving are marked by the server's own code;
        the same keys with plain values, as an XML-RPC caller sends them, pass nothing."""
        handover = self._handover()
        forged = handover.with_user(self.manager).with_context(crm_handover_state_move=True)
        with self.assertRaisesRegex(UserError, "only changes by confirming or reverting"):
            forged.write({"state": "done"})
        self.assertEqual(handover.state, "draft")
        # nor are the confirmation's own fields, on write or create
        with self.assertRaisesRegex(UserError, "only changes by confirming or reverting"):
            handover.with_user(self.manager).write({"done_user_id": self.manager.id})
        with self.assertRaisesRegex(UserError, "only changes by confirming or reverting"):
            self._handover(state="done")
        self.assertFalse(handover.done_user_id)
        with self.assertRaises(RedirectWarning):
            self.rep.with_context(crm_handover_force_archive=True).action_archive()
        self.assertTrue(self.rep.active)

    def test_a_user_owning_nothing_is_archived(self):
        idle = new_test_user(self.env, login="tm_idle", groups="sales_team.group_sale_salesman")
        idle.action_archive()
        self.assertFalse(idle.active)


@tagged("post_install", "-at_install")
class TestHandoverQueries(TeamCommon):
    def _portfolio(self, login, count):
        rep = new_test_user(self.env, login=login, groups="sales_team.group_sale_salesman")
        self.sales_team.member_ids |= rep
        customers = self.env["res.partner"].create(
            [
                {"name": f"{login} customer {i}", "is_company": True, "user_id": rep.id}
                for i in range(3)
            ]
        )
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"{login} deal {i}",
                    "type": "opportunity",
                    "team_id": self.sales_team.id,
                    "user_id": rep.id,
                    "stage_id": self.stage_open.id,
                    "partner_id": customers[i % 3].id,
                    "expected_revenue": 1000 * i,
                }
                for i in range(count)
            ]
        )
        model_id = self.env["ir.model"]._get_id("crm.lead")
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": lead.id,
                    "user_id": rep.id,
                    "activity_type_id": todo.id,
                    "date_deadline": date.today(),
                }
                for lead in leads
            ]
        )
        leads.message_subscribe(partner_ids=rep.partner_id.ids)
        handover = (
            self.env["crm.handover"]
            .with_user(self.manager)
            .create(
                {
                    "from_user_id": rep.id,
                    "to_user_id": self.successor.id,
                    "successor_ids": [
                        Command.create(
                            {"partner_id": customers[0].id, "user_id": self.successor2.id}
                        )
                    ],
                }
            )
        )
        return handover, leads

    def _count_queries(self, handover):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        handover.action_confirm()
        self.env.flush_all()
        return self.env.cr.sql_log_count - start

    def test_200_deals_take_the_statements_of_10_but_for_the_orm_100_row_batches(self):
        # all the data first (creating users clears the rule caches), then a first handover
        # that fills the caches of the process, then the two measured ones
        warmup, _leads = self._portfolio("tm_q0", 3)
        small, _small_leads = self._portfolio("tm_q1", 10)
        big, big_leads = self._portfolio("tm_q2", 200)
        again, _again_leads = self._portfolio("tm_q3", 200)
        self._count_queries(warmup)
        small_count = self._count_queries(small)
        big_count = self._count_queries(big)
        self.assertEqual(set(big_leads.user_id), {self.successor, self.successor2})
        self.assertEqual(
            len(
                big.line_ids.filtered(
                    lambda line: line.res_model == "crm.lead" and line.field == "user_id"
                )
            ),
            200,
        )
        self.assertEqual(
            len(big.line_ids.filtered(lambda line: line.res_model == "mail.activity")), 200
        )
        self.assertEqual(
            len(big.line_ids.filtered(lambda line: line.field == "message_partner_ids")), 200
        )
        # the successor follows with the leaver's subtypes
        lead = big_leads[1]
        follower = self.env["mail.followers"].search(
            [
                ("res_model", "=", "crm.lead"),
                ("res_id", "=", lead.id),
                ("partner_id", "=", lead.user_id.partner_id.id),
            ]
        )
        self.assertTrue(follower.subtype_ids)
        # The handover issues the same statements for 10 and 200 deals: the log lines, the
        # followers and the activities in one statement each whatever their number. What
        # remains is Odoo's ORM, which splits every INSERT and UPDATE into statements of 100
        # rows (odoo.models.INSERT_BATCH_SIZE / UPDATE_BATCH_SIZE): four of them here touch
        # the 200 deals (the deals' salesperson, the team memberships' user and company, the
        # chatter notes), each one statement more per 100 records. Rewriting those in SQL
        # would skip the ORM's recomputations (sales team, company) and mail's logic.
        extra_statements = 4 * (math.ceil(200 / 100) - math.ceil(10 / 100))
        message = f"10 deals: {small_count} queries, 200 deals: {big_count}"
        self.assertEqual(big_count, small_count + extra_statements, message)
        # the same as Odoo's own assertion, on another handover of 200 deals
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small_count + extra_statements):
            again.action_confirm()


@tagged("post_install", "-at_install")
class TestHandoverWithOtherModules(HandoverCommon):
    """The parts of the scope and of the brief that exist only when the contract and credit
    modules are installed (skipped otherwise)."""

    def test_execution_steps_move_and_overdue_installments_are_in_the_brief(self):
        if "sale.execution.step" not in self.env:
            self.skipTest("crm_manufacturing_contract is not installed")
        Step = self.env["sale.execution.step"]
        delivery = Step.create(
            {"order_id": self.quotation.id, "name": "Delivery", "user_id": self.rep.id}
        )
        handover = self._handover()
        self.assertEqual(handover.execution_step_count, 1)
        handover.action_confirm()
        self.assertEqual(delivery.user_id, self.successor)
        data = {block["customer"]: block for block in handover._get_brief_data()}
        self.assertIsNotNone(data[self.customer]["installments"])

    def test_credit_hold_is_in_the_brief(self):
        if "credit_hold" not in self.env["res.partner"]._fields:
            self.skipTest("crm_manufacturing_credit is not installed")
        self.customer.sudo().write({"credit_hold": True, "credit_hold_reason": "90 days overdue"})
        handover = self._handover()
        data = {block["customer"]: block for block in handover._get_brief_data()}
        self.assertTrue(data[self.customer]["credit_hold"])
        self.assertIn("90 days overdue", handover.brief_html)

    def test_open_service_requests_are_in_the_brief(self):
        if "service.request" not in self.env:
            self.skipTest("crm_manufacturing_service is not installed")
        handover = self._handover()
        data = {block["customer"]: block for block in handover._get_brief_data()}
        self.assertEqual(len(data[self.customer]["service_requests"]), 0)
