from odoo.tests import TransactionCase, new_test_user


class TeamCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.rep = new_test_user(
            cls.env, login="tm_rep", groups="sales_team.group_sale_salesman", name="Rep Leaving"
        )
        cls.member = new_test_user(
            cls.env, login="tm_member", groups="sales_team.group_sale_salesman", name="Presales Wu"
        )
        cls.outsider = new_test_user(
            cls.env, login="tm_outsider", groups="sales_team.group_sale_salesman", name="Rep Other"
        )
        cls.successor = new_test_user(
            cls.env, login="tm_successor", groups="sales_team.group_sale_salesman", name="Rep Next"
        )
        cls.successor2 = new_test_user(
            cls.env,
            login="tm_successor2",
            groups="sales_team.group_sale_salesman",
            name="Rep South",
        )
        cls.manager = new_test_user(
            cls.env, login="tm_manager", groups="sales_team.group_sale_manager", name="Sales Boss"
        )
        cls.sales_team = cls.env["crm.team"].create(
            {
                "name": "Machines",
                "member_ids": [
                    (
                        6,
                        0,
                        (cls.rep | cls.member | cls.outsider | cls.successor | cls.successor2).ids,
                    )
                ],
            }
        )
        Stage = cls.env["crm.stage"]
        cls.stage_open = Stage.create({"name": "TM Open", "sequence": 2001})
        cls.stage_locked = Stage.create(
            {"name": "TM Contract", "sequence": 2002, "allow_handover": False}
        )
        cls.stage_won = Stage.create({"name": "TM Won", "sequence": 2003, "is_won": True})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Jiangsu Gearbox Works", "is_company": True, "user_id": cls.rep.id}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Engineer Zhang", "parent_id": cls.customer.id, "function": "Plant Manager"}
        )

    @classmethod
    def _lead(cls, name="Press line", user=None, stage=None, **vals):
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "team_id": cls.sales_team.id,
                "user_id": (user or cls.rep).id,
                "stage_id": (stage or cls.stage_open).id,
                "partner_id": cls.customer.id,
                "expected_revenue": 100000,
                **vals,
            }
        )
