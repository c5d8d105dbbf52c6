"""Cell formats of the Excel exports: one xlsxwriter format per column type and currency,
made once per workbook."""

COLUMN_TYPES = ("char", "integer", "float", "monetary", "percent", "date", "datetime")

NUMBER_FORMATS = {
    "char": None,
    "integer": "#,##0",
    "float": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
CELL = {"valign": "top"}
TOTAL = {"bold": True, "top": 2}
TITLE = {"bold": True, "font_size": 14}
HEADER = {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}


def currency_number_format(currency):
    """Excel number format of an amount in ``currency`` (its symbol, position and decimals)."""
    decimals = "0" * (currency.decimal_places or 0)
    number = "#,##0" + (f".{decimals}" if decimals else "")
    symbol = (currency.symbol or currency.name or "").replace('"', "")
    if currency.position == "before":
        return f'"{symbol}"{number};-"{symbol}"{number}'
    return f'{number}" {symbol}";-{number}" {symbol}"'


class XlsxFormats:
    """The formats of one workbook: ``cell(column)`` for a data cell of the column (empty or
    not), ``total(column)`` for its total; every column type has both, ``monetary`` included
    (in the column's ``currency_id`` or the company currency)."""

    def __init__(self, workbook, env):
        self.workbook = workbook
        self.env = env
        self.title = workbook.add_format(TITLE)
        self.header = workbook.add_format(HEADER)
        self._made = {}

    def _number_format(self, column):
        ctype = column.get("type", "char")
        if ctype != "monetary":
            return NUMBER_FORMATS[ctype]
        currency = column.get("currency_id")
        currency = (
            self.env["res.currency"].browse(currency) if currency else self.env.company.currency_id
        )
        return currency_number_format(currency)

    def _get(self, number_format, total):
        key = (number_format, total)
        if key not in self._made:
            properties = dict(TOTAL if total else CELL)
            if number_format:
                properties["num_format"] = number_format
            self._made[key] = self.workbook.add_format(properties)
        return self._made[key]

    def cell(self, column):
        return self._get(self._number_format(column), False)

    def total(self, column):
        return self._get(self._number_format(column), True)
