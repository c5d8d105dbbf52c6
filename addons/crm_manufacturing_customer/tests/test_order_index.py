from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import index_exists

from ..hooks import uninstall_hook

INDEX = "sale_order_customer_figures_index"


@tagged("post_install", "-at_install")
class TestOrderIndex(TransactionCase):
    def test_confirmed_orders_index_made_at_install_and_dropped_at_uninstall(self):
        self.assertTrue(index_exists(self.env.cr, INDEX))
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        definition = self.env.cr.fetchone()[0]
        self.assertIn("(partner_id, date_order)", definition)
        self.assertIn("WHERE ((state)::text = 'sale'::text)", definition)
        uninstall_hook(self.env)
        self.assertFalse(index_exists(self.env.cr, INDEX))
