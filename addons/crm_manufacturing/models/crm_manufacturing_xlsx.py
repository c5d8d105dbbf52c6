"""Excel export helper shared by every analysis of the manufacturing CRM.

Usage from another model::

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
or a dict keyed by the column's ``key``.
"""

import base64
import os
import tempfile

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import check_number, check_one, to_date, to_datetime

COLUMN_TYPES = ("char", "integer", "float", "monetary", "percent", "date", "datetime")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    def _currency_format(self, currency):
        decimals = "0" * (currency.decimal_places or 0)
        number = "#,##0" + (f".{decimals}" if decimals else "")
        symbol = (currency.symbol or currency.name or "").replace('"', "")
        if currency.position == "before":
            return f'"{symbol}"{number};-"{symbol}"{number}'
        return f'{number}" {symbol}";-{number}" {symbol}"'

    @api.model
    def build_xlsx(self, title, columns, rows, totals=None):
        """Return the bytes of an .xlsx workbook with one sheet.

        The workbook is written in xlsxwriter's constant-memory mode (row by
        row into a temporary file), so a large export does not hold the sheet
        in memory. ``totals`` (default: when any column asks for one) adds a
        last row with SUM formulas under the columns whose ``total`` is true.
        """
        self._check_columns(columns)
        self._check_arguments(title, rows, None, totals)
        if totals is None:
            totals = any(column.get("total") for column in columns)
        company_currency = self.env.company.currency_id
        fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="crm_mfg_")
        os.close(fd)
        try:
            workbook = xlsxwriter.Workbook(
                path,
                {
                    "constant_memory": True,
                    "tmpdir": tempfile.gettempdir(),
                    "default_date_format": "yyyy-mm-dd",
                    "remove_timezone": True,
                },
            )
            base = {"valign": "top"}
            header_fmt = workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            )
            title_fmt = workbook.add_format({"bold": True, "font_size": 14})
            formats = {
                "char": workbook.add_format(base),
                "integer": workbook.add_format(dict(base, num_format="#,##0")),
                "float": workbook.add_format(dict(base, num_format="#,##0.00")),
                "percent": workbook.add_format(dict(base, num_format="0.0%")),
                "date": workbook.add_format(dict(base, num_format="yyyy-mm-dd")),
                "datetime": workbook.add_format(dict(base, num_format="yyyy-mm-dd hh:mm")),
            }
            money_formats = {}

            def money_format(column, bold=False):
                currency = column.get("currency_id")
                currency = (
                    self.env["res.currency"].browse(currency) if currency else company_currency
                )
                key = (currency.id, bold)
                if key not in money_formats:
                    money_formats[key] = workbook.add_format(
                        dict(base, num_format=self._currency_format(currency), bold=bold)
                    )
                return money_formats[key]

            total_formats = {
                ctype: workbook.add_format(
                    {"bold": True, "top": 2, "num_format": fmt.num_format or "General"}
                )
                for ctype, fmt in formats.items()
            }
            sheet_name = "".join(c for c in (title or "Export") if c not in "[]:*?/\\")[:31]
            sheet = workbook.add_worksheet(sheet_name or "Export")
            sheet.write(0, 0, title or "", title_fmt)
            header_row = 2
            for col, column in enumerate(columns):
                sheet.set_column(col, col, column.get("width") or 14)
            for col, column in enumerate(columns):
                sheet.write_string(header_row, col, str(column["label"]), header_fmt)
            sheet.freeze_panes(header_row + 1, 0)

            row_index = header_row
            sums = [0.0] * len(columns)
            for row in rows:
                row_index += 1
                if not isinstance(row, dict | list | tuple):
                    raise UserError(
                        _(
                            "Row %(row)s of the Excel export is a list or a dict, not %(value)r.",
                            row=row_index - header_row,
                            value=row,
                        )
                    )
                for col, column in enumerate(columns):
                    if isinstance(row, dict):
                        value = row.get(column.get("key"))
                    else:
                        value = row[col] if col < len(row) else None
                    ctype = column.get("type", "char")
                    if value is None or value is False:
                        sheet.write_blank(row_index, col, None, formats[ctype])
                        continue
                    value = self._cell_value(column, value, row_index - header_row)
                    if ctype == "char":
                        sheet.write_string(row_index, col, value, formats["char"])
                    elif ctype in ("date", "datetime"):
                        sheet.write_datetime(row_index, col, value, formats[ctype])
                    else:
                        sums[col] += value
                        if ctype == "percent":
                            sheet.write_number(row_index, col, value / 100.0, formats["percent"])
                        elif ctype == "monetary":
                            sheet.write_number(row_index, col, value, money_format(column))
                        else:
                            sheet.write_number(row_index, col, value, formats[ctype])
            last_data_row = row_index
            sheet.autofilter(header_row, 0, max(last_data_row, header_row), len(columns) - 1)
            if totals:
                row_index += 1
                sheet.write_string(row_index, 0, _("Total"), total_formats["char"])
                for col, column in enumerate(columns):
                    if col == 0 or not column.get("total"):
                        continue
                    ctype = column.get("type", "char")
                    cell_from = xlsxwriter.utility.xl_rowcol_to_cell(header_row + 1, col)
                    cell_to = xlsxwriter.utility.xl_rowcol_to_cell(
                        max(last_data_row, header_row + 1), col
                    )
                    fmt = (
                        money_format(column, bold=True)
                        if ctype == "monetary"
                        else total_formats[ctype]
                    )
                    sheet.write_formula(
                        row_index, col, f"=SUM({cell_from}:{cell_to})", fmt, sums[col]
                    )
            workbook.close()
            with open(path, "rb") as xlsx_file:
                return xlsx_file.read()
        finally:
            os.unlink(path)

    @api.model
    def _filename(self, title, filename=None):
        name = filename or f"{title or 'export'}.xlsx"
        # a file name, not a path
        name = "".join(c for c in name if c not in '/\\:*?"<>|\r\n')
        return name if name.endswith(".xlsx") else f"{name}.xlsx"

    @api.model
    def export(self, title, columns, rows, filename=None, totals=None):
        """Public entry for XML-RPC callers: the workbook as base64."""
        self._check_arguments(title, rows, filename, totals)
        data = self.build_xlsx(title, columns, rows, totals=totals)
        return {
            "filename": self._filename(title, filename),
            "mimetype": XLSX_MIMETYPE,
            "data": base64.b64encode(data).decode(),
        }

    @api.model
    def action_download(self, title, columns, rows, filename=None, totals=None):
        """Web client entry: store the file on a transient record and return
        the URL action that downloads it."""
        self._check_arguments(title, rows, filename, totals)
        data = self.build_xlsx(title, columns, rows, totals=totals)
        export = self.env["crm.manufacturing.xlsx.file"].create(
            {"name": self._filename(title, filename), "data": base64.b64encode(data)}
        )
        return export.action_download()


class CrmManufacturingXlsxFile(models.TransientModel):
    _name = "crm.manufacturing.xlsx.file"
    _description = "Manufacturing CRM Excel File"

    name = fields.Char(required=True)
    data = fields.Binary(attachment=False, readonly=True)

    def action_download(self):
        check_one(self)
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content?model={self._name}&id={self.id}"
                f"&field=data&filename_field=name&download=true"
            ),
            "target": "download",
        }
