def post_init_hook(env):
    """Stages, value figures and order ratios of the existing customers and orders."""
    partner = env["res.partner"]
    partner._refresh_customer_stage()
    partner._refresh_customer_value()
    env["sale.order"]._refresh_customer_order_ratio()
    partner.search([])._recompute_profile_completeness()
