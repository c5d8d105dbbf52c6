def post_init_hook(env):
    """Stages, value figures and order ratios of the existing customers and orders."""
    partner = env["res.partner"]
    partner._refresh_customer_stage()
    partner._refresh_customer_value()
    env["sale.order"]._refresh_customer_order_ratio()
    partner.search([])._recompute_profile_completeness()


def uninstall_hook(env):
    """The index of confirmed orders made for the customer figures (``sale.order.init``):
    Odoo drops the columns of an uninstalled module, not the indexes it made by hand."""
    env.cr.execute("DROP INDEX IF EXISTS sale_order_customer_figures_index")
