"""Helpers shared by the benchmark scripts of bench/."""


def sale_order_stock_columns(env, company):
    """Extra (columns, values) of a hand-written ``INSERT INTO sale_order``: with sale_stock
    installed, an order needs a warehouse and a picking policy; without it, nothing."""
    warehouse = "warehouse_id" in env["sale.order"]._fields and env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    if not warehouse:
        return "", ""
    return ", warehouse_id, picking_policy", f", {int(warehouse.id)}, 'direct'"
