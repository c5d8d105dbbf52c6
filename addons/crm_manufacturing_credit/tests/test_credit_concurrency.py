"""Two confirmations of one customer in two transactions (item 2 of issue 11).

Odoo runs requests in REPEATABLE READ: a transaction sees the database as it was at its
first query. A lock alone lets a transaction whose snapshot predates another's commit read
a stale exposure once it gets the lock. The check writes the customer's row, so such a
transaction fails with a serialization failure, which Odoo's ``retrying`` replays with a
fresh snapshot. These tests interleave two real cursors that way, on committed data that
they remove afterwards.
"""

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import order_product, two_transactions


@tagged("post_install", "-at_install")
class TestCreditConcurrency(TransactionCase):
    def _committed_data(self):
        """A customer with a limit of 1,000 and two quotations of 600, committed."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            customer = env["res.partner"].create(
                {"name": "Concurrent Castings Co", "is_company": True}
            )
            customer.credit_limit = 1000
            product = order_product(env, "Concurrent Press", "service")
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": customer.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": 6, "price_unit": 100}
                            )
                        ],
                    }
                    for _i in range(2)
                ]
            )
            # committed data that two cursors see
            cr.commit()  # pylint: disable=invalid-commit
            return customer.id, product.id, orders.ids

    def _remove(self, customer_id, product_id, order_ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            orders = env["sale.order"].browse(order_ids)
            orders._action_cancel()
            orders.unlink()
            env["product.product"].browse(product_id).product_tmpl_id.unlink()
            env["res.partner"].browse(customer_id).unlink()
            # committed data that two cursors see
            cr.commit()  # pylint: disable=invalid-commit

    def test_a_check_with_a_stale_snapshot_fails_and_its_retry_sees_the_other_order(self):
        customer_id, product_id, order_ids = self._committed_data()
        self.addCleanup(self._remove, customer_id, product_id, order_ids)
        with two_transactions(self.registry) as (env_a, env_b):
            cr_a, cr_b = env_a.cr, env_b.cr
            for cr in (cr_a, cr_b):
                cr.execute("SET LOCAL lock_timeout = '10s'")  # never hang the test run
            # B starts first: its snapshot shows no confirmed order (exposure 0)
            self.assertEqual(env_b["res.partner"].browse(customer_id).credit_exposure, 0.0)
            # A confirms 600 and commits
            env_a["sale.order"].browse(order_ids[0]).action_confirm()
            cr_a.commit()
            # B, with its old snapshot, would see 0 + 600 <= 1,000: its check must fail
            with self.assertRaises(pg_errors.SerializationFailure):
                env_b["sale.order"].browse(order_ids[1]).action_confirm()
            cr_b.rollback()
            env_b.invalidate_all()
            # the retry (a fresh snapshot) counts A's order: 600 + 600 > 1,000
            with self.assertRaisesRegex(UserError, "exceeds the credit limit"):
                env_b["sale.order"].browse(order_ids[1]).action_confirm()
            cr_b.rollback()

    def test_a_check_waits_for_a_running_one_then_fails(self):
        """While A holds the customer, B's check waits; A's commit makes it fail."""
        customer_id, product_id, order_ids = self._committed_data()
        self.addCleanup(self._remove, customer_id, product_id, order_ids)
        with two_transactions(self.registry) as (env_a, env_b):
            cr_a, cr_b = env_a.cr, env_b.cr
            partner_b = env_b["res.partner"].browse(customer_id)
            env_b.cr.execute("SELECT 1")  # B's snapshot
            env_a["sale.order"]._lock_credit_partner(env_a["res.partner"].browse(customer_id))
            cr_b.execute("SET LOCAL lock_timeout = '200ms'")
            with self.assertRaises(pg_errors.LockNotAvailable):  # waits for A (cut short here)
                env_b["sale.order"]._lock_credit_partner(partner_b)
            cr_b.rollback()
            env_b.cr.execute("SELECT 1")  # B's new snapshot, A still running
            cr_a.commit()
            with self.assertRaises(pg_errors.SerializationFailure):
                env_b["sale.order"]._lock_credit_partner(partner_b)
            cr_b.rollback()
