"""Column definitions of ``crm.manufacturing.xlsx``, written the same way by every report.

::

    from odoo.addons.crm_manufacturing.report.crm_manufacturing_xlsx_columns import (
        xlsx_column,
        xlsx_money_column,
    )

    def _xlsx_columns(self):
        return [
            xlsx_column(_("Customer"), "partner", width=32),
            xlsx_column(_("Closed On"), "date_closed", "date", 12),
            xlsx_money_column(_("Expected Revenue"), "expected_revenue"),
        ]
"""


def xlsx_column(label, key=None, kind="char", width=None, total=False):
    """The column ``label`` of the rows' ``key`` (None: rows are sequences); ``kind`` one of the helper's column types
    (char, integer, float, monetary, percent, date, datetime); without ``width`` the
    helper's width of that type; ``total``: a sum below the column."""
    column = {"label": label, "type": kind}
    if key:
        column["key"] = key
    if width:
        column["width"] = width
    if total:
        column["total"] = True
    return column


def xlsx_money_column(label, key=None, width=16):
    """An amount in the company's currency, summed below the column."""
    return xlsx_column(label, key, "monetary", width, total=True)
