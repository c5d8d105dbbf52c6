"""Excel export helper shared by every analysis of the manufacturing CRM: writing the sheet.

Reports and wizards inherit ``crm.manufacturing.xlsx.export.mixin``
(crm_manufacturing_xlsx_export_mixin.py) and give its title, columns and rows. Direct use
from another model::

    columns = [
        {"label": _("Stage"), "type": "char", "width": 24},
        {"label": _("Won"), "type": "integer", "total": True},
        {"label": _("Success rate"), "type": "percent"},
        {"label": _("Revenue"), "type": "monetary", "total": True},
    ]
    rows = [("Qualified", 3, 42.5, 12000.0), ...]
    xlsx = self.env["crm.manufacturing.xlsx"]
    return xlsx.action_download(_("Funnel"), columns, rows)   # web client
    return xlsx.export(_("Funnel"), columns, rows)            # XML-RPC: base64

Column types: ``char``, ``integer``, ``float``, ``monetary`` (company currency,
or the column's ``currency_id``), ``percent`` (values in percent units: 42.5
means 42.5 %), ``date`` and ``datetime``. A row is a sequence in column order,
or a dict keyed by the column's ``key``; None or False is an empty cell.

The formats are in crm_manufacturing_xlsx_formats.py, the download and the XML-RPC answer
in crm_manufacturing_xlsx_download.py.
"""

import os
import tempfile
from contextlib import contextmanager

import xlsxwriter

from odoo import _, api, models
from odoo.exceptions import UserError

from ..tools import check_number, to_date, to_datetime
from .crm_manufacturing_xlsx_formats import COLUMN_TYPES, XlsxFormats

# the title in the first row, the column labels in the third, the data below
HEADER_ROW = 2


@contextmanager
def temporary_workbook():
    """An xlsxwriter workbook written row by row into a temporary file (constant-memory
    mode: a large export does not hold the sheet in memory), and the file's path."""
    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="crm_mfg_")
    os.close(fd)
    try:
        yield (
            xlsxwriter.Workbook(
                path,
                {
                    "constant_memory": True,
                    "tmpdir": tempfile.gettempdir(),
                    "default_date_format": "yyyy-mm-dd",
                    "remove_timezone": True,
                },
            ),
            path,
        )
    finally:
        os.unlink(path)


class CrmManufacturingXlsx(models.AbstractModel):
    _name = "crm.manufacturing.xlsx"
    _description = "Manufacturing CRM Excel Export"

    @api.model
    def _check_columns(self, columns):
        """The column definitions as a list of dicts, or a UserError naming the problem."""
        if not isinstance(columns, list | tuple) or not columns:
            raise UserError(_("An Excel export needs a list of at least one column."))
        for column in columns:
            if not isinstance(column, dict):
                raise UserError(
                    _(
                        "A column of an Excel export is a dict (label, type, width, total, "
                        "key), not %(value)r.",
                        value=column,
                    )
                )
            if not column.get("label") or not isinstance(column["label"], str):
                raise UserError(_("Every column of an Excel export needs a label (text)."))
            if column.get("type", "char") not in COLUMN_TYPES:
                raise UserError(
                    _(
                        "Unknown column type %(type)s in the Excel export; use one of: %(types)s.",
                        type=column.get("type"),
                        types=", ".join(COLUMN_TYPES),
                    )
                )
            if column.get("width") is not None:
                check_number(
                    self.env,
                    column["width"],
                    _("The width of column %(label)s", label=column["label"]),
                    1,
                    255,
                )
            currency = column.get("currency_id")
            if currency is not None and currency is not False:
                if (
                    isinstance(currency, bool)
                    or not isinstance(currency, int)
                    or not self.env["res.currency"].browse(currency).exists()
                ):
                    raise UserError(
                        _(
                            "The currency of column %(label)s is not a currency id: %(value)r.",
                            label=column["label"],
                            value=currency,
                        )
                    )
            key = column.get("key")
            if key is not None and not isinstance(key, str | int):
                raise UserError(
                    _(
                        "The key of column %(label)s must be text, not %(value)r.",
                        label=column["label"],
                        value=key,
                    )
                )

    @api.model
    def _check_arguments(self, title, rows, filename, totals):
        if title is not None and title is not False and not isinstance(title, str):
            raise UserError(_("The title of an Excel export is text, not %(value)r.", value=title))
        if filename is not None and filename is not False and not isinstance(filename, str):
            raise UserError(
                _("The file name of an Excel export is text, not %(value)r.", value=filename)
            )
        if totals is not None and not isinstance(totals, bool):
            raise UserError(_("Totals are true or false, not %(value)r.", value=totals))
        if isinstance(rows, str | bytes | dict) or not hasattr(rows, "__iter__"):
            raise UserError(
                _("The rows of an Excel export are a list of rows, not %(value)r.", value=rows)
            )

    @api.model
    def _cell_value(self, column, value, row_number):
        """The value of a cell for xlsxwriter, checked against its column type."""
        ctype = column.get("type", "char")
        label = _("Row %(row)s, column %(label)s", row=row_number, label=column["label"])
        if ctype == "char":
            if not isinstance(value, str | int | float):
                raise UserError(_("%(label)s: %(value)r is not text.", label=label, value=value))
            return str(value)
        if ctype == "date":
            return to_date(self.env, value, label)
        if ctype == "datetime":
            return to_datetime(self.env, value, label)
        return check_number(self.env, value, label)

    @api.model
    def build_xlsx(self, title, columns, rows, totals=None):
        """Return the bytes of an .xlsx workbook with one sheet: the title, the column labels
        (frozen, with a filter), one line per row and, when ``totals`` (default: when any
        column asks for one), a last line with SUM formulas under the columns whose ``total``
        is true."""
        self._check_columns(columns)
        self._check_arguments(title, rows, None, totals)
        if totals is None:
            totals = any(column.get("total") for column in columns)
        with temporary_workbook() as (workbook, path):
            formats = XlsxFormats(workbook, self.env)
            sheet = self._xlsx_add_sheet(workbook, formats, title, columns)
            last_row, sums = self._xlsx_write_rows(sheet, formats, columns, rows)
            sheet.autofilter(HEADER_ROW, 0, last_row, len(columns) - 1)
            if totals:
                self._xlsx_write_totals(sheet, formats, columns, last_row, sums)
            workbook.close()
            with open(path, "rb") as xlsx_file:
                return xlsx_file.read()

    @api.model
    def _xlsx_add_sheet(self, workbook, formats, title, columns):
        """The sheet, named after the title, with the title, the column widths and labels."""
        sheet_name = "".join(c for c in (title or "") if c not in "[]:*?/\\")[:31]
        sheet = workbook.add_worksheet(sheet_name or "Export")
        sheet.write(0, 0, title or "", formats.title)
        for col, column in enumerate(columns):
            sheet.set_column(col, col, column.get("width") or 14)
            sheet.write_string(HEADER_ROW, col, column["label"], formats.header)
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        return sheet

    @api.model
    def _xlsx_write_rows(self, sheet, formats, columns, rows):
        """Write the rows under the header; return the last row written and the sum of each
        column's numbers."""
        row_index = HEADER_ROW
        sums = [0.0] * len(columns)
        for row in rows:
            row_index += 1
            values = self._xlsx_row_values(columns, row, row_index - HEADER_ROW)
            for col, (column, value) in enumerate(zip(columns, values, strict=True)):
                sums[col] += self._xlsx_write_cell(sheet, formats, row_index, col, column, value)
        return row_index, sums

    @api.model
    def _xlsx_row_values(self, columns, row, row_number):
        """The cell values of a row (a sequence in column order, or a dict keyed by the
        columns' ``key``), checked against their column types; None for an empty cell."""
        if not isinstance(row, dict | list | tuple):
            raise UserError(
                _(
                    "Row %(row)s of the Excel export is a list or a dict, not %(value)r.",
                    row=row_number,
                    value=row,
                )
            )
        values = []
        for col, column in enumerate(columns):
            if isinstance(row, dict):
                value = row.get(column.get("key"))
            else:
                value = row[col] if col < len(row) else None
            empty = value is None or value is False
            values.append(None if empty else self._cell_value(column, value, row_number))
        return values

    @api.model
    def _xlsx_write_cell(self, sheet, formats, row_index, col, column, value):
        """Write one cell in its column's format; return what it adds to the column's sum."""
        ctype = column.get("type", "char")
        cell_format = formats.cell(column)
        if value is None:
            sheet.write_blank(row_index, col, None, cell_format)
        elif ctype == "char":
            sheet.write_string(row_index, col, value, cell_format)
        elif ctype in ("date", "datetime"):
            sheet.write_datetime(row_index, col, value, cell_format)
        else:
            # percent values come in percent units (42.5), Excel wants the fraction
            sheet.write_number(
                row_index, col, value / 100.0 if ctype == "percent" else value, cell_format
            )
            return value
        return 0.0

    @api.model
    def _xlsx_write_totals(self, sheet, formats, columns, last_row, sums):
        """A last line: "Total", then a SUM formula (with its value cached for the readers
        that do not compute) under each column that asks for a total."""
        row_index = last_row + 1
        sheet.write_string(row_index, 0, _("Total"), formats.total(columns[0]))
        first_cell_row = HEADER_ROW + 1
        for col, column in enumerate(columns):
            if col == 0 or not column.get("total"):
                continue
            cell_from = xlsxwriter.utility.xl_rowcol_to_cell(first_cell_row, col)
            cell_to = xlsxwriter.utility.xl_rowcol_to_cell(max(last_row, first_cell_row), col)
            sheet.write_formula(
                row_index, col, f"=SUM({cell_from}:{cell_to})", formats.total(column), sums[col]
            )
