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

# Display units of calculated money. Thousands, millions and billions scale with trailing
# commas in the number format; 万 (10,000) and 亿 (100,000,000) cannot be reached by commas
# alone, so their formats put a literal "." (escaped: ``\.``, which Excel and LibreOffice
# both read; LibreOffice does not read Excel's ``!``) between the digits of a comma-scaled
# number: ``0\.0,`` shows 123456789 as 12345.7 (÷ 1,000, then the point one digit to the
# left = ÷ 10,000) and ``0\.00,,`` shows it as 1.23 (÷ 1,000,000, point two digits left).
# Values stay exact: only what a cell shows changes. Money typed in (inputs, prices) is
# never scaled.
#: Display unit -> trailing commas of its format (None: a unit with a format body of its own).
DISPLAY_UNITS: dict[int, int | None] = {1: 0, 1_000: 1, 10_000: None, 1_000_000: 2, 100_000_000: None,
                                        1_000_000_000: 3}
#: Number-format bodies of the units that are not a power of 1,000.
_CJK_UNIT_BODIES = {10_000: '0\\.0,"万"', 100_000_000: '0\\.00,,"亿"'}


def amount_body(decimals: int, display_unit: int = 1) -> str:
    """The positive section of an amount format: thousands separators, scaled by the display unit."""
    if display_unit in _CJK_UNIT_BODIES:
        return _CJK_UNIT_BODIES[display_unit]
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    return digits + "," * DISPLAY_UNITS[display_unit]


def amount_format(decimals: int, display_unit: int = 1) -> str:
    """Amount format: thousands separators, negatives in red, zero as a dash."""
    body = amount_body(decimals, display_unit)
    return f'{body};[Red]-{body};"-"'


def variance_format(decimals: int, display_unit: int = 1) -> str:
    """A variance: no colour in the format (conditional formats colour it by its flag), zero as a dash."""
    body = amount_body(decimals, display_unit)
    return f'{body};-{body};"-"'


PCT_FORMAT = '0.0%;[Red]-0.0%;"-"'
VARIANCE_PCT_FORMAT = '0.0%;-0.0%;"-"'
UNITS_FORMAT = '#,##0;[Red]-#,##0;"-"'


CHECK_WARN_FILL = "#FFEB9C"
CHECK_WARN_FONT = "#9C5700"
BAR_FILL = "#5B9BD5"
MARKER_FILL = "#F4B084"
LINK_FONT = "#0563C1"


def style_table(currency: Currency, display_unit: int = 1, date_format: str = "yyyy-mm-dd") -> dict[str, dict]:
    """Every style key builders may use, as XlsxWriter format properties."""
    amount = amount_format(currency.decimals, display_unit)
    price = amount_format(currency.decimals)  # unit prices and money typed in are never scaled
    variance = variance_format(currency.decimals, display_unit)
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
        "section_note": {"italic": True, "bg_color": SECTION_FILL, "font_color": "#595959"},
        "row_no": {"align": "center", "valign": "top", "font_color": "#595959", **border},
        "input_text": {**inputs},
        "input_amount": {**inputs, "num_format": price},
        "input_signed": {**inputs, "num_format": variance_format(currency.decimals)},
        "input_price": {**inputs, "num_format": price},
        "input_units": {**inputs, "num_format": UNITS_FORMAT},
        "input_pct": {**inputs, "num_format": "0.0%"},
        "input_month": {**inputs, "num_format": "0", "align": "center"},
        "input_number": {**inputs, "num_format": "0.000"},
        "input_decimal": {**inputs, "num_format": "#,##0.00"},
        "input_count": {**inputs, "num_format": "#,##0"},
        "input_date": {**inputs, "num_format": date_format, "align": "center"},
        "input_wrap": {**inputs, "text_wrap": True, "valign": "top"},
        "input_name": {**inputs, "text_wrap": True},
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
        "variance": {"num_format": variance, **border},
        "variance_pct": {"num_format": VARIANCE_PCT_FORMAT, **border},
        "pacing": {"num_format": "0%", "align": "right", **border},
        "label_wrap": {"text_wrap": True, "valign": "top", **border},
        "label_name": {"text_wrap": True, **border},
        "label_top": {"valign": "top", **border},
        "label_bold_top": {"bold": True, "valign": "top", **border},
        "example_number": {"num_format": "#,##0.00", "valign": "top", **border},
        "example_units": {"num_format": "#,##0", "valign": "top", **border},
        "example_pct": {"num_format": "0.0%", "valign": "top", **border},
        "example_ratio": {"num_format": "0.000", "valign": "top", **border},
        "total_amount": {**total, "num_format": amount},
        "total_units": {**total, "num_format": UNITS_FORMAT},
        "total_pct": {**total, "num_format": PCT_FORMAT},
        "total_variance": {**total, "num_format": variance},
        "total_variance_pct": {**total, "num_format": VARIANCE_PCT_FORMAT},
        "total_pacing": {**total, "num_format": "0%", "align": "right"},
        "total_flag": {**total, "align": "center"},
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
