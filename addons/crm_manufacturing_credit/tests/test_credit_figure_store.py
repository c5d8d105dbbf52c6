from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.crm_manufacturing.tests.cron_common import CronBatchMixin
from odoo.addons.crm_manufacturing_credit.models.credit_figure import STORED_COLUMNS
from odoo.addons.crm_manufacturing_credit.models.credit_figures import FIGURES
from odoo.addons.crm_manufacturing_credit.models.res_partner import CREDIT_FIGURE_FIELDS

from .common import order_product

CRON = "crm_manufacturing_credit.ir_cron_credit_figure_refresh"
# every figure field of res.partner
PARTNER_FIELDS = sorted(CREDIT_FIGURE_FIELDS)
SEARCHES = [
    *[[("credit_grade", "=", grade)] for grade in "ABCDE"],
    [("credit_grade", "in", ["D", "E"])],
    [("credit_grade", "!=", "A")],
    [("credit_over_limit", "=", True)],
    [("credit_over_limit", "=", False)],
    [("credit_exposure", ">", 5000)],
    [("overdue_amount", ">=", 2000)],
    [("credit_score", "<", 60)],
]


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30 10:00:00")
class TestCreditFigureStore(CronBatchMixin, AccountTestInvoicingCommon):
    """The stored figures never disagree with the live ones: a clean row (not dirty, of
    today, of the current limit) equals the live figures, and a search gives what the live
    query gives, after invoices, payments, order confirmations, limit changes and days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Partner = cls.env["res.partner"]
        cls.steel, cls.wood, cls.glass, cls.clean = Partner.create(
            [
                {"name": "Steel Works", "is_company": True},
                {"name": "Wood Mill", "is_company": True},
                {"name": "Glass Plant", "is_company": True},
                {"name": "Clean Co", "is_company": True},
            ]
        )
        cls.buyer = Partner.create({"name": "Steel Buyer", "parent_id": cls.steel.id})
        cls.steel.credit_limit = 10000
        cls.wood.credit_limit = 3000
        cls.clean.credit_limit = 5000
        cls.ours = cls.steel | cls.wood | cls.glass | cls.clean | cls.buyer
        cls.product = order_product(cls.env, "Press")
        cls.old_invoice = cls._invoice(cls.buyer, 4000, "2026-03-20")  # 102 days overdue
        cls._invoice(cls.steel, 2500, "2026-06-10")  # 20 days overdue
        cls._invoice(cls.wood, 1000, "2026-06-29")
        cls._invoice(cls.glass, 800, "2026-07-20")  # not due
        cls.salesman = new_test_user(
            cls.env, login="store_rep", groups="sales_team.group_sale_salesman"
        )
        cls.employee = new_test_user(cls.env, login="store_employee", groups="base.group_user")

    @classmethod
    def _invoice(cls, partner, amount, date):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": date,
                "invoice_date_due": date,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Machine", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _order(self, partner, amount):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": amount / 100,
                            "price_unit": 100,
                        }
                    )
                ],
            }
        )

    # ------------------------------------------------------------------ helpers
    def _redo(self):
        Figure = self.env["crm.credit.figure"]
        return set(Figure._get_redo_partner_ids(self.env.company, Figure._today()))

    def _rows(self):
        return {
            row["partner_id"]: row
            for row in self.env.execute_query_dict(
                SQL("SELECT * FROM crm_credit_figure WHERE company_id = %s", self.env.company.id)
            )
        }

    def assertAgrees(self):
        """Every clean row equals the live figures (and there is one exactly for the
        customers with live figures), and every search gives the live query's partners."""
        redo = self._redo()
        live = self.env["res.partner"]._get_credit_figures()
        rows = self._rows()
        for pid in (set(live) | set(rows)) - redo:
            self.assertIn(pid, rows, f"no stored row for the clean customer {pid}")
            self.assertIn(pid, live, f"a stored row for {pid} without live figures")
            for column in STORED_COLUMNS:
                got, want = rows[pid][column], live[pid][column]
                if isinstance(want, str):
                    self.assertEqual(got, want, f"{column} of {pid}")
                else:
                    self.assertAlmostEqual(float(got), float(want), 2, f"{column} of {pid}")
            over = bool(live[pid]["credit_limit"]) and (
                live[pid]["credit_exposure"] > live[pid]["credit_limit"]
            )
            self.assertEqual(rows[pid]["credit_over_limit"], over, f"over the limit of {pid}")
        # the report and the fields of res.partner: the stored rows of the clean customers,
        # the live figures of the others, equal to the live figures of all
        Report = self.env["credit.risk.report"]
        columns = [name for name in FIGURES if name in Report._fields]  # every figure it shows
        report = {
            line["partner_id"]: line
            for line in Report.search_read(
                [("company_id", "=", self.env.company.id)], ["partner_id", *columns], load=None
            )
        }
        self.assertEqual(set(report), set(live), "the report lists the customers with activity")
        for pid, line in report.items():
            for column in columns:
                want = live[pid][column]
                if isinstance(want, str):
                    self.assertEqual(line[column], want, f"report {column} of {pid}")
                else:
                    self.assertAlmostEqual(
                        line[column], float(want), 2, f"report {column} of {pid}"
                    )
        self.env.invalidate_all()
        stored = self.ours.read(PARTNER_FIELDS)
        self.env.invalidate_all()
        self.assertEqual(
            stored, self.ours.with_context(credit_figures_live=True).read(PARTNER_FIELDS)
        )
        Partner = self.env["res.partner"]
        mine = [("id", "in", self.ours.ids)]
        for domain in SEARCHES:
            self.assertEqual(
                Partner.search(domain + mine),
                Partner.with_context(credit_figures_live=True).search(domain + mine),
                f"stored and live searches differ on {domain}",
            )
        return redo

    def assertRefreshed(self, partners):
        """``partners`` were dirty or stale; a refresh makes their rows clean and right."""
        commercial = set(partners.commercial_partner_id.ids)
        self.assertLessEqual(commercial, self.assertAgrees())
        self.env["crm.credit.figure"]._refresh()
        self.assertFalse(commercial & self._redo())
        self.assertAgrees()

    # ------------------------------------------------------------------ tests
    def test_rows_follow_invoices_payments_orders_limits_and_days(self):
        Figure = self.env["crm.credit.figure"]
        Figure._refresh()
        self.assertFalse(set(self.ours.ids) & self._redo())
        rows = self._rows()
        self.assertEqual(rows[self.steel.id]["credit_grade"], self.steel.credit_grade)
        self.assertNotIn(self.clean.id, rows)  # no activity: no row, grade A by its limit
        self.assertAgrees()

        with self.subTest("an invoice"):
            self._invoice(self.wood, 2500, "2026-05-01")
            self.assertRefreshed(self.wood)
            self.assertTrue(self._rows()[self.wood.id]["credit_over_limit"])

        with self.subTest("a payment"):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=self.old_invoice.ids
            ).create({"amount": 4000, "payment_date": "2026-06-30"})._create_payments()
            self.assertRefreshed(self.steel)

        with self.subTest("an order confirmation"):
            self._order(self.glass, 1500).action_confirm()
            self.assertRefreshed(self.glass)
            self.assertEqual(self._rows()[self.glass.id]["credit_exposure"], 2300)

        with self.subTest("a limit change"):
            self.glass.credit_limit = 2000
            self.assertRefreshed(self.glass)
            self.assertTrue(self._rows()[self.glass.id]["credit_over_limit"])

        with self.subTest("the company's default limit"):
            self.env["ir.default"].set("res.partner", "credit_limit", 1000.0)
            self.assertAgrees()
            self.env["crm.credit.figure"]._refresh()
            self.assertAgrees()

        with self.subTest("the company's credit policy"):
            self.env.company.write(
                {"credit_score_weight_utilization": 90, "credit_provision_1_30": 40}
            )
            self.assertRefreshed(self.steel | self.wood | self.glass)

        with self.subTest("a contact moving to another company"):
            self.buyer.parent_id = self.wood
            self.assertRefreshed(self.steel | self.wood)

        with self.subTest("days passing"), freeze_time("2026-08-15 10:00:00"):
            # every row is of yesterday or before: the searches use the live figures
            redo = self._redo()
            self.assertLessEqual(set(self._rows()), redo)
            self.assertAgrees()
            self.env["crm.credit.figure"]._refresh()
            self.assertFalse(set(self._rows()) & self._redo())
            self.assertAgrees()

    def test_report_and_fields_read_the_clean_rows(self):
        """The report and the fields read the stored row of a clean customer (here a row
        set apart on purpose), and compute a dirty one from the journal items."""
        Figure = self.env["crm.credit.figure"]
        Figure._refresh()
        self.env.cr.execute(
            """UPDATE crm_credit_figure SET credit_exposure = 123456, aging_61_90 = 654321
                WHERE partner_id = %s AND company_id = %s""",
            [self.wood.id, self.env.company.id],
        )
        Report = self.env["credit.risk.report"]

        def shown():
            self.env.invalidate_all()
            line = Report.search([("partner_id", "=", self.wood.id)])
            return (line.credit_exposure, line.aging_61_90), (
                self.wood.credit_exposure,
                self.wood.aging_61_90,
            )

        self.assertEqual(shown(), ((123456, 654321), (123456, 654321)))
        self.env.invalidate_all()
        self.assertEqual(self.wood.with_context(credit_figures_live=True).credit_exposure, 1000)
        # a change of the customer: its figures are computed again, whatever its row holds
        self.wood.credit_limit = 3500
        self.assertEqual(shown(), ((1000, 0), (1000, 0)))

    def test_fields_of_many_customers_in_few_queries(self):
        """The figures of every customer: the same number of queries for 5 or 35 customers,
        some dirty or not (the stored rows of the clean ones and the live figures of the
        dirty ones in one query)."""
        Figure = self.env["crm.credit.figure"]
        Partner = self.env["res.partner"]

        def queries(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners.read(["credit_grade", "credit_exposure", "aging_over_90"])
            return self.env.cr.sql_log_count - before

        Figure._refresh()
        queries(self.ours)  # the registry's caches
        few = queries(self.ours)
        more = Partner.create([{"name": f"Bulk {i}", "is_company": True} for i in range(30)])
        for partner in more[:10]:
            self._invoice(partner, 100, "2026-06-01")
        Figure._refresh()
        self.assertEqual(queries(self.ours | more), few)
        # a dirty customer: computed live in the same query as the stored rows
        self._invoice(more[0], 100, "2026-06-02")
        self.assertEqual(queries(self.ours | more), few)
        self.assertEqual(more[0].credit_exposure, 200)

    def test_written_in_sql_is_marked(self):
        """The triggers mark what any writer changes, the ORM or SQL."""
        Figure = self.env["crm.credit.figure"]
        Figure._refresh()
        self.assertNotIn(self.wood.id, self._redo())
        self.env.cr.execute(
            """UPDATE account_move_line SET amount_residual = amount_residual / 2,
                      amount_residual_currency = amount_residual_currency / 2
                WHERE partner_id = %s AND account_id IN (
                      SELECT id FROM account_account WHERE account_type = 'asset_receivable')""",
            [self.wood.id],
        )
        self.assertIn(self.wood.id, self.assertAgrees())
        # a write that changes none of the figures' columns marks nothing
        Figure._refresh()
        self.env.cr.execute(
            "UPDATE account_move_line SET name = name WHERE partner_id = %s", [self.wood.id]
        )
        self.assertNotIn(self.wood.id, self._redo())

    def test_cron_batches_resume_without_duplicates(self):
        Figure = self.env["crm.credit.figure"]
        Figure._refresh()
        for partner in (self.steel, self.wood, self.glass):
            self._invoice(partner, 100, "2026-06-30")
        self.assertEqual(len({self.steel.id, self.wood.id, self.glass.id} & self._redo()), 3)
        with self._killed_on_call("crm.credit.figure", "_refresh", 1):
            self._cron_call(CRON, "_cron_refresh", batch_size=2)
        self.assertEqual(len({self.steel.id, self.wood.id, self.glass.id} & self._redo()), 3)
        done, remaining = self._cron_call(CRON, "_cron_refresh", batch_size=2)
        self.assertEqual(done, 2)
        self.assertGreaterEqual(remaining, 1)
        while remaining:
            done, remaining = self._cron_call(CRON, "_cron_refresh", batch_size=2)
        self.assertFalse(self._redo())
        self.env.cr.execute(
            "SELECT partner_id FROM crm_credit_figure GROUP BY company_id, partner_id HAVING count(*) > 1"
        )
        self.assertFalse(self.env.cr.fetchall())
        self.assertAgrees()

    def test_rows_readable_by_credit_readers_only_and_never_written(self):
        Figure = self.env["crm.credit.figure"]
        Figure._refresh()
        rows = Figure.with_user(self.salesman).search([("partner_id", "=", self.steel.id)])
        self.assertEqual(rows.credit_grade, self.steel.credit_grade)
        with self.assertRaises(AccessError):
            Figure.with_user(self.employee).search([]).read(["credit_grade"])
        with self.assertRaises(AccessError):
            rows.with_user(self.salesman).write({"credit_grade": "A"})
        with self.assertRaises(AccessError):
            rows.with_user(self.salesman).unlink()
        with self.assertRaises(AccessError):
            Figure.with_user(self.salesman).create(
                {"partner_id": self.clean.id, "company_id": self.env.company.id}
            )
        with self.assertRaises(AccessError):
            rows.sudo().write({"credit_grade": "A"})  # not even with sudo: the server's SQL only
        # the salesman's search by grade goes through the stored rows
        self.assertIn(
            self.steel,
            self.env["res.partner"]
            .with_user(self.salesman)
            .search([("credit_grade", "=", self.steel.credit_grade)]),
        )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.employee).search([("credit_grade", "=", "A")])

    def test_search_queries_do_not_grow_with_customers(self):
        Figure = self.env["crm.credit.figure"]
        Partner = self.env["res.partner"]

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Partner.search_count([("credit_grade", "=", "E")])
            Partner.search_count([("credit_over_limit", "=", True)])
            return self.env.cr.sql_log_count - before

        Figure._refresh()
        queries()  # the first fills the caches of the registry (groups, defaults)
        few = queries()
        more = Partner.create([{"name": f"Bulk {i}", "is_company": True} for i in range(30)])
        for partner in more[:10]:
            self._invoice(partner, 100, "2026-06-01")
        Figure._refresh()
        self.assertEqual(queries(), few)
        self.assertLessEqual(few, 12)
