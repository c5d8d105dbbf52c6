from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.crm_manufacturing.tools import check_domain

from .service_parts_use import USE_TABLE, install

CONSUMPTION_DAYS = 90
TARGET_COVER_DAYS = 90
LOW_COVER_DAYS = 30
# context keys of a list page: the (point, part) pairs whose figures to compute, or no figure
PAGE_KEY = "service_parts_page"
PAIRS_ONLY_KEY = "service_parts_pairs_only"
MAX_PAGE = 1000  # reading more given lines than this computes the whole report
# what a line is, as opposed to its figures
PAIR_FIELDS = {"id", "service_point_id", "company_id", "location_id", "product_id", "uom_id"}


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

    def init(self):
        # the latest consumption per (location, destination, part) and its triggers
        install(self.env.cr)

    @property
    def _table_query(self):
        context = self.env.context
        return self._parts_query(
            fields.Date.context_today(self),
            pairs=context.get(PAGE_KEY),
            pairs_only=bool(context.get(PAIRS_ONLY_KEY)),
        )

    @api.model
    def _parts_query(self, today, pairs=None, pairs_only=False):
        """The report's SQL.

        ``pairs``: [(point id, product id)] computes the figures of these lines only (a list
        page), with the stock tables read through their product index.
        ``pairs_only``: the lines (point, part, company, location, unit) without any figure:
        what a page needs to know which lines it holds, in what order, and how many there are;
        the consumption in the window is read from the latest consumption kept by triggers
        (``service_parts_use``), not from the move lines.
        """
        since = fields.Datetime.to_datetime(today) - timedelta(days=CONSUMPTION_DAYS)
        if pairs is not None:
            points = sorted({point for point, _product in pairs})
            products = sorted({product for _point, product in pairs})
            point_filter = SQL("AND sp.id = ANY(%s)", points)
            part_filter = SQL("AND pp.id = ANY(%s)", products)

            def product_filter(alias):
                return SQL("AND %s = ANY(%s)", SQL.identifier(alias, "product_id"), products)

            page_join = SQL(
                "JOIN unnest(%s::int[], %s::int[]) AS page(point_id, product_id)"
                " ON page.point_id = f.point_id AND page.product_id = f.product_id",
                [point for point, _product in pairs],
                [product for _point, product in pairs],
            )
        else:
            point_filter = part_filter = page_join = SQL()

            def product_filter(alias):
                return SQL()

        if pairs_only:
            # which lines exist, no figure: one row per (point, part) of each source
            def measure(expression):
                return SQL()

            group = SQL()
            distinct = SQL("DISTINCT")
        else:

            def measure(expression):
                return SQL(", SUM(%s) AS qty", expression)

            group = SQL("GROUP BY 1, 2")
            distinct = SQL()
        if pairs_only:
            # which (point, part) consumed in the window: the latest consumption of each
            # (location, destination, part), kept by triggers (service_parts_use), instead
            # of the move lines of the whole window
            consumed_source = SQL(
                """
                SELECT DISTINCT pl.point_id, u.product_id
                  FROM %(table)s u
                  JOIN point_location pl ON pl.location_id = u.location_id
                  JOIN stock_location dest ON dest.id = u.location_dest_id
                 WHERE u.last_date >= %(since)s
                   AND dest.usage IN ('customer', 'production') %(use_filter)s
                """,
                table=SQL.identifier(USE_TABLE),
                since=since,
                use_filter=product_filter("u"),
            )
        else:
            consumed_source = SQL(
                """
                SELECT pl.point_id, ml.product_id, SUM(ml.quantity_product_uom) AS qty
                  FROM stock_move_line ml
                  JOIN point_location pl ON pl.location_id = ml.location_id
                  JOIN stock_location dest ON dest.id = ml.location_dest_id
                 WHERE ml.state = 'done' AND ml.date >= %(since)s
                   AND dest.usage IN ('customer', 'production') %(line_filter)s
                 GROUP BY 1, 2
                """,
                since=since,
                line_filter=product_filter("ml"),
            )
        sources = SQL(
            """
            WITH point_location AS (
                SELECT sp.id AS point_id, l.id AS location_id
                  FROM service_point sp
                  JOIN stock_location root ON root.id = sp.location_id
                  JOIN stock_location l ON l.parent_path LIKE root.parent_path || %(any)s
                 WHERE sp.active %(point_filter)s
            ), part AS (
                SELECT pp.id AS product_id, pt.uom_id
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE pt.is_spare_part AND pp.active %(part_filter)s
            ), on_hand AS (
                SELECT %(distinct)s pl.point_id, q.product_id %(on_hand)s
                  FROM stock_quant q
                  JOIN point_location pl ON pl.location_id = q.location_id
                 WHERE TRUE %(quant_filter)s
                 %(group)s
            ), consumed AS (%(consumed_source)s
            ), incoming AS (
                SELECT %(distinct)s pl.point_id, m.product_id %(incoming)s
                  FROM stock_move m
                  JOIN point_location pl ON pl.location_id = m.location_dest_id
                 WHERE m.state IN ('waiting', 'confirmed', 'partially_available', 'assigned')
                   AND NOT EXISTS (
                        SELECT 1 FROM point_location src
                         WHERE src.point_id = pl.point_id AND src.location_id = m.location_id)
                   %(move_filter)s
                 %(group)s
            ), minimum AS (
                SELECT %(distinct)s pl.point_id, op.product_id %(minimum)s
                  FROM stock_warehouse_orderpoint op
                  JOIN point_location pl ON pl.location_id = op.location_id
                 WHERE op.active %(orderpoint_filter)s
                 %(group)s
            ), pair AS (
                SELECT point_id, product_id FROM on_hand
                 UNION SELECT point_id, product_id FROM consumed
                 UNION SELECT point_id, product_id FROM incoming
                 UNION SELECT point_id, product_id FROM minimum
            )
            """,
            any="%",
            consumed_source=consumed_source,
            point_filter=point_filter,
            part_filter=part_filter,
            distinct=distinct,
            group=group,
            on_hand=measure(SQL("q.quantity")),
            incoming=measure(SQL("m.product_qty")),
            minimum=measure(SQL("op.product_min_qty")),
            quant_filter=product_filter("q"),
            move_filter=product_filter("m"),
            orderpoint_filter=product_filter("op"),
        )
        # a stable id per (point, part), small enough for XML-RPC: it only changes when a
        # service point is created, never with stock activity
        line_id = SQL("f.product_id * (SELECT MAX(id) + 1 FROM service_point) + f.point_id")
        if pairs_only:
            return SQL(
                """%s
                SELECT %s AS id, f.point_id AS service_point_id, sp.company_id, sp.location_id,
                       f.product_id, part.uom_id
                  FROM pair f
                  JOIN service_point sp ON sp.id = f.point_id
                  JOIN part ON part.product_id = f.product_id
                """,
                sources,
                line_id,
            )
        return SQL(
            """%(sources)s, figures AS (
                SELECT pair.point_id, pair.product_id,
                       -- float8, not numeric: what the ORM's Float fields hold, and no
                       -- Decimal conversion of every figure on the Python side
                       COALESCE(on_hand.qty, 0)::float8 AS qty_on_hand,
                       COALESCE(incoming.qty, 0)::float8 AS qty_incoming,
                       COALESCE(consumed.qty, 0)::float8 AS qty_consumed,
                       COALESCE(consumed.qty, 0)::float8 / %(days)s AS daily_use,
                       COALESCE(minimum.qty, 0)::float8 AS min_qty
                  FROM pair
                  LEFT JOIN on_hand USING (point_id, product_id)
                  LEFT JOIN consumed USING (point_id, product_id)
                  LEFT JOIN incoming USING (point_id, product_id)
                  LEFT JOIN minimum USING (point_id, product_id)
            )
            SELECT %(line_id)s AS id,
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
              %(page_join)s
            """,
            sources=sources,
            line_id=line_id,
            days=float(CONSUMPTION_DAYS),
            target=TARGET_COVER_DAYS,
            low=LOW_COVER_DAYS,
            page_join=page_join,
        )

    # ------------------------------------------------------------------
    # A list page computes its lines only
    # ------------------------------------------------------------------
    @api.model
    def _is_pair_search(self, domain, order):
        """Whether ``domain`` and ``order`` name only what a line is (point, part, company,
        location, unit), not its figures: then the page's lines can be found without
        computing any figure."""
        for leaf in domain or []:
            if isinstance(leaf, str):
                continue
            if not isinstance(leaf, list | tuple) or len(leaf) != 3:
                return False
            if tuple(leaf) in (expression.TRUE_LEAF, expression.FALSE_LEAF):
                continue
            if not isinstance(leaf[0], str) or leaf[0].split(".")[0] not in PAIR_FIELDS:
                return False
        for term in (order or self._order).split(","):
            words = term.split()
            if words and words[0].split(":")[0].strip('"') not in PAIR_FIELDS:
                return False
        return True

    @api.model
    def _ids_of_domain(self, domain):
        """The ids a conjunction of conditions limits the search to, else None."""
        ids = None
        for leaf in domain or []:
            if isinstance(leaf, str):
                if leaf != "&":
                    return None
                continue
            if leaf[0] == "id" and leaf[1] in ("=", "in"):
                values = leaf[2] if isinstance(leaf[2], list | tuple) else [leaf[2]]
                if not all(isinstance(value, int) for value in values):
                    return None
                ids = set(values) if ids is None else ids & set(values)
        return ids

    @api.model
    def _pairs_of_ids(self, ids):
        """The (point, part) of each line id (see the id in _parts_query)."""
        [(modulus,)] = self.env.execute_query(
            SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM service_point")
        )
        return tuple(sorted((line_id % modulus, line_id // modulus) for line_id in ids))

    @api.model
    def search_count(self, domain, limit=None):
        """A list's count: filtered on the lines only, the lines are counted without figures."""
        context = self.env.context
        model = self
        if (
            context.get(PAGE_KEY) is None
            and not context.get(PAIRS_ONLY_KEY)
            and self._is_pair_search(domain, None)
        ):
            model = self.with_context(**{PAIRS_ONLY_KEY: True})
        return super(ServicePartsReport, model).search_count(domain, limit=limit)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """A page (``limit``) filtered and sorted on the lines only: its lines are found with
        LIMIT/OFFSET/ORDER BY in SQL without any figure, then the figures of those lines only
        are computed when they are fetched. Everything else searches the whole report."""
        context = self.env.context
        if (
            context.get(PAGE_KEY) is not None
            or context.get(PAIRS_ONLY_KEY)
            or not self._is_pair_search(domain, order)
        ):
            return super()._search(domain, offset=offset, limit=limit, order=order)
        ids = self._ids_of_domain(domain)
        if ids is not None and len(ids) <= MAX_PAGE:
            # given lines (reading records: fetch, read, a form): the figures of those only
            page = self.with_context(**{PAGE_KEY: self._pairs_of_ids(ids)})
            return super(ServicePartsReport, page)._search(
                domain, offset=offset, limit=limit, order=order
            )
        if not limit:
            return super()._search(domain, offset=offset, limit=limit, order=order)
        rows = self._page_lines(domain, offset, limit, order)
        page = self.with_context(
            **{PAGE_KEY: tuple(sorted((point, product) for _id, point, product, _n in rows))}
        )
        return page.browse([row[0] for row in rows])._as_query()

    @api.model
    def _page_lines(self, domain, offset, limit, order, count=False):
        """[(id, point id, part id, number of lines matching)] of a page, found with
        LIMIT/OFFSET/ORDER BY in SQL over the lines without any figure (record rules applied);
        the number of lines (before the limit) only when ``count``."""
        lines = self.with_context(**{PAIRS_ONLY_KEY: True})
        query = super(ServicePartsReport, lines)._search(
            domain, offset=offset, limit=limit, order=order
        )
        table = query.table
        return self.env.execute_query(
            query.select(
                SQL.identifier(table, "id"),
                SQL.identifier(table, "service_point_id"),
                SQL.identifier(table, "product_id"),
                SQL("COUNT(*) OVER ()") if count else SQL("NULL"),
            )
        )

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        """The list's page and its count from ONE scan of the lines (a window count), then
        the figures of the page's lines only."""
        context = self.env.context
        if (
            not limit
            or context.get(PAGE_KEY) is not None
            or context.get(PAIRS_ONLY_KEY)
            or not self._is_pair_search(domain, order)
        ):
            return super().web_search_read(
                domain,
                specification,
                offset=offset,
                limit=limit,
                order=order,
                count_limit=count_limit,
            )
        rows = self._page_lines(domain, offset, limit, order or self._order, count=True)
        if not rows:
            return {"length": 0, "records": []}
        page = self.with_context(
            **{PAGE_KEY: tuple(sorted((point, product) for _id, point, product, _n in rows))}
        )
        records = page.browse([row[0] for row in rows])
        records.fetch([name for name in specification if name in self._fields])
        values = self.browse(records.ids).web_read(specification)
        length = offset + len(values)
        limit_reached = len(values) == limit
        if (limit_reached and not (count_limit and count_limit <= length)) or context.get(
            "force_search_count"
        ):
            total = rows[0][3]
            length = min(total, count_limit) if count_limit else total
        return {"length": length, "records": values}

    # ------------------------------------------------------------------
    # Replenishment
    # ------------------------------------------------------------------
    def action_create_replenishment(self):
        """Internal transfers from the company's main warehouse stock for the suggestions of
        the selected lines; with no selection, of the lines the list shows (its filters, the
        ``active_domain`` the web client sends with an always-visible button)."""
        if self:
            lines = self.filtered(lambda line: line.suggested_qty > 0)
        else:
            domain = check_domain(self, self.env.context.get("active_domain") or [])
            lines = self.search(expression.AND([domain, [("suggested_qty", ">", 0)]]))
        if not lines:
            raise UserError(
                _(
                    "Nothing to replenish: no line of the selection (or of the list, when no "
                    "line is selected) has a suggested quantity."
                )
            )
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
    @api.readonly
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
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(table, "id"),
                *(SQL.identifier(table, c) for c in columns),
                name(point),
                SQL(
                    "CASE WHEN %s IS NOT NULL THEN '[' || %s || '] ' ELSE '' END || %s",
                    SQL.identifier(product, "default_code"),
                    SQL.identifier(product, "default_code"),
                    name(template),
                ),
                name(uom),
            )
        )
        # one pass over the rows (tens of thousands for the export): dicts with False, not
        # None, for empty values: the ORM's convention, which XML-RPC can marshal
        keys = ["id", *columns, "point", "product", "uom"]
        return [
            dict(zip(keys, [False if value is None else value for value in row], strict=True))
            for row in rows
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
