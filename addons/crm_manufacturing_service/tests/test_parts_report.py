import base64
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 08:00:00")
class TestPartsReport(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # point A starts with 5 pumps and 20 filters (common); add 10 pumps, then use:
        # 9 pumps in the last 90 days, 4 pumps 120 days ago (outside the window)
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.part, cls.location_a, 10)
        cls._consume(cls.part, 4, "2026-02-15 10:00:00")
        cls._consume(cls.part, 5, "2026-04-01 10:00:00")
        cls._consume(cls.part, 4, "2026-06-01 10:00:00")
        # two pumps are on their way to point A; its minimum is 6
        cls.incoming = cls._move(cls.part, 2, cls.stock_location, cls.location_a)
        cls.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": cls.part.id,
                "warehouse_id": cls.warehouse.id,
                "location_id": cls.location_a.id,
                "trigger": "manual",
                "product_min_qty": 6,
                "product_max_qty": 12,
            }
        )
        # point B holds 3 filters, never used
        Quant._update_available_quantity(cls.part_2, cls.location_b, 3)
        Quant._update_available_quantity(cls.part, cls.stock_location, 100)

    @classmethod
    def _consume(cls, product, quantity, date):
        move = cls._move(product, quantity, cls.location_a, cls.customer_location)
        move._action_assign()
        move.picked = True
        move._action_done()
        move.move_line_ids.date = date
        move.date = date

    def _line(self, point, product):
        return self.env["service.parts.report"].search(
            [("service_point_id", "=", point.id), ("product_id", "=", product.id)]
        )

    def test_figures_of_a_hand_built_scenario(self):
        line = self._line(self.point_a, self.part)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.qty_on_hand, 2)  # 5 + 10 - 13
        self.assertEqual(line.qty_consumed, 9)  # the move of February is out of the 90 days
        self.assertAlmostEqual(line.daily_use, 0.1)
        self.assertAlmostEqual(line.days_of_cover, 20.0)
        self.assertEqual(line.qty_incoming, 2)
        self.assertEqual(line.min_qty, 6)
        # 90 days of cover = 9 pumps, minus 2 on hand and 2 on their way
        self.assertEqual(line.suggested_qty, 5)
        self.assertTrue(line.below_minimum)
        self.assertTrue(line.low_cover)
        filters_b = self._line(self.point_b, self.part_2)
        self.assertEqual(filters_b.qty_on_hand, 3)
        self.assertEqual(filters_b.qty_consumed, 0)
        self.assertEqual(filters_b.days_of_cover, 0.0)
        self.assertFalse(filters_b.low_cover)
        self.assertFalse(filters_b.below_minimum)
        self.assertEqual(filters_b.suggested_qty, 0)
        # parts that never touched a point are not listed
        self.assertFalse(self._line(self.point_b, self.part))
        # the machines are not spare parts
        self.assertFalse(
            self.env["service.parts.report"].search([("product_id", "=", self.machine.id)])
        )

    def test_query_count_does_not_grow_with_points_and_parts(self):
        Report = self.env["service.parts.report"]
        fields = ["service_point_id", "product_id", "qty_on_hand", "suggested_qty"]
        Report.search_read([], fields)  # warm-up: access rights, rules
        self.env.invalidate_all()
        with self.assertQueryCount(6):  # search, read, names of the points, parts, units
            rows = Report.search_read([], fields)
        self.assertGreaterEqual(len(rows), 3)
        # ten more points with stock of both parts: still the same queries
        for index in range(10):
            location = self.env["stock.location"].create(
                {
                    "name": f"Extra {index}",
                    "usage": "internal",
                    "location_id": self.warehouse.view_location_id.id,
                }
            )
            self.env["service.point"].create(
                {"name": f"Extra {index}", "code": f"X{index}", "location_id": location.id}
            )
            self.env["stock.quant"]._update_available_quantity(self.part, location, 1)
            self.env["stock.quant"]._update_available_quantity(self.part_2, location, 1)
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            rows = Report.search_read([], fields)
        self.assertGreaterEqual(len(rows), 23)

    def test_replenishment_transfers_from_the_main_stock(self):
        line = self._line(self.point_a, self.part)
        action = line.action_create_replenishment()
        picking = self.env["stock.picking"].search(action["domain"])
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(picking.location_id, self.stock_location)
        self.assertEqual(picking.location_dest_id, self.location_a)
        self.assertEqual(picking.move_ids.product_id, self.part)
        self.assertEqual(picking.move_ids.product_uom_qty, 5)
        # the transfer is now on its way: nothing more to suggest
        line = self._line(self.point_a, self.part)
        self.assertEqual(line.qty_incoming, 7)
        self.assertEqual(line.suggested_qty, 0)
        with self.assertRaisesRegex(UserError, "Nothing to replenish"):
            line.action_create_replenishment()

    def test_excel_export(self):
        result = self.env["service.parts.report"].export_xlsx(
            [("service_point_id", "=", self.point_a.id)]
        )
        self.assertEqual(result["filename"], "spare_parts_by_service_point.xlsx")
        self.assertTrue(base64.b64decode(result["data"]).startswith(b"PK"))
        rows = self.env["service.parts.report"]._xlsx_rows(
            [("service_point_id", "=", self.point_a.id)]
        )
        pump = next(row for row in rows if row["product_id"] == self.part.id)
        self.assertEqual(pump["point"], "Point A")
        self.assertEqual(pump["below"], "Yes")
        self.assertEqual(pump["product"], "Hydraulic Pump")
        self.assertEqual(pump["qty_consumed"], 9)
        self.assertIs(
            next(r for r in rows if r["product_id"] == self.part_2.id)["days_of_cover"], False
        )

    def test_report_rows_in_one_query_with_record_rules(self):
        Report = self.env["service.parts.report"]
        Report.get_report_rows()  # warm-up: access rights, rules
        with self.assertQueryCount(1):
            rows = Report.get_report_rows()
        self.assertEqual(
            {
                (r["service_point_id"], r["product_id"])
                for r in rows
                if r["service_point_id"] in (self.point_a | self.point_b).ids
            },
            {
                (self.point_a.id, self.part.id),
                (self.point_a.id, self.part_2.id),
                (self.point_b.id, self.part_2.id),
            },
        )
        # a technician of point B gets the lines of point B only
        rows_b = Report.with_user(self.technician_b).get_report_rows()
        self.assertEqual({r["service_point_id"] for r in rows_b}, {self.point_b.id})
        self.assertEqual(rows_b[0]["point"], "Point B")

    def test_replenish_without_selection_acts_on_the_filtered_lines(self):
        Report = self.env["service.parts.report"]
        # the always-visible button with no line selected: the list's filters come as
        # active_domain; only point A's pumps have a suggestion there
        action = Report.with_context(
            active_domain=[("service_point_id", "=", self.point_a.id)]
        ).action_create_replenishment()
        pickings = self.env["stock.picking"].search(action["domain"])
        self.assertEqual(pickings.location_dest_id, self.location_a)
        self.assertEqual(pickings.move_ids.product_id, self.part)
        # a filter without any suggestion says so clearly
        with self.assertRaisesRegex(UserError, "Nothing to replenish"):
            Report.with_context(
                active_domain=[("service_point_id", "=", self.point_b.id)]
            ).action_create_replenishment()
        with self.assertRaisesRegex(UserError, "not valid"):
            Report.with_context(active_domain=[("nope", "=", 1)]).action_create_replenishment()

    def test_a_list_page_computes_only_its_lines(self):
        """The first page of the list (search with a limit, as web_search_read does) computes
        the figures of its lines only, and gives the same lines as the whole report."""
        self._extra_points(4)
        Report = self.env["service.parts.report"]
        columns = ["service_point_id", "product_id", "qty_on_hand", "qty_consumed", "suggested_qty"]
        everything = Report.search_read([], columns)
        self.assertGreater(len(everything), 6)
        computed = []
        original = type(Report)._parts_query

        def spy(model, today, pairs=None, pairs_only=False):
            computed.append((pairs, pairs_only))
            return original(model, today, pairs=pairs, pairs_only=pairs_only)

        self.env.invalidate_all()
        with patch.object(type(Report), "_parts_query", spy):
            page = Report.search_read([], columns, offset=2, limit=3)
            count = Report.search_count([], limit=5)
            result = Report.web_search_read([], {name: {} for name in columns}, limit=3)
            capped = Report.web_search_read([], {"id": {}}, offset=3, limit=3, count_limit=5)
            self.env.invalidate_all()
            # reading given lines (a form, fetch) computes those lines only
            read = Report.browse([everything[4]["id"], everything[0]["id"]]).read(columns)
        self.assertEqual(page, everything[2:5])
        self.assertEqual(count, 5)
        self.assertEqual(result["length"], len(everything))
        self.assertEqual(
            [(r["id"], r["qty_on_hand"]) for r in result["records"]],
            [(r["id"], r["qty_on_hand"]) for r in everything[:3]],
        )
        self.assertEqual(capped["length"], 6)  # the count limit is reached: offset + page
        self.assertEqual(
            [row["id"] for row in result["records"]], [row["id"] for row in everything[:3]]
        )
        self.assertEqual(read, [everything[4], everything[0]])
        figures = [pairs for pairs, pairs_only in computed if not pairs_only]
        self.assertTrue(figures)
        self.assertTrue(all(pairs is not None and len(pairs) <= 3 for pairs in figures), figures)
        # a filter or an order on a figure searches the whole report, with the same result
        # (other points of the database, demo data, may be below their minimum too)
        below = Report.search([("below_minimum", "=", True)], limit=80)
        self.assertIn(self._line(self.point_a, self.part), below)
        self.assertEqual(below, below.filtered("below_minimum"))
        self.assertEqual(
            len(below),
            sum(1 for r in Report.search_read([], ["below_minimum"]) if r["below_minimum"]),
        )
        by_stock = Report.search([], order="qty_on_hand desc", limit=1)
        self.assertEqual(by_stock.qty_on_hand, max(r["qty_on_hand"] for r in everything))
        # a technician's page holds the lines of their point only
        rows_a = Report.with_user(self.technician_a).search_read([], ["service_point_id"], limit=80)
        self.assertEqual({r["service_point_id"][0] for r in rows_a}, {self.point_a.id})

    def _extra_points(self, count):
        for index in range(count):
            location = self.env["stock.location"].create(
                {
                    "name": f"Page {index}",
                    "usage": "internal",
                    "location_id": self.warehouse.view_location_id.id,
                }
            )
            self.env["service.point"].create(
                {"name": f"Page {index}", "code": f"PG{index}", "location_id": location.id}
            )
            self.env["stock.quant"]._update_available_quantity(self.part, location, index + 1)
            self.env["stock.quant"]._update_available_quantity(self.part_2, location, 1)
