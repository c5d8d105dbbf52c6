from datetime import datetime

from freezegun import freeze_time

from odoo import Command

from odoo.addons.crm_manufacturing.tests.common import (
    SALES_MANAGER,
    CrmManufacturingCase,
    make_users,
)


class KpiCommon(CrmManufacturingCase):
    """Two reps in two teams and two regions, with activities, meetings (with and without
    members of the buying committee), quotations and won/lost deals at fixed dates in 2025.

    Expected figures (rep A, East team, region XA; rep B, West team, region XB):

    ============  =======  ========  =========  ======  ====  ===  ===  ====  ====
    rep, month    visits   deciders  committee  quotes  new   won  lost  amount days
    ============  =======  ========  =========  ======  ====  ===  ===  ====  ====
    A 2025-01                                           1
    A 2025-02                                           2
    A 2025-03     3        2         3          2/15k         2    1    150k  64+47
    B 2025-01                                           1
    B 2025-02     1                             1/7k
    B 2025-03                                           2          1
    B 2025-04     1        0         1                        1         80k   87
    ============  =======  ========  =========  ======  ====  ===  ===  ====  ====
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        country = cls.env.ref("base.cn")
        State = cls.env["res.country.state"]
        cls.state_a = State.create(
            {"name": "KPI Region A", "code": "XKA", "country_id": country.id}
        )
        cls.state_b = State.create(
            {"name": "KPI Region B", "code": "XKB", "country_id": country.id}
        )
        cls.rep_a, cls.rep_b, cls.leader = make_users(
            cls.env,
            ("kpi_rep_a", "KPI Rep A"),
            ("kpi_rep_b", "KPI Rep B"),
            ("kpi_leader", "KPI Leader"),
        )
        [cls.manager] = make_users(cls.env, ("kpi_manager", "KPI Manager"), groups=SALES_MANAGER)
        Team = cls.env["crm.team"]
        cls.team_east = Team.create(
            {
                "name": "KPI East",
                "user_id": cls.leader.id,
                "crm_team_member_ids": [Command.create({"user_id": cls.rep_a.id})],
            }
        )
        cls.team_west = Team.create(
            {
                "name": "KPI West",
                "crm_team_member_ids": [Command.create({"user_id": cls.rep_b.id})],
            }
        )
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "KPI Press Works", "is_company": True, "state_id": cls.state_a.id}
        )
        cls.customer_b = Partner.create(
            {"name": "KPI Foundry", "is_company": True, "state_id": cls.state_b.id}
        )
        cls.decider_a = Partner.create({"name": "KPI Director", "parent_id": cls.customer_a.id})
        cls.engineer_a = Partner.create({"name": "KPI Engineer", "parent_id": cls.customer_a.id})
        cls.clerk_a = Partner.create({"name": "KPI Clerk", "parent_id": cls.customer_a.id})
        cls.buyer_b = Partner.create({"name": "KPI Buyer", "parent_id": cls.customer_b.id})
        cls.visit_type = cls.env.ref("crm_manufacturing_kpi.mail_activity_type_customer_visit")
        cls.visit_tag = cls.env.ref("crm_manufacturing_kpi.calendar_event_type_customer_visit")

        def opportunity(name, user, customer, team, revenue, created, type_="opportunity"):
            lead = cls.env["crm.lead"].create(
                {
                    "name": name,
                    "type": type_,
                    "user_id": user.id,
                    "team_id": team.id,
                    "partner_id": customer.id,
                    "expected_revenue": revenue,
                }
            )
            # the creation date is the server's clock: set it to the scenario's date
            cls.env.flush_all()
            cls.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s", (created, lead.id)
            )
            lead.invalidate_recordset(["create_date"])
            return lead

        cls.opp_a1 = opportunity(
            "A1", cls.rep_a, cls.customer_a, cls.team_east, 100000, datetime(2025, 1, 10, 10)
        )
        cls.opp_a2 = opportunity(
            "A2", cls.rep_a, cls.customer_a, cls.team_east, 50000, datetime(2025, 2, 1, 10)
        )
        cls.opp_a3 = opportunity(
            "A3", cls.rep_a, cls.customer_a, cls.team_east, 30000, datetime(2025, 2, 10, 10)
        )
        cls.lead_a = opportunity(
            "A lead", cls.rep_a, cls.customer_a, cls.team_east, 0, datetime(2025, 3, 2), "lead"
        )
        cls.opp_b1 = opportunity(
            "B1", cls.rep_b, cls.customer_b, cls.team_west, 80000, datetime(2025, 1, 5, 10)
        )
        cls.opp_b2 = opportunity(
            "B2", cls.rep_b, cls.customer_b, cls.team_west, 20000, datetime(2025, 3, 1, 10)
        )
        # created as a lead in February, converted into an opportunity in March
        cls.opp_b3 = opportunity(
            "B3", cls.rep_b, cls.customer_b, cls.team_west, 10000, datetime(2025, 2, 25, 10)
        )
        cls.env.cr.execute(
            "UPDATE crm_lead SET date_conversion = %s WHERE id = %s",
            (datetime(2025, 3, 6, 10), cls.opp_b3.id),
        )
        cls.opp_b3.invalidate_recordset(["date_conversion"])
        Member = cls.env["crm.decision.member"]
        Member.create(
            [
                {"lead_id": cls.opp_a1.id, "partner_id": cls.decider_a.id, "role": "decider"},
                {"lead_id": cls.opp_a1.id, "partner_id": cls.engineer_a.id, "role": "user"},
                {"lead_id": cls.opp_b1.id, "partner_id": cls.buyer_b.id, "role": "buyer"},
            ]
        )

        # won and lost deals
        with freeze_time("2025-03-15 10:00:00"):
            cls.opp_a1.action_set_won()
        with freeze_time("2025-03-20 10:00:00"):
            cls.opp_a2.action_set_won()
        with freeze_time("2025-03-25 10:00:00"):
            cls.opp_a3.action_set_lost()
        with freeze_time("2025-04-02 10:00:00"):
            cls.opp_b1.action_set_won()
        with freeze_time("2025-03-10 10:00:00"):
            cls.opp_b2.action_set_lost()

        # activities, marked done by the rep who did them
        def done(record, activity_type, user, when):
            activity = cls.env["mail.activity"].create(
                {
                    "res_model_id": cls.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                }
            )
            with freeze_time(when):
                activity.with_user(user).action_feedback(feedback="done")

        call = cls.env.ref("mail.mail_activity_data_call")
        done(cls.opp_a1, cls.visit_type, cls.rep_a, "2025-03-03 09:00:00")
        done(cls.customer_a, cls.visit_type, cls.rep_a, "2025-03-04 09:00:00")
        done(cls.opp_a1, call, cls.rep_a, "2025-03-05 09:00:00")  # a call is no visit
        done(cls.customer_b, cls.visit_type, cls.rep_b, "2025-02-20 09:00:00")
        # an open visit activity is not a visit yet
        cls.env["mail.activity"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("crm.lead"),
                "res_id": cls.opp_a2.id,
                "activity_type_id": cls.visit_type.id,
                "user_id": cls.rep_a.id,
            }
        )

        def meeting(name, lead, user, start, attendees, visit=False, active=True):
            return cls.env["calendar.event"].create(
                {
                    "name": name,
                    "opportunity_id": lead.id,
                    "user_id": user.id,
                    "start": start,
                    "stop": start.replace(hour=start.hour + 1),
                    "partner_ids": [Command.set((user.partner_id | attendees).ids)],
                    "categ_ids": [Command.set(cls.visit_tag.ids if visit else [])],
                    "active": active,
                }
            )

        # rep A, March: a visit meeting with the decider, a meeting with the engineer, one
        # with both (counted once), one with a non-member, one with a decider of ANOTHER
        # opportunity, an archived one with the decider, and one in the future
        meeting("Visit", cls.opp_a1, cls.rep_a, datetime(2025, 3, 10, 10), cls.decider_a, True)
        meeting("Tech", cls.opp_a1, cls.rep_a, datetime(2025, 3, 12, 10), cls.engineer_a)
        meeting(
            "Both", cls.opp_a1, cls.rep_a, datetime(2025, 3, 14, 8), cls.decider_a | cls.engineer_a
        )
        meeting("Clerk", cls.opp_a2, cls.rep_a, datetime(2025, 3, 16, 10), cls.clerk_a)
        meeting("Other", cls.opp_a2, cls.rep_a, datetime(2025, 3, 17, 10), cls.decider_a)
        meeting(
            "Cancelled",
            cls.opp_a1,
            cls.rep_a,
            datetime(2025, 3, 18, 10),
            cls.decider_a,
            active=False,
        )
        meeting("Future", cls.opp_a1, cls.rep_a, datetime(2025, 12, 1, 10), cls.decider_a, True)
        # rep B, April: a visit meeting with the buyer
        meeting("B visit", cls.opp_b1, cls.rep_b, datetime(2025, 4, 5, 10), cls.buyer_b, True)

        # quotations
        cls.product = cls.env["product.product"].create(
            {"name": "KPI Press", "list_price": 1000.0, "taxes_id": [Command.clear()]}
        )

        def order(user, customer, amount):
            return cls.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )

        cls.order_a1 = order(cls.rep_a, cls.customer_a, 10000)
        with freeze_time("2025-03-08 10:00:00"):
            cls.order_a1.action_quotation_sent()
        with freeze_time("2025-04-10 10:00:00"):
            cls.order_a1.action_confirm()  # already quoted in March: not counted again
        cls.order_a2 = order(cls.rep_a, cls.customer_a, 5000)
        with freeze_time("2025-03-20 10:00:00"):
            cls.order_a2.action_confirm()
        cls.order_a3 = order(cls.rep_a, cls.customer_a, 999)  # draft: not a quote
        cls.order_b1 = order(cls.rep_b, cls.customer_b, 7000)
        with freeze_time("2025-02-15 10:00:00"):
            cls.order_b1.action_quotation_sent()

        cls.Report = cls.env["crm.sales.kpi.report"]
        cls.Target = cls.env["crm.sales.target"]
