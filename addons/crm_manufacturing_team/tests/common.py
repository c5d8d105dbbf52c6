from odoo.addons.crm_manufacturing.tests.common import (
    SALES_MANAGER,
    CrmManufacturingCase,
    make_users,
)


class TeamCommon(CrmManufacturingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep, cls.member, cls.outsider, cls.successor, cls.successor2 = make_users(
            cls.env,
            ("tm_rep", "Rep Leaving"),
            ("tm_member", "Presales Wu"),
            ("tm_outsider", "Rep Other"),
            ("tm_successor", "Rep Next"),
            ("tm_successor2", "Rep South"),
        )
        [cls.manager] = make_users(cls.env, ("tm_manager", "Sales Boss"), groups=SALES_MANAGER)
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
        return cls._opportunity(
            name,
            cls.sales_team,
            stage or cls.stage_open,
            user or cls.rep,
            **{"partner_id": cls.customer.id, **vals},
        )
