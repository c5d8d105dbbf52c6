from odoo import api, models

from ..tools import check_domain, check_one


class CrmManufacturingXlsxExportMixin(models.AbstractModel):
    """Excel export of a report or a wizard, in the web client and over XML-RPC.

    A report (or wizard) inherits the mixin and says what to export::

        _inherit = ["crm.manufacturing.xlsx.export.mixin"]

        def _xlsx_title(self):
            return self.env._("Credit Risk")

        def _xlsx_columns(self):
            return [{"label": self.env._("Customer"), "key": "partner", "type": "char"}, ...]

        def _xlsx_rows(self, domain):
            return self.search_read(domain, [...])

    and gets ``action_export_xlsx()`` (a button: the selected lines of a list, or the whole
    report when none is selected; the wizard's figures on a wizard) and ``export_xlsx(domain)``
    (XML-RPC: ``{"filename", "mimetype", "data"}``, data in base64). Columns and rows follow
    ``crm.manufacturing.xlsx``.
    """

    _name = "crm.manufacturing.xlsx.export.mixin"
    _description = "Excel Export of a Report"
    # the model whose records the domain of export_xlsx() selects (None: this one)
    _xlsx_domain_model = None

    def _xlsx_title(self):
        """The title of the sheet (and of the file, unless ``_xlsx_filename`` says otherwise)."""
        raise NotImplementedError

    def _xlsx_filename(self):
        """The file's name; None: the title."""
        return None

    def _xlsx_columns(self):
        raise NotImplementedError

    def _xlsx_rows(self, domain):
        """The rows of the report that match ``domain`` (checked by ``_xlsx_check_domain``)."""
        raise NotImplementedError

    def _xlsx_check_domain(self, domain):
        """The caller's filter, checked on the model the rows come from (UserError if bad)."""
        model = self.env[self._xlsx_domain_model] if self._xlsx_domain_model else self
        return check_domain(model, domain)

    def _xlsx_domain(self):
        """What the web client's export covers: the selected lines, or the lines of the list's
        current filter when none is selected; a wizard exports its own figures."""
        if self._transient:
            return []
        if self:
            return [("id", "in", self.ids)]
        # a list header button without selection: the web client sends the list's filter
        return self.env.context.get("active_domain") or []

    def _xlsx_export_arguments(self, domain):
        return (
            self._xlsx_title(),
            self._xlsx_columns(),
            self._xlsx_rows(self._xlsx_check_domain(domain)),
        )

    def action_export_xlsx(self):
        """Web client: download the export."""
        if self._transient:
            check_one(self)
        return self.env["crm.manufacturing.xlsx"].action_download(
            *self._xlsx_export_arguments(self._xlsx_domain()), filename=self._xlsx_filename()
        )

    @api.model
    @api.readonly
    def export_xlsx(self, domain=None):
        """XML-RPC: the export of the rows matching ``domain`` (every row the caller may read
        by default; a wizard's default period) as a base64 file."""
        report = self.new({}) if self._transient else self
        return self.env["crm.manufacturing.xlsx"].export(
            *report._xlsx_export_arguments(domain), filename=report._xlsx_filename()
        )
