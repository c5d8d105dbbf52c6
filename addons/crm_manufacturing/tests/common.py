from odoo.tests import TransactionCase, new_test_user


class StageCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.team = cls.env["crm.team"].create({"name": "Line Sales"})
        Stage = cls.env["crm.stage"]
        # the shared stages (no team) belong to another team in these tests: the pipeline of
        # cls.team is exactly the four stages below
        Stage.search([("team_id", "=", False)]).team_id = cls.env["crm.team"].create(
            {"name": "Elsewhere"}
        )
        # a pipeline of our own, for this team only, so that other stages do not interfere
        cls.stage_new = Stage.create(
            {
                "name": "T New",
                "sequence": 1001,
                "probability": 10,
                "expected_days": 10,
                "team_id": cls.team.id,
            }
        )
        cls.stage_qualified = Stage.create(
            {
                "name": "T Qualified",
                "sequence": 1002,
                "probability": 30,
                "expected_days": 20,
                "team_id": cls.team.id,
            }
        )
        cls.stage_proposal = Stage.create(
            {
                "name": "T Proposal",
                "sequence": 1003,
                "probability": 60,
                "expected_days": 30,
                "team_id": cls.team.id,
            }
        )
        cls.stage_won = Stage.create(
            {"name": "T Won", "sequence": 1004, "is_won": True, "team_id": cls.team.id}
        )
        cls.stages = cls.stage_new | cls.stage_qualified | cls.stage_proposal | cls.stage_won
        cls.salesman = new_test_user(
            cls.env, login="stage_rep", groups="sales_team.group_sale_salesman", name="Rep One"
        )
        cls.other_salesman = new_test_user(
            cls.env, login="stage_rep2", groups="sales_team.group_sale_salesman", name="Rep Two"
        )
        cls.manager = new_test_user(
            cls.env,
            login="stage_manager",
            groups="sales_team.group_sale_manager",
            name="Sales Boss",
        )

    @classmethod
    def _lead(cls, name="Line", stage=None, user=None, **vals):
        self = cls
        return self.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "team_id": self.team.id,
                "stage_id": (stage or self.stage_new).id,
                "user_id": (user or self.salesman).id,
                "expected_revenue": 100000,
                **vals,
            }
        )
