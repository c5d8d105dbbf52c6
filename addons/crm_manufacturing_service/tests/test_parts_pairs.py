from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from ..report.service_parts_use import USE_TABLE, rebuild
from .common import ServiceCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15 08:00:00")
class TestPartsPairs(ServiceCase):
    """The lines of a list page (found without figures, from the latest consumption kept by
    triggers) are the lines of the whole report, whatever changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.part_3 = cls.env["product.product"].create(
            {"name": "Seal Kit", "type": "consu", "is_storable": True, "is_spare_part": True}
        )
        cls.location_c = cls.env["stock.location"].create(
            {
                "name": "Point C",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
            }
        )
        cls.Report = cls.env["service.parts.report"]

    def _lines(self):
        """(line id, point, part) of every line of the whole report."""
        rows = self.Report.search_read([], ["service_point_id", "product_id"])
        return {(r["id"], r["service_point_id"][0], r["product_id"][0]) for r in rows}

    def _pair_lines(self):
        """(line id, point, part) of every line found without figures, as a page does."""
        rows = self.Report._page_lines([], 0, None, None, count=True)
        return {(line_id, point, product) for line_id, point, product, _count in rows}

    def assertSameLines(self, present=(), absent=()):
        """The pairs-only lines equal the whole report's; the kept consumption equals its
        rebuild from the move lines; ``present``/``absent`` (point, part) show the change
        took effect (so that this cannot pass on two equally wrong answers)."""
        self.env.invalidate_all()
        full = self._lines()
        self.assertEqual(self._pair_lines(), full)
        listed = {(point, product) for _id, point, product in full}
        for point, product in present:
            self.assertIn((point.id, product.id), listed)
        for point, product in absent:
            self.assertNotIn((point.id, product.id), listed)
        # the page through the list's entry point: same lines, same count
        page = self.Report.web_search_read(
            [], {"service_point_id": {}, "product_id": {}}, limit=80, count_limit=10001
        )
        self.assertEqual(page["length"], len(full))
        self.assertEqual(
            {(r["service_point_id"], r["product_id"]) for r in page["records"]}, listed
        )
        kept = self._use_rows()
        rebuild(self.env.cr)
        self.assertEqual(kept, self._use_rows())

    def _sql(self, move, assignment, value):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE stock_move_line %s WHERE id = ANY(%s)",
                SQL(assignment, value),
                move.move_line_ids.ids,
            )
        )
        self.env.invalidate_all()

    def _use_rows(self):
        return set(
            self.env.execute_query(
                SQL(
                    "SELECT location_id, location_dest_id, product_id, last_date FROM %s",
                    SQL.identifier(USE_TABLE),
                )
            )
        )

    def test_pairs_follow_stock_moves_rules_and_points(self):
        point_a, point_b, part_3 = self.point_a, self.point_b, self.part_3
        self.assertSameLines(absent=[(point_b, part_3)])
        # an incoming transfer
        incoming = self._move(part_3, 2, self.stock_location, self.location_b)
        self.assertSameLines(present=[(point_b, part_3)])
        # it is cancelled: the line goes
        incoming._action_cancel()
        self.assertSameLines(absent=[(point_b, part_3)])
        # stock (a quant)
        self.env["stock.quant"]._update_available_quantity(part_3, self.location_b, 2)
        self.assertSameLines(present=[(point_b, part_3)])
        # used up by a done delivery, the empty quant removed: the consumption keeps the line
        self._move(part_3, 2, self.location_b, self.customer_location, done=True)
        self.env.flush_all()
        self.env["stock.quant"]._unlink_zero_quants()
        self.assertFalse(
            self.env["stock.quant"].search(
                [("product_id", "=", part_3.id), ("location_id", "=", self.location_b.id)]
            )
        )
        self.assertSameLines(present=[(point_b, part_3)])
        # 91 days later the consumption is out of the window: the line goes
        with freeze_time("2026-09-14 08:00:00"):
            self.assertSameLines(absent=[(point_b, part_3)])
        with freeze_time("2026-09-12 08:00:00"):
            self.assertSameLines(present=[(point_b, part_3)])
        # a reordering rule, then archived
        rule = self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": part_3.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.location_c.id,
                "trigger": "manual",
                "product_min_qty": 1,
                "product_max_qty": 2,
            }
        )
        point_c = self.env["service.point"].create(
            {"name": "Point C", "code": "PC", "location_id": self.location_c.id}
        )
        self.assertSameLines(present=[(point_c, part_3)])
        rule.action_archive()
        self.assertSameLines(absent=[(point_c, part_3)])
        # point B moves to location A: its lines are those of location A; its former
        # consumption stays with location B, which no point holds
        point_b.location_id = self.location_a
        self.assertSameLines(absent=[(point_b, part_3)], present=[(point_b, self.part_2)])
        point_b.location_id = self.location_b
        self.assertSameLines(present=[(point_b, part_3)], absent=[(point_b, self.part_2)])
        # a sub-location of point A's location consumes: the line is point A's
        shelf = self.env["stock.location"].create(
            {"name": "Shelf", "usage": "internal", "location_id": self.location_c.id}
        )
        self._move(self.part, 1, shelf, self.customer_location, done=True)
        self.assertSameLines(present=[(point_c, self.part)])
        # ... and the shelf moves under point A
        shelf.location_id = self.location_a
        self.assertSameLines(absent=[(point_c, self.part)], present=[(point_a, self.part)])
        # the part is no longer a spare part
        part_3.product_tmpl_id.is_spare_part = False
        self.assertSameLines(absent=[(point_b, part_3)])
        part_3.product_tmpl_id.is_spare_part = True
        self.assertSameLines(present=[(point_b, part_3)])
        # an archived point has no line
        point_b.action_archive()
        self.assertSameLines(absent=[(point_b, part_3)])

    def test_pairs_follow_backdated_and_deleted_move_lines(self):
        """A done line that held the latest consumption of its location and part is
        backdated, moved, deleted: the kept date follows exactly."""
        part_3, point_c = (
            self.part_3,
            self.env["service.point"].create(
                {"name": "Point C", "code": "PC", "location_id": self.location_c.id}
            ),
        )
        old = self._move(part_3, 1, self.location_c, self.customer_location, done=True)
        recent = self._move(part_3, 1, self.location_c, self.customer_location, done=True)
        old.move_line_ids.date = "2026-01-10 10:00:00"
        self.env["stock.quant"].search([("product_id", "=", part_3.id)]).sudo().unlink()
        self.assertSameLines(present=[(point_c, part_3)])
        # the latest line is backdated beyond the window: only old lines are left
        recent.move_line_ids.date = "2026-02-10 10:00:00"
        self.assertSameLines(absent=[(point_c, part_3)])
        recent.move_line_ids.date = "2026-05-10 10:00:00"
        self.assertSameLines(present=[(point_c, part_3)])
        # a line that goes to another (internal) location stops counting
        # (in SQL: the ORM refuses to change the locations of a done line; the triggers see
        # every writer)
        self._sql(recent, "SET location_dest_id = %s", self.stock_location.id)
        self.assertSameLines(absent=[(point_c, part_3)])
        self._sql(recent, "SET location_dest_id = %s", self.customer_location.id)
        self.assertSameLines(present=[(point_c, part_3)])
        # deleted
        self.env.flush_all()
        self.env.cr.execute(
            SQL("DELETE FROM stock_move_line WHERE id = ANY(%s)", recent.move_line_ids.ids)
        )
        self.env.invalidate_all()
        self.assertSameLines(absent=[(point_c, part_3)])
        # the destination stops being a customer location (then is one again)
        used = self._move(part_3, 1, self.location_c, self.customer_location, done=True)
        self.env["stock.quant"].search([("product_id", "=", part_3.id)]).sudo().unlink()
        self.assertSameLines(present=[(point_c, part_3)])
        destination = self.env["stock.location"].create(
            {"name": "Scrapyard", "usage": "production"}
        )
        self._sql(used, "SET location_dest_id = %s", destination.id)
        self.assertSameLines(present=[(point_c, part_3)])
        destination.usage = "inventory"
        self.assertSameLines(absent=[(point_c, part_3)])
        destination.usage = "customer"
        self.assertSameLines(present=[(point_c, part_3)])

    def test_first_page_reads_the_kept_pairs_in_few_queries(self):
        spec = {"service_point_id": {}, "product_id": {}, "qty_on_hand": {}, "suggested_qty": {}}
        self.Report.web_search_read([], spec, limit=80)  # warm-up: access rights, rules
        self.env.invalidate_all()
        # the page's lines and count (one query on the kept pairs), its figures, the names
        with self.assertQueryCount(5):
            page = self.Report.web_search_read([], spec, limit=80)
        self.assertGreaterEqual(page["length"], 3)
        # many more consumptions: still the same queries
        for _index in range(5):
            self._move(self.part_3, 1, self.location_a, self.customer_location, done=True)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            page = self.Report.web_search_read([], spec, limit=80)
        self.assertIn(
            (self.point_a.id, self.part_3.id),
            {(r["service_point_id"], r["product_id"]) for r in page["records"]},
        )
