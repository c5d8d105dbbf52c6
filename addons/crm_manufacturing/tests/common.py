"""Fixtures shared by the tests of every addon of the repository.

Other addons import them: ``from odoo.addons.crm_manufacturing.tests.common import ...``.
"""

from unittest import SkipTest

from odoo.tests import TransactionCase, new_test_user

SALESMAN = "sales_team.group_sale_salesman"
SALES_MANAGER = "sales_team.group_sale_manager"

# demo records of crm_manufacturing (xml ids without the module)
DEMO_MACHINES = (
    "demo_product_press_line",
    "demo_product_servo_press",
    "demo_product_five_axis",
    "demo_product_laser",
)
DEMO_OPEN_DEALS = (
    "demo_lead_stamping_line",
    "demo_lead_smt_line",
    "demo_lead_five_axis",
    "demo_lead_foreign_press",
)


def demo_records(env, model, xmlids):
    """The demo records of crm_manufacturing named by ``xmlids``, in that order."""
    return env[model].browse([env.ref(f"crm_manufacturing.{xmlid}").id for xmlid in xmlids])


def demo_record_or_skip(env, xmlid):
    """The demo record ``xmlid``; skips the test case (called in setUpClass) when the
    database has no demo data."""
    record = env.ref(xmlid, raise_if_not_found=False)
    if not record:
        raise SkipTest("the database has no demo data")
    return record


def make_users(env, *users, groups=SALESMAN, **values):
    """Test users of ``groups``, one per ``login`` or ``(login, name)``, in that order;
    ``values``: more fields of each (``company_id`` ...)."""
    made = []
    for user in users:
        login, name = (user, None) if isinstance(user, str) else user
        made.append(new_test_user(env, login=login, groups=groups, name=name, **values))
    return made


def zh_cn_env(env, module):
    """``env`` in Chinese, after loading the zh_CN translations of ``module``."""
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"].search([("name", "=", module)])._update_translations(["zh_CN"])
    return env(context=dict(env.context, lang="zh_CN"))


class CrmManufacturingMixin:
    """setUpClass of the test cases: no mail tracking, ``cls.company``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company


class CrmManufacturingCase(CrmManufacturingMixin, TransactionCase):
    @classmethod
    def _opportunity(cls, name, team, stage, user, **vals):
        """An opportunity of ``user`` in ``team`` at ``stage``, expecting 100,000 unless
        ``vals`` say otherwise."""
        return cls.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "team_id": team.id,
                "stage_id": stage.id,
                "user_id": user.id,
                "expected_revenue": 100000,
                **vals,
            }
        )


class StageCommon(CrmManufacturingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
        cls.salesman, cls.other_salesman = make_users(
            cls.env, ("stage_rep", "Rep One"), ("stage_rep2", "Rep Two")
        )
        [cls.manager] = make_users(cls.env, ("stage_manager", "Sales Boss"), groups=SALES_MANAGER)

    @classmethod
    def _lead(cls, name="Line", stage=None, user=None, **vals):
        return cls._opportunity(
            name, cls.team, stage or cls.stage_new, user or cls.salesman, **vals
        )
