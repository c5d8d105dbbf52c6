"""Writes that only the server's own code may make.

Some credit fields are set by the server alone: the approval of an order (by
``action_approve_credit``, ``action_refuse_credit`` and the reset when the order changes) and
the origin of a credit hold (by the daily check). Their guards refuse any change of those
fields unless the write carries this mark in its context, a mark no XML-RPC or JSON-RPC
caller can send (``crm_manufacturing.tools.server_marks``).
"""

from odoo.addons.crm_manufacturing.tools import server_mark, server_marked

CREDIT_SERVER_WRITE = "crm_manufacturing_credit_server_write"


def server_write(records):
    """``records`` with the mark of a write made by the server's own code."""
    return server_marked(records, CREDIT_SERVER_WRITE)


def is_server_write(env):
    return bool(server_mark(env, CREDIT_SERVER_WRITE))


# who reads the credit figures of customers: salespeople, accounting users and auditors
# (credit managers imply the first two); not portal users, not other internal users
CREDIT_READERS = (
    "sales_team.group_sale_salesman,account.group_account_invoice,account.group_account_readonly"
)
