from contextlib import contextmanager

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import new_test_user
from odoo.tools import mute_logger


def order_product(env, name, kind="consu", price=100):
    """A product invoiced on the ordered quantities, without taxes: ``n`` units at ``price``
    are worth ``n × price`` of exposure as soon as the order is confirmed."""
    return env["product.product"].create(
        {
            "name": name,
            "type": kind,
            "list_price": price,
            "invoice_policy": "order",
            "taxes_id": [Command.clear()],
        }
    )


def set_role_users(cls, company, roles):
    """Test users of ``company`` as attributes of ``cls``: ``{attribute: (login, groups)}``."""
    for attribute, (login, groups) in roles.items():
        setattr(
            cls,
            attribute,
            new_test_user(cls.env, login=login, groups=groups, company_id=company.id),
        )


@contextmanager
def two_transactions(registry):
    """Two transactions A and B of the superuser on their own cursors (committed data only),
    as environments without mail tracking; SQL errors they are made to raise are not logged."""
    with registry.cursor() as cr_a, registry.cursor() as cr_b, mute_logger("odoo.sql_db"):
        yield tuple(
            api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True}) for cr in (cr_a, cr_b)
        )
