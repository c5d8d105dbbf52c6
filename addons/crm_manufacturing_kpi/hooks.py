from odoo.tools import SQL


def post_init_hook(env):
    """Quotations sent or confirmed before the module was installed: their quote date is the
    order date (the best date known; the first sending is not recorded by Odoo)."""
    env.cr.execute(
        SQL(
            "UPDATE sale_order SET quote_date = date_order "
            "WHERE quote_date IS NULL AND state IN ('sent', 'sale')"
        )
    )
