"""Model → .xlsx with XlsxWriter. The only module that writes workbook files.

Text is always written with ``write_string`` (a name such as ``=HYPERLINK(…)``
stays text); every formula gets its Python-computed value cached. As a last line
of defence (the spec refuses such input first), a character XML cannot hold is
written as U+FFFD and a non-finite cached number as ``#NUM!``, so the file is
always well-formed. XlsxWriter's temporary files live in a folder of their own
that is removed whatever happens.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.worksheet import Worksheet

from .formula import Area, Expr, RenderContext, XlError
from .model import Chart, SheetModel, WorkbookModel
from .spec.base import FORBIDDEN_CHARACTERS

_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
_PROTECTION = {"format_columns": True, "format_rows": True, "select_locked_cells": True,
               "select_unlocked_cells": True, "autofilter": True}
_isfinite = math.isfinite
_TITLE_LIMIT = 32       # Excel's limit for validation titles
_MESSAGE_LIMIT = 255    # and messages


class _PlanWorksheet(Worksheet):
    """A worksheet that writes cell formulas rendered by :mod:`mktplan_xl.formula` as they are.

    The formula module already writes the ``_xlfn.`` prefix where a function needs
    it, so XlsxWriter's own expansion (about 30 regular expressions per formula,
    half the writing time of a large plan) is skipped. Cell formulas are the only
    ones XlsxWriter prepares without ``expand_future_functions``; validations and
    conditional formats still go through the stock expansion.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if not expand_future_functions:
            return formula[1:] if formula.startswith("=") else formula
        return super()._prepare_formula(formula, expand_future_functions)


# Fall back to the stock worksheet if a future XlsxWriter renames the hook.
_WORKSHEET_CLASS = _PlanWorksheet if hasattr(Worksheet, "_prepare_formula") else Worksheet


class _Formats:
    """XlsxWriter formats made on first use from the model's style table."""

    def __init__(self, workbook: xlsxwriter.Workbook, styles: dict[str, dict]):
        self._workbook = workbook
        self._styles = styles
        self._made: dict[str, Any] = {}

    def __call__(self, key: str | None) -> Any:
        if key is None:
            return None
        if key not in self._made:
            self._made[key] = self._workbook.add_format(self._styles[key])
        return self._made[key]


def write_workbook(model: WorkbookModel, path: Path) -> None:
    """Evaluate the model and write it to ``path`` (any existing file is replaced).

    XlsxWriter's temporary files go to a folder that is removed whatever happens;
    a failure to write (a full disk) raises the underlying :class:`OSError`.
    """
    with tempfile.TemporaryDirectory(prefix="mktplan-xlsx-", ignore_cleanup_errors=True) as scratch:
        try:
            _write_workbook(model, path, scratch)
        except FileCreateError as exc:
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
            raise cause from None


def _write_workbook(model: WorkbookModel, path: Path, tmpdir: str) -> None:
    values = model.evaluate()
    workbook = xlsxwriter.Workbook(str(path), {**_OPTIONS, "tmpdir": tmpdir})
    formats = _Formats(workbook, model.styles)
    names = model.sheet_names
    workbook.set_properties({k: _xml_safe(v) if isinstance(v, str) else v
                             for k, v in model.properties.items()})
    for sheet in model.sheets:
        worksheet = workbook.add_worksheet(sheet.name, worksheet_class=_WORKSHEET_CLASS)
        _write_sheet(worksheet, sheet, values, formats, names)
        for chart in sheet.charts:
            worksheet.insert_chart(*chart.anchor, _chart(workbook, chart, names))
        if sheet.key == model.active_sheet:
            worksheet.activate()
    anywhere = RenderContext("", names)
    for name, target in model.names.items():
        workbook.define_name(name, "=" + target.render(anywhere))
    workbook.close()


def _write_sheet(ws: Worksheet, sheet: SheetModel, values: dict, formats: _Formats,
                 names: dict[str, str]) -> None:
    here = RenderContext(sheet.key, names)
    for col, width in sheet.col_widths.items():
        ws.set_column(col, col, width, None, {"hidden": col in sheet.hidden_cols})
    for row, height in sheet.row_heights.items():
        ws.set_row(row, height)
    for r1, c1, r2, c2 in sheet.merges:
        cell = sheet.cells.get((r1, c1))
        ws.merge_range(r1, c1, r2, c2, "", formats(cell.style if cell else None))
    key = sheet.key
    for (row, col), cell in sheet.cells.items():
        value, fmt = cell.value, formats(cell.style)
        if isinstance(value, Expr):
            cached = values[(key, row, col)]
            if isinstance(cached, XlError):
                cached = cached.code
            elif type(cached) is float and not _isfinite(cached):
                cached = "#NUM!"  # never cache inf or nan: Excel has no such number
            elif type(cached) is str:
                cached = _xml_safe(cached)
            ws.write_formula(row, col, "=" + value.render(here), fmt, cached)
        elif isinstance(value, str):
            ws.write_string(row, col, _xml_safe(value), fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, value, fmt)
    for validation in sheet.validations:
        ws.data_validation(*_bounds(validation.area), _validation_options(validation.options, here))
    for rule in sheet.conditional_formats:
        options = dict(rule.options)
        value = options.get("value")
        if isinstance(value, str) and value not in ("TRUE", "FALSE"):
            options["value"] = '"' + value.replace('"', '""') + '"'
        options["format"] = formats(rule.style)
        ws.conditional_format(*_bounds(rule.area), options)
    if sheet.freeze:
        ws.freeze_panes(*sheet.freeze)
    if sheet.landscape:
        ws.set_landscape()
    ws.set_paper(9)  # A4
    if sheet.fit_width:
        ws.fit_to_pages(1, 0)
    if sheet.repeat_rows:
        ws.repeat_rows(*sheet.repeat_rows)
    if sheet.tab_color:
        ws.set_tab_color(sheet.tab_color)
    if sheet.protect:
        ws.protect("", _PROTECTION)


def _xml_safe(text: str) -> str:
    """``text`` with any character XML cannot hold replaced by U+FFFD."""
    return text if FORBIDDEN_CHARACTERS.search(text) is None else FORBIDDEN_CHARACTERS.sub("\ufffd", text)


def _bounds(area: Area) -> tuple[int, int, int, int]:
    return area.row1, area.col1, area.row2, area.col2


def _validation_options(options: dict, here: RenderContext) -> dict:
    out = dict(options)
    source = out.get("source")
    if isinstance(source, Expr):
        out["source"] = "=" + source.render(here)
    for key, limit in (("error_title", _TITLE_LIMIT), ("input_title", _TITLE_LIMIT),
                       ("error_message", _MESSAGE_LIMIT), ("input_message", _MESSAGE_LIMIT)):
        if key in out:
            out[key] = out[key][:limit]
    return out


def _chart(workbook: xlsxwriter.Workbook, chart: Chart, names: dict[str, str]) -> Any:
    anywhere = RenderContext("", names)
    xl_chart = workbook.add_chart({"type": chart.kind})
    for series in chart.series:
        name = series.name if isinstance(series.name, str) else "=" + series.name.render(anywhere)
        xl_chart.add_series({"name": name,
                             "categories": "=" + series.categories.render(anywhere),
                             "values": "=" + series.values.render(anywhere),
                             **({"data_labels": {"percentage": True}} if chart.kind == "pie" else {})})
    xl_chart.set_title({"name": chart.title})
    if chart.kind != "pie":
        xl_chart.set_legend({"position": "bottom"})
        xl_chart.set_y_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
    xl_chart.set_size({"width": chart.size[0], "height": chart.size[1]})
    return xl_chart
