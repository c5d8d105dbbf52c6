from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.tools import check_domain

CONSUMPTION_DAYS = 90
TARGET_COVER_DAYS = 90
LOW_COVER_DAYS = 30


class ServicePartsReport(models.Model):
    """Spare parts by service point: stock against consumption, one SQL query."""

    _name = "service.parts.report"
    _inherit = ["crm.manufacturing.xlsx.export.mixin"]
    _description = "Spare Parts by Service Point"
    _auto = False
    _order = "service_point_id, product_id"
    _rec_name = "product_id"

    service_point_id = fields.Many2one("service.point", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    location_id = fields.Many2one("stock.location", string="Parts Location", readonly=True)
    product_id = fields.Many2one("product.product", string="Spare Part", readonly=True)
    uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    qty_on_hand = fields.Float(string="On Hand", readonly=True, digits="Product Unit of Measure")
    qty_incoming = fields.Float(
        string="Incoming",
        readonly=True,
        digits="Product Unit of Measure",
        help="Quantity on its way to the point (transfers not done yet).",
    )
    qty_consumed = fields.Float(
        string="Used (90 Days)",
        readonly=True,
        digits="Product Unit of Measure",
        help="Quantity that left the point for customers or production in the last 90 days.",
    )
    daily_use = fields.Float(string="Average Daily Use", readonly=True, digits=(16, 3))
    days_of_cover = fields.Float(
        string="Days of Cover",
        readonly=True,
        digits=(16, 1),
        aggregator="min",
        help="On hand divided by the average daily use; empty when nothing was used.",
    )
    min_qty = fields.Float(
        string="Minimum",
        readonly=True,
        digits="Product Unit of Measure",
        help="Minimum of the reordering rules of the point's location.",
    )
    suggested_qty = fields.Float(
        string="Suggested",
        readonly=True,
        digits="Product Unit of Measure",
        help="Quantity to bring the point to 90 days of cover (at least its minimum), "
        "after what is on its way.",
    )
    below_minimum = fields.Boolean(readonly=True)
    low_cover = fields.Boolean(string="Under 30 Days of Cover", readonly=True)

    _depends = {
        "service.point": ["active", "company_id", "location_id"],
        "stock.location": ["parent_path", "usage"],
        "product.product": ["active", "product_tmpl_id"],
        "product.template": ["is_spare_part", "uom_id"],
        "stock.quant": ["product_id", "location_id", "quantity"],
        "stock.move.line": [
            "product_id",
            "location_id",
            "location_dest_id",
            "state",
            "date",
            "quantity_product_uom",
        ],
        "stock.move": ["product_id", "location_id", "location_dest_id", "state", "product_qty"],
        "stock.warehouse.orderpoint": ["product_id", "location_id", "product_min_qty", "active"],
    }

    @property
    def _table_query(self):
        return self._parts_query(fields.Date.context_today(self))

    @api.model
    def _parts_query(self, today):
        since = fields.Datetime.to_datetime(today) - timedelta(days=CONSUMPTION_DAYS)
        return SQL(
            """
            WITH point_location AS (
                SELECT sp.id AS point_id, l.id AS location_id
                  FROM service_point sp
                  JOIN stock_location root ON root.id = sp.location_id
                  JOIN stock_location l ON l.parent_path LIKE root.parent_path || %(any)s
                 WHERE sp.active
            ), part AS (
                SELECT pp.id AS product_id, pt.uom_id
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE pt.is_spare_part AND pp.active
            ), on_hand AS (
                SELECT pl.point_id, q.product_id, SUM(q.quantity) AS qty
                  FROM stock_quant q
                  JOIN point_location pl ON pl.location_id = q.location_id
                 GROUP BY pl.point_id, q.product_id
            ), consumed AS (
                SELECT pl.point_id, ml.product_id, SUM(ml.quantity_product_uom) AS qty
                  FROM stock_move_line ml
                  JOIN point_location pl ON pl.location_id = ml.location_id
                  JOIN stock_location dest ON dest.id = ml.location_dest_id
                 WHERE ml.state = 'done' AND ml.date >= %(since)s
                   AND dest.usage IN ('customer', 'production')
                 GROUP BY pl.point_id, ml.product_id
            ), incoming AS (
                SELECT pl.point_id, m.product_id, SUM(m.product_qty) AS qty
                  FROM stock_move m
                  JOIN point_location pl ON pl.location_id = m.location_dest_id
                 WHERE m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
                   AND NOT EXISTS (
                        SELECT 1 FROM point_location src
                         WHERE src.point_id = pl.point_id AND src.location_id = m.location_id)
                 GROUP BY pl.point_id, m.product_id
            ), minimum AS (
                SELECT pl.point_id, op.product_id, SUM(op.product_min_qty) AS qty
                  FROM stock_warehouse_orderpoint op
                  JOIN point_location pl ON pl.location_id = op.location_id
                 WHERE op.active
                 GROUP BY pl.point_id, op.product_id
            ), pair AS (
                SELECT point_id, product_id FROM on_hand
                 UNION SELECT point_id, product_id FROM consumed
                 UNION SELECT point_id, product_id FROM incoming
                 UNION SELECT point_id, product_id FROM minimum
            ), figures AS (
                SELECT pair.point_id, pair.product_id,
                       COALESCE(on_hand.qty, 0) AS qty_on_hand,
                       COALESCE(incoming.qty, 0) AS qty_incoming,
                       COALESCE(consumed.qty, 0) AS qty_consumed,
                       COALESCE(consumed.qty, 0) / %(days)s AS daily_use,
                       COALESCE(minimum.qty, 0) AS min_qty
                  FROM pair
                  LEFT JOIN on_hand USING (point_id, product_id)
                  LEFT JOIN consumed USING (point_id, product_id)
                  LEFT JOIN incoming USING (point_id, product_id)
                  LEFT JOIN minimum USING (point_id, product_id)
            )
            -- a stable id per (point, part), small enough for XML-RPC: it only changes
            -- when a service point is created, never with stock activity
            SELECT f.product_id * (SELECT MAX(id) + 1 FROM service_point) + f.point_id AS id,
                   f.point_id AS service_point_id, sp.company_id, sp.location_id,
                   f.product_id, part.uom_id,
                   f.qty_on_hand, f.qty_incoming, f.qty_consumed, f.daily_use, f.min_qty,
                   CASE WHEN f.daily_use > 0 THEN f.qty_on_hand / f.daily_use END AS days_of_cover,
                   GREATEST(0, CEIL(GREATEST(f.daily_use * %(target)s, f.min_qty)
                                    - f.qty_on_hand - f.qty_incoming)) AS suggested_qty,
                   f.min_qty > 0 AND f.qty_on_hand < f.min_qty AS below_minimum,
                   f.daily_use > 0 AND f.qty_on_hand / f.daily_use < %(low)s AS low_cover
              FROM figures f
              JOIN service_point sp ON sp.id = f.point_id
              JOIN part ON part.product_id = f.product_id
            """,
            since=since,
            days=float(CONSUMPTION_DAYS),
            target=TARGET_COVER_DAYS,
            low=LOW_COVER_DAYS,
            any="%",
        )

    # ------------------------------------------------------------------
    # Replenishment
    # ------------------------------------------------------------------
    def action_create_replenishment(self):
        """Internal transfers from the company's main warehouse stock for the suggestions of
        the selected lines (of every line the user may read when none is selected)."""
        lines = (self or self.search([])).filtered(lambda line: line.suggested_qty > 0)
        if not lines:
            raise UserError(_("Nothing to replenish: no suggested quantity on the selected lines."))
        pickings = self.env["stock.picking"]
        for point, point_lines in lines.grouped("service_point_id").items():
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", point.company_id.id)], limit=1
            )
            if not warehouse:
                raise UserError(
                    _("The company %(company)s has no warehouse.", company=point.company_id.name)
                )
            source = warehouse.lot_stock_id
            if point.location_id.parent_path.startswith(source.parent_path):
                raise UserError(
                    _(
                        "The parts location %(location)s of %(point)s lies inside the main "
                        "stock %(stock)s: it cannot be replenished from there.",
                        location=point.location_id.display_name,
                        point=point.name,
                        stock=source.display_name,
                    )
                )
            pickings |= self.env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "location_id": source.id,
                    "location_dest_id": point.location_id.id,
                    "origin": _("Replenishment of %(point)s", point=point.name),
                    "company_id": point.company_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": line.product_id.display_name,
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.suggested_qty,
                                "product_uom": line.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": point.location_id.id,
                                "company_id": point.company_id.id,
                            }
                        )
                        for line in point_lines
                    ],
                }
            )
        pickings.action_confirm()
        self.invalidate_model()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("id", "in", pickings.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Excel
    # ------------------------------------------------------------------
    @api.model
    def _xlsx_columns(self):
        qty = {"type": "float", "width": 12}
        return [
            {"label": _("Service Point"), "key": "point", "type": "char", "width": 24},
            {"label": _("Spare Part"), "key": "product", "type": "char", "width": 32},
            {"label": _("Unit"), "key": "uom", "type": "char", "width": 8},
            {"label": _("On Hand"), "key": "qty_on_hand", **qty},
            {"label": _("Incoming"), "key": "qty_incoming", **qty},
            {"label": _("Used (90 Days)"), "key": "qty_consumed", **qty},
            {"label": _("Average Daily Use"), "key": "daily_use", **qty},
            {"label": _("Days of Cover"), "key": "days_of_cover", **qty},
            {"label": _("Minimum"), "key": "min_qty", **qty},
            {"label": _("Suggested"), "key": "suggested_qty", **qty},
            {"label": _("Below Minimum"), "key": "below", "type": "char", "width": 10},
            {"label": _("Under 30 Days of Cover"), "key": "low", "type": "char", "width": 10},
        ]

    @api.model
    def get_report_rows(self, domain=None):
        """The report lines matching ``domain`` (record rules applied) as dicts, with the
        names of the point, the part and the unit: ONE query, however many lines."""
        self.check_access("read")
        query = self._search(check_domain(self, domain))
        table = query.table
        point = query.join(table, "service_point_id", "service_point", "id", "point")
        product = query.join(table, "product_id", "product_product", "id", "product")
        template = query.join(product, "product_tmpl_id", "product_template", "id", "template")
        uom = query.join(table, "uom_id", "uom_uom", "id", "uom")
        lang = self.env.lang or "en_US"

        def name(alias):
            return SQL(
                "COALESCE(%s->>%s, %s->>'en_US')",
                SQL.identifier(alias, "name"),
                lang,
                SQL.identifier(alias, "name"),
            )

        columns = [
            "service_point_id",
            "product_id",
            "uom_id",
            "qty_on_hand",
            "qty_incoming",
            "qty_consumed",
            "daily_use",
            "days_of_cover",
            "min_qty",
            "suggested_qty",
            "below_minimum",
            "low_cover",
        ]
        query.order = SQL("%s, %s", name(point), name(template))
        # execute_query flushes what the query reads (the report's _depends included): stock
        # moved earlier in the same transaction is counted
        rows = self.env.execute_query_dict(
            query.select(
                SQL.identifier(table, "id"),
                *(SQL("%s AS %s", SQL.identifier(table, c), SQL.identifier(c)) for c in columns),
                SQL("%s AS point", name(point)),
                SQL(
                    "CASE WHEN %s IS NOT NULL THEN '[' || %s || '] ' ELSE '' END || %s AS product",
                    SQL.identifier(product, "default_code"),
                    SQL.identifier(product, "default_code"),
                    name(template),
                ),
                SQL("%s AS uom", name(uom)),
            )
        )
        # False, not None, for empty values: the ORM's convention, which XML-RPC can marshal
        return [
            {key: False if value is None else value for key, value in row.items()} for row in rows
        ]

    @api.model
    def _xlsx_rows(self, domain=None):
        rows = self.get_report_rows(domain)
        for row in rows:
            row["below"] = _("Yes") if row["below_minimum"] else ""
            row["low"] = _("Yes") if row["low_cover"] else ""
        return rows

    def _xlsx_title(self):
        return _("Spare Parts by Service Point")

    def _xlsx_filename(self):
        return "spare_parts_by_service_point"
