"""Cell styles and number formats, in one place.

Builders refer to styles by key (``"input_amount"``, ``"total_amount"`` ...);
the renderer turns :func:`style_table` into XlsxWriter formats. Inputs share
one look (blue text on pale yellow, unlocked); everything else is locked.
"""

from __future__ import annotations

from dataclasses import dataclass

INPUT_FILL = "#FFF2CC"
INPUT_FONT = "#0000FF"
HEADER_FILL = "#1F4E78"
SECTION_FILL = "#DDEBF7"
TOTAL_FILL = "#F2F2F2"
CHECK_OK_FILL = "#C6EFCE"
CHECK_OK_FONT = "#006100"
CHECK_BAD_FILL = "#FFC7CE"
CHECK_BAD_FONT = "#9C0006"
BORDER_COLOR = "#BFBFBF"


@dataclass(frozen=True)
class Currency:
    code: str
    decimals: int
    symbol: str


CURRENCIES: dict[str, Currency] = {c.code: c for c in (
    Currency("VND", 0, "₫"),
    Currency("USD", 2, "$"),
    Currency("CNY", 2, "¥"),
    Currency("EUR", 2, "€"),
    Currency("JPY", 0, "¥"),
    Currency("KRW", 0, "₩"),
    Currency("THB", 2, "฿"),
    Currency("IDR", 0, "Rp"),
    Currency("SGD", 2, "S$"),
    Currency("HKD", 2, "HK$"),
    Currency("TWD", 0, "NT$"),
    Currency("GBP", 2, "£"),
)}

# Display units Excel can scale with trailing commas in a number format.
DISPLAY_UNITS: dict[int, int] = {1: 0, 1_000: 1, 1_000_000: 2, 1_000_000_000: 3}


def amount_format(decimals: int, display_unit: int = 1) -> str:
    """Amount format: thousands separators, negatives in red, zero as a dash."""
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    scale = "," * DISPLAY_UNITS[display_unit]
    body = digits + scale
    return f'{body};[Red]-{body};"-"'


PCT_FORMAT = '0.0%;[Red]-0.0%;"-"'
UNITS_FORMAT = '#,##0;[Red]-#,##0;"-"'


CHECK_WARN_FILL = "#FFEB9C"
CHECK_WARN_FONT = "#9C5700"
BAR_FILL = "#5B9BD5"
MARKER_FILL = "#F4B084"
LINK_FONT = "#0563C1"


def style_table(currency: Currency, display_unit: int = 1, date_format: str = "yyyy-mm-dd") -> dict[str, dict]:
    """Every style key builders may use, as XlsxWriter format properties."""
    amount = amount_format(currency.decimals, display_unit)
    price = amount_format(currency.decimals)  # unit prices are never scaled
    border = {"border": 1, "border_color": BORDER_COLOR}
    inputs = {"bg_color": INPUT_FILL, "font_color": INPUT_FONT, "locked": False, **border}
    total = {"bold": True, "bg_color": TOTAL_FILL, "top": 1, "bottom": 1,
             "left": 1, "right": 1, "border_color": BORDER_COLOR}
    return {
        "title": {"bold": True, "font_size": 15, "font_color": HEADER_FILL},
        "subtitle": {"italic": True, "font_color": "#595959"},
        "section": {"bold": True, "bg_color": SECTION_FILL, "font_color": HEADER_FILL},
        "header": {"bold": True, "bg_color": HEADER_FILL, "font_color": "#FFFFFF",
                   "align": "center", "valign": "vcenter", "text_wrap": True, **border},
        "header_left": {"bold": True, "bg_color": HEADER_FILL, "font_color": "#FFFFFF",
                        "valign": "vcenter", "text_wrap": True, **border},
        "period_no": {"font_color": "#808080", "font_size": 8, "align": "center",
                      "num_format": "0"},
        "label": {**border},
        "label_bold": {"bold": True, **border},
        "label_total": {**total},
        "text": {"text_wrap": True, "valign": "top"},
        "text_bold": {"bold": True, "valign": "top"},
        "note": {"italic": True, "font_color": "#595959"},
        "row_no": {"align": "center", "valign": "top", "font_color": "#595959", **border},
        "input_text": {**inputs},
        "input_amount": {**inputs, "num_format": amount},
        "input_price": {**inputs, "num_format": price},
        "input_units": {**inputs, "num_format": UNITS_FORMAT},
        "input_pct": {**inputs, "num_format": "0.0%"},
        "input_month": {**inputs, "num_format": "0", "align": "center"},
        "input_number": {**inputs, "num_format": "0.000"},
        "input_decimal": {**inputs, "num_format": "#,##0.00"},
        "input_count": {**inputs, "num_format": "#,##0"},
        "input_date": {**inputs, "num_format": date_format, "align": "center"},
        "input_wrap": {**inputs, "text_wrap": True, "valign": "top"},
        "input_choice": {**inputs, "align": "center"},
        "amount": {"num_format": amount, **border},
        "price": {"num_format": price, **border},
        "units": {"num_format": UNITS_FORMAT, **border},
        "count": {"num_format": "#,##0", **border},
        "decimal": {"num_format": "#,##0.00", **border},
        "date": {"num_format": date_format, "align": "center", **border},
        "wrap": {"text_wrap": True, "valign": "top", **border},
        "link": {"font_color": LINK_FONT, "underline": 1},
        "pct": {"num_format": PCT_FORMAT, **border},
        "total_amount": {**total, "num_format": amount},
        "total_units": {**total, "num_format": UNITS_FORMAT},
        "total_pct": {**total, "num_format": PCT_FORMAT},
        "flag": {"align": "center", **border},
        "check": {"align": "center", "bold": True, **border},
        "legend_input": {**inputs, "locked": True},
        "legend_formula": {**border},
        "legend_total": {**total},
        "legend_check": {"bg_color": CHECK_OK_FILL, "font_color": CHECK_OK_FONT, **border},
        # conditional formats (applied over other styles)
        "cf_good": {"bg_color": CHECK_OK_FILL, "font_color": CHECK_OK_FONT},
        "cf_bad": {"bg_color": CHECK_BAD_FILL, "font_color": CHECK_BAD_FONT},
        "cf_warn": {"bg_color": CHECK_WARN_FILL, "font_color": CHECK_WARN_FONT},
        "cf_bar": {"bg_color": BAR_FILL, "font_color": BAR_FILL},
        "cf_marker": {"bg_color": MARKER_FILL},
    }
