"""Functions (``--udfs``): the add-in's Excel functions with worked examples, and the
``xlwings.conf`` sheet that names ``mktplan_udfs`` as the workbook's UDF module.

Examples are written as text to copy, with the result computed by the finance
core, so a workbook never shows #NAME? where the add-in is not installed.
"""

from __future__ import annotations

from typing import Any

from .protocol import Build, BuildOptions, Sheet

UDF_MODULE = "mktplan_udfs"
CONF_SHEET = "xlwings.conf"


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
        sheet = b.model.add_sheet(self.key, labels("sheets.functions"), tab_color="#7030A0")
        sheet.col_widths.update({0: 30, 1: 58, 2: 60, 3: 46, 4: 16})
        sheet.set(0, 0, labels("functions.title"), "title")
        sheet.set(1, 0, labels("functions.note"), "subtitle")
        headers = ["function", "arguments", "description", "example", "result"]
        for col, key in enumerate(headers):
            sheet.set(3, col, labels(f"functions.{key}"), "header_left")
        for row, info in enumerate(FUNCTIONS, start=4):
            sheet.set(row, 0, info.excel_name, "label_bold")
            sheet.set(row, 1, info.signature(), "label")
            sheet.set(row, 2, info.description, "text")
            sheet.set(row, 3, info.example_formula(), "label")
            result = info.example.result
            if isinstance(result, (list, tuple)):
                result = excel_literal(result)
            sheet.set(row, 4, result, "label" if isinstance(result, str) else "price")
        sheet.freeze = (4, 1)
        sheet.landscape = True

        conf = b.model.add_sheet("xlwings_conf", CONF_SHEET, protect=False)
        conf.landscape = False
        conf.col_widths.update({0: 16, 1: 20})
        conf.set(0, 0, "UDF Modules")
        conf.set(0, 1, UDF_MODULE)
