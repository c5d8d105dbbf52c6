"""Writes that only the server's own code may make.

Some credit fields are set by the server alone: the approval of an order (by
``action_approve_credit``, ``action_refuse_credit`` and the reset when the order changes) and
the origin of a credit hold (by the daily check). Their guards refuse any change of those
fields unless the write carries this marker in its context. The marker is a Python object:
an XML-RPC or JSON-RPC caller can put any string, number or list in its context, never this
object, so a context key sent from outside never passes the guard.
"""

CREDIT_SERVER_WRITE = "crm_manufacturing_credit_server_write"
_TOKEN = object()


def server_write(records):
    """``records`` with the marker of a write made by the server's own code."""
    return records.with_context(**{CREDIT_SERVER_WRITE: _TOKEN})


def is_server_write(env):
    return env.context.get(CREDIT_SERVER_WRITE) is _TOKEN


# who reads the credit figures of customers: salespeople, accounting users and auditors
# (credit managers imply the first two); not portal users, not other internal users
CREDIT_READERS = (
    "sales_team.group_sale_salesman,account.group_account_invoice,account.group_account_readonly"
)
