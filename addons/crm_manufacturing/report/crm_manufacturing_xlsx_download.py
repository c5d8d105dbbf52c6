"""The two ways an Excel export reaches its reader: a download in the web client, or the
file as base64 for XML-RPC callers."""

import base64

from odoo import api, fields, models

from ..tools import check_one

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CrmManufacturingXlsx(models.AbstractModel):
    _inherit = "crm.manufacturing.xlsx"

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
