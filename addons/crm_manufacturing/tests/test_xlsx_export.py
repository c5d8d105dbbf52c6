import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestXlsxExport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.xlsx = cls.env["crm.manufacturing.xlsx"]
        cls.columns = [
            {"label": "Stage", "type": "char", "width": 20, "key": "stage"},
            {"label": "Count", "type": "integer", "total": True, "key": "count"},
            {"label": "Rate", "type": "percent", "key": "rate"},
            {"label": "Revenue", "type": "monetary", "total": True, "key": "revenue"},
            {"label": "Since", "type": "date", "key": "since"},
        ]
        cls.rows = [
            ("Qualified", 3, 42.5, 1200.5, date(2026, 1, 31)),
            ("Proposition", 2, 10.0, 800.0, None),
        ]

    def _open(self, data):
        return openpyxl.load_workbook(io.BytesIO(data)).active

    def test_header_rows_and_totals(self):
        sheet = self._open(self.xlsx.build_xlsx("Funnel", self.columns, self.rows))
        self.assertEqual(sheet["A1"].value, "Funnel")
        self.assertEqual(
            [c.value for c in sheet[3]], ["Stage", "Count", "Rate", "Revenue", "Since"]
        )
        self.assertTrue(sheet["A3"].font.bold)
        self.assertEqual(sheet.freeze_panes, "A4")
        self.assertEqual(sheet.auto_filter.ref, "A3:E5")
        self.assertEqual(sheet["A4"].value, "Qualified")
        self.assertEqual(sheet["B4"].value, 3)
        self.assertAlmostEqual(sheet["C4"].value, 0.425)
        self.assertEqual(sheet["C4"].number_format, "0.0%")
        self.assertEqual(sheet["E4"].value.date(), date(2026, 1, 31))
        self.assertIsNone(sheet["E5"].value)
        # totals row: SUM formulas over the data, under the columns that ask for it
        self.assertEqual(sheet["A6"].value, "Total")
        self.assertEqual(sheet["B6"].value, "=SUM(B4:B5)")
        self.assertEqual(sheet["D6"].value, "=SUM(D4:D5)")
        self.assertIsNone(sheet["C6"].value)
        cached = openpyxl.load_workbook(
            io.BytesIO(self.xlsx.build_xlsx("Funnel", self.columns, self.rows)), data_only=True
        ).active
        self.assertEqual(cached["B6"].value, 5)
        self.assertAlmostEqual(cached["D6"].value, 2000.5)

    def test_rows_as_dicts_and_no_totals(self):
        rows = [{"stage": "Won", "count": 7, "rate": 100, "revenue": 5.0, "since": "2026-02-01"}]
        data = self.xlsx.build_xlsx("Won", self.columns, rows, totals=False)
        sheet = self._open(data)
        self.assertEqual(sheet["B4"].value, 7)
        self.assertEqual(sheet["E4"].value.date(), date(2026, 2, 1))
        self.assertEqual(sheet.max_row, 4)

    def test_export_for_rpc_returns_base64(self):
        result = self.xlsx.export("Funnel", self.columns, self.rows)
        self.assertEqual(result["filename"], "Funnel.xlsx")
        sheet = self._open(base64.b64decode(result["data"]))
        self.assertEqual(sheet["A5"].value, "Proposition")

    def test_download_action_serves_the_file(self):
        action = self.xlsx.action_download("Funnel", self.columns, self.rows, filename="funnel")
        self.assertEqual(action["type"], "ir.actions.act_url")
        record_id = int(action["url"].split("&id=")[1].split("&")[0])
        export = self.env["crm.manufacturing.xlsx.file"].browse(record_id)
        self.assertEqual(export.name, "funnel.xlsx")
        self.assertEqual(self._open(base64.b64decode(export.data))["A4"].value, "Qualified")

    def test_bad_columns_are_refused(self):
        with self.assertRaises(UserError):
            self.xlsx.build_xlsx("x", [], [])
        with self.assertRaises(UserError):
            self.xlsx.build_xlsx("x", [{"label": "a", "type": "colour"}], [])

    def test_empty_monetary_cell_is_blank_in_the_currency_format(self):
        # an empty amount used to raise KeyError: 'monetary' (no format for a blank amount)
        rows = [("Won", 1, 10.0, None, None), ("Lost", 2, 5.0, 50.0, None)]
        sheet = self._open(self.xlsx.build_xlsx("Amounts", self.columns, rows))
        self.assertIsNone(sheet["D4"].value)
        self.assertEqual(sheet["D4"].number_format, sheet["D5"].number_format)
        symbol = self.env.company.currency_id.symbol
        self.assertIn(symbol, sheet["D5"].number_format)
        self.assertEqual(sheet["D6"].value, "=SUM(D4:D5)")
        # every column type has a format for an empty cell
        columns = [
            {"label": ctype, "type": ctype}
            for ctype in ("char", "integer", "float", "monetary", "percent", "date", "datetime")
        ]
        sheet = self._open(self.xlsx.build_xlsx("Empty", columns, [[None] * 7, [False] * 7]))
        self.assertEqual(sheet.max_row, 5)
        self.assertTrue(all(cell.value is None for cell in sheet[4]))

    def test_amounts_in_the_column_currency(self):
        euro = self.env.ref("base.EUR")
        columns = [{"label": "Amount", "type": "monetary", "currency_id": euro.id, "total": True}]
        sheet = self._open(self.xlsx.build_xlsx("Euro", columns, [[12.5], [None]]))
        self.assertIn(euro.symbol, sheet["A4"].number_format)
        self.assertIn(euro.symbol, sheet["A5"].number_format)
        self.assertTrue(sheet["A6"].font.bold)
