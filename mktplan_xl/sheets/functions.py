"""Functions (``--udfs``): the add-in's Excel functions with worked examples, and the
``xlwings.conf`` sheet (hidden) that names ``mktplan_udfs`` as the workbook's UDF module.

Examples are written as text to copy, with the result computed by the finance
core, so a workbook never shows #NAME? where the add-in is not installed. Each
result is formatted by its kind (units, money, a percentage, a ratio, text), not
in the plan's currency, and descriptions come in the plan's language.
"""

from __future__ import annotations

from typing import Any

from .common import fitted_width, wrapped_lines
from .protocol import Build, BuildOptions, Sheet

UDF_MODULE = "mktplan_udfs"
CONF_SHEET = "xlwings.conf"

#: How each function's example result is shown (style key); text results show as text.
RESULT_STYLES = {
    "MKT_BREAKEVEN_UNITS": "example_units",
    "MKT_BREAKEVEN_REVENUE": "example_number",
    "MKT_BREAKEVEN_PRICE": "example_number",
    "MKT_CONTRIBUTION_MARGIN": "example_pct",     # the example asks for the ratio
    "MKT_MARGIN_OF_SAFETY": "example_pct",
    "MKT_UNIT_COST": "example_number",
    "MKT_MARKUP_PRICE": "example_number",
    "MKT_MARKUP_CONVERT": "example_pct",
    "MKT_TARGET_RETURN_PRICE": "example_number",
    "MKT_NET_PRICE": "example_number",
    "MKT_PRICE_INDEX": "example_ratio",
    "MKT_VARIANCE": "example_number",
    "MKT_VARIANCE_PCT": "example_pct",
    "MKT_VARIANCE_FLAG": "label_top",
    "MKT_PACING": "example_number",     # 1.20: 20 % ahead of a straight line
    "MKT_ALLOCATE": "label_top",
    "MKT_PROGRESS": "example_pct",
    "MKT_ROMI": "example_pct",
}


class Functions(Sheet):
    key = "functions"
    tab = 95

    @classmethod
    def wanted(cls, spec: Any, options: BuildOptions) -> bool:
        return options.udfs

    def build(self, b: Build) -> None:
        from ..finance import FUNCTIONS  # numpy stays off the path of a plain `mktplan new`
        from ..finance.registry import excel_literal

        labels = b.ctx.labels
        descriptions = labels("functions.descriptions")
        sheet = b.model.add_sheet(self.key, labels("sheets.functions"), tab_color="#7030A0")
        signature_width = fitted_width([info.signature() for info in FUNCTIONS], 30, 60)
        description_width = 60
        example_width = fitted_width([info.example_formula() for info in FUNCTIONS], 30, 50)
        sheet.col_widths.update({0: 30, 1: signature_width, 2: description_width, 3: example_width, 4: 16})
        sheet.set(0, 0, labels("functions.title"), "title")
        sheet.merge(1, 0, 1, 4, labels("functions.note"), "text")
        sheet.row_heights[1] = 15 * wrapped_lines(labels("functions.note"), 30 + signature_width
                                                  + description_width + example_width + 16)
        headers = ["function", "arguments", "description", "example", "result"]
        for col, key in enumerate(headers):
            sheet.set(3, col, labels(f"functions.{key}"), "header_left")
        sheet.row_heights[3] = 30
        for row, info in enumerate(FUNCTIONS, start=4):
            description = descriptions.get(info.excel_name, info.description)
            sheet.set(row, 0, info.excel_name, "label_bold_top")
            sheet.set(row, 1, info.signature(), "label_wrap")
            sheet.set(row, 2, description, "label_wrap")
            sheet.set(row, 3, info.example_formula(), "label_wrap")
            result = info.example.result
            if isinstance(result, (list, tuple)):
                result = excel_literal(result)
            style = "label_top" if isinstance(result, str) else RESULT_STYLES.get(info.excel_name, "example_number")
            sheet.set(row, 4, result, style)
            lines = max(wrapped_lines(info.signature(), signature_width),
                        wrapped_lines(description, description_width),
                        wrapped_lines(info.example_formula(), example_width))
            if lines > 1:
                sheet.row_heights[row] = 15 * lines
        sheet.freeze = (4, 1)
        sheet.repeat_rows = (3, 3)
        sheet.landscape = True

        conf = b.model.add_sheet("xlwings_conf", CONF_SHEET, protect=False, visibility="hidden")
        conf.landscape = False
        conf.col_widths.update({0: 16, 1: 20})
        conf.set(0, 0, "UDF Modules")
        conf.set(0, 1, UDF_MODULE)
