"""Model → .xlsx with XlsxWriter. The only module that writes workbook files.

Text is always written with ``write_string`` (a name such as ``=HYPERLINK(…)``
stays text); every formula gets its Python-computed value cached. Validations,
conditional formats and charts arrive in the model's own terms
(:mod:`mktplan_xl.model`) and are translated to XlsxWriter's options here. As a last line
of defence (the spec refuses such input first), a character XML cannot hold is
written as U+FFFD and a non-finite cached number as ``#NUM!``, so the file is
always well-formed. XlsxWriter's temporary files live in a folder of their own
that is removed whatever happens.
"""

from __future__ import annotations

import datetime as _dt
import math
import tempfile
from pathlib import Path
from typing import Any, Optional

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.worksheet import Worksheet

from .formula import Area, Expr, RenderContext, XlError, a1, quote_sheet
from .errors import SheetDefinitionError, WorkbookLimitError
from .model import (VALIDATION_MESSAGE_LIMIT, VALIDATION_TITLE_LIMIT, CellRule, Chart,
                    ConditionalFormat, DateValidation, FormulaRule, Link, ListValidation,
                    NumberValidation, SheetModel, Validation, WorkbookModel)
from .spec.base import FORBIDDEN_CHARACTERS

_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "constant_memory": True}
_PROTECTION = {"format_columns": True, "format_rows": True, "select_locked_cells": True,
               "select_unlocked_cells": True, "autofilter": True}
_isfinite = math.isfinite


class _PlanWorksheet(Worksheet):
    """A worksheet that writes cell formulas rendered by :mod:`mktplan_xl.formula` as they are.

    The formula module already writes the ``_xlfn.`` prefix where a function needs
    it (see its function registry), so XlsxWriter's own expansion (about 30 regular
    expressions per formula, half the writing time of a large plan) is skipped.
    Cell formulas are the only ones XlsxWriter prepares without
    ``expand_future_functions``; validations and conditional formats still go
    through the stock expansion. XlsxWriter is pinned below its next major
    version, and a test checks that this writes the same XML as stock XlsxWriter.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if not expand_future_functions:
            return formula[1:] if formula.startswith("=") else formula
        return super()._prepare_formula(formula, expand_future_functions)


def _worksheet_class(sheet: SheetModel) -> type:
    """The XlsxWriter worksheet class for a sheet (the stock one if a future XlsxWriter renames the hooks)."""
    if not hasattr(Worksheet, "_prepare_formula"):
        return Worksheet
    return _PlanWorksheet


class _Formats:
    """XlsxWriter formats made on first use from the model's style table."""

    def __init__(self, workbook: xlsxwriter.Workbook, styles: dict[str, dict]):
        self._workbook = workbook
        self._styles = styles
        self._made: dict[str, Any] = {}

    def __call__(self, key: Optional[str]) -> Any:
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
    model.evaluate()
    workbook = xlsxwriter.Workbook(str(path), {**_OPTIONS, "tmpdir": tmpdir})
    formats = _Formats(workbook, model.styles)
    names = model.sheet_names
    workbook.set_properties({k: _xml_safe(v) if isinstance(v, str) else v
                             for k, v in model.properties.items()})
    for key, value in model.custom_properties.items():
        workbook.set_custom_property(key, _xml_safe(value) if isinstance(value, str) else value)
    for sheet in model.sheets:
        worksheet = workbook.add_worksheet(sheet.name, worksheet_class=_worksheet_class(sheet))
        _write_sheet(worksheet, sheet, formats, names)
        for chart in sheet.charts:
            _checked(worksheet.insert_chart(*chart.anchor, _chart(workbook, chart, names)),
                     f"sheet {sheet.name}: the chart {chart.title!r}")
        if sheet.key == model.active_sheet:
            worksheet.activate()
    anywhere = RenderContext("", names)
    for name, target in model.names.items():
        _checked(workbook.define_name(name, "=" + target.render(anywhere)), f"defined name {name}")
    workbook.close()


def _write_sheet(ws: Worksheet, sheet: SheetModel, formats: _Formats,
                 names: dict[str, str]) -> None:
    for col, width in sheet.col_widths.items():
        _checked(ws.set_column(col, col, width, None, {"hidden": col in sheet.hidden_cols}),
                 f"sheet {sheet.name} column {col + 1}")
    for row, height in sheet.row_heights.items():
        _checked(ws.set_row(row, height), f"sheet {sheet.name} row {row + 1}")
    # Rows go out in order: XlsxWriter runs in constant-memory mode and writes each row to its
    # file as soon as the next row starts, so a sheet never sits in memory twice.
    merges: dict[int, list] = {}
    for merge in sheet.merges:
        merges.setdefault(merge[0], []).append(merge)
    starts = sorted(merges)
    cells = sheet.cells.sorted_items()
    here = RenderContext(sheet.key, names)
    position = 0
    for (row, col), cell in cells:
        while position < len(starts) and starts[position] <= row:
            _row_start(ws, sheet, starts[position], merges, formats)
            position += 1
        _write_cell(ws, row, col, cell, formats, names, here)
    for start in starts[position:]:
        _row_start(ws, sheet, start, merges, formats)
    for validation in sheet.validations:
        _checked(ws.data_validation(*_bounds(validation.area), _validation(validation, names)),
                 f"sheet {sheet.name}: the validation of {_a1_range(validation.area)}")
    for rule in sheet.conditional_formats:
        _checked(ws.conditional_format(*_bounds(rule.area), _conditional(rule, formats, names)),
                 f"sheet {sheet.name}: the conditional format of {_a1_range(rule.area)}")
    if sheet.freeze:
        ws.freeze_panes(*sheet.freeze)
    _page_setup(ws, sheet)
    if sheet.tab_color:
        ws.set_tab_color(sheet.tab_color)
    if sheet.protect:
        ws.protect("", _PROTECTION)
    if sheet.visibility == "hidden":
        ws.hide()
    elif sheet.visibility == "very_hidden":
        ws.very_hidden()


def _row_start(ws: Worksheet, sheet: SheetModel, row: int, merges: dict, formats: _Formats) -> None:
    """Merged ranges that start in ``row``, written before the row's cells."""
    for r1, c1, r2, c2 in merges.get(row, ()):
        if r2 != r1:
            raise SheetDefinitionError(f"sheet {sheet.name}: merged ranges span one row only")
        cell = sheet.cells.get((r1, c1))
        _checked(ws.merge_range(r1, c1, r2, c2, "", formats(cell.style if cell else None)),
                 f"sheet {sheet.name}: the merged range at row {r1 + 1}")


def _write_cell(ws: Worksheet, row: int, col: int, cell: Any, formats: _Formats, names: dict[str, str],
                here: RenderContext) -> None:
    value, fmt = cell.value, formats(cell.style)
    if isinstance(value, Expr):
        cached = cell.cached
        if isinstance(cached, XlError):
            cached = cached.code
        elif type(cached) is float and not _isfinite(cached):
            cached = "#NUM!"  # never cache inf or nan: Excel has no such number
        elif type(cached) is str:
            cached = _xml_safe(cached)
        here.row, here.col = row, col
        code = ws.write_formula(row, col, "=" + value.render(here), fmt, cached)
    elif isinstance(value, str):
        code = ws.write_string(row, col, _xml_safe(value), fmt)
    elif isinstance(value, bool):
        code = ws.write_boolean(row, col, value, fmt)
    elif value is None:
        code = ws.write_blank(row, col, None, fmt)
    elif isinstance(value, _dt.date):
        code = ws.write_datetime(row, col, _dt.datetime.combine(value, _dt.time()), fmt)
    elif isinstance(value, Link):
        target = f"internal:{quote_sheet(names[value.sheet])}!{a1(value.row, value.col)}"
        code = ws.write_url(row, col, target, fmt, string=_xml_safe(value.text))
    else:
        code = ws.write_number(row, col, value, fmt)
    if code:
        _refused(code, f"cell {quote_sheet(ws.name)}!{a1(row, col)}")


#: What XlsxWriter's non-zero return codes mean (worksheet.py).
_RETURN_CODES = {-1: "outside the sheet's rows or columns", -2: "longer than Excel allows (32,767 characters) "
                 "or with parameters XlsxWriter refuses", -3: "a link longer than Excel allows (2,079 characters)",
                 -4: "more links than a sheet may hold (65,530)", -5: "a link Excel cannot hold"}


def _refused(code: int, what: str) -> None:
    """A non-zero XlsxWriter return code as an error: nothing is written half."""
    raise WorkbookLimitError(f"{what}: XlsxWriter refused it ({_RETURN_CODES.get(code, f'code {code}')})")


def _a1_range(area: Area) -> str:
    r1, c1, r2, c2 = _bounds(area)
    return f"{a1(r1, c1)}:{a1(r2, c2)}"


def _checked(code: Any, what: str) -> None:
    if code:
        _refused(code, what)


def _xml_safe(text: str) -> str:
    """``text`` with any character XML cannot hold replaced by U+FFFD."""
    if not text or (text.isascii() and text.isprintable()):  # the common case, without a regex
        return text
    return text if FORBIDDEN_CHARACTERS.search(text) is None else FORBIDDEN_CHARACTERS.sub("\ufffd", text)


def _bounds(area: Area) -> tuple[int, int, int, int]:
    return area.row1, area.col1, area.row2, area.col2


def _page_setup(ws: Worksheet, sheet: SheetModel) -> None:
    page = sheet.page
    if page.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(page.paper)
    if page.fit_width or page.fit_height:
        ws.fit_to_pages(page.fit_width, page.fit_height)
    elif page.scale:
        ws.set_print_scale(page.scale)
    if page.v_breaks:
        ws.set_v_pagebreaks(list(page.v_breaks))
    if page.repeat_rows:
        ws.repeat_rows(*page.repeat_rows)
    if page.repeat_cols:
        ws.repeat_columns(*page.repeat_cols)
    if page.print_area:
        ws.print_area(*page.print_area)
    if page.header:
        ws.set_header(page.header)
    if page.footer:
        ws.set_footer(page.footer)


def _operand(value: Any, here: RenderContext) -> Any:
    """A validation or rule operand in XlsxWriter's terms: numbers as they are, formulas as text."""
    if isinstance(value, Expr):
        return "=" + value.render(here)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return value


def _validation(rule: Validation, names: dict[str, str]) -> dict:
    here = RenderContext(rule.area.sheet, names, rule.area.row1, rule.area.col1)
    options: dict[str, Any] = {"ignore_blank": rule.ignore_blank}
    for key, limit in (("error_title", VALIDATION_TITLE_LIMIT), ("input_title", VALIDATION_TITLE_LIMIT),
                       ("error_message", VALIDATION_MESSAGE_LIMIT),
                       ("input_message", VALIDATION_MESSAGE_LIMIT)):
        text = getattr(rule, key)
        if text:
            options[key] = text[:limit]
    if isinstance(rule, ListValidation):
        source = rule.source
        options.update(validate="list", dropdown=rule.dropdown,
                       source=list(source) if isinstance(source, tuple) else "=" + source.render(here))
    elif isinstance(rule, NumberValidation):
        options.update(validate="integer" if rule.whole else "decimal", criteria=rule.criteria)
        _limits(options, rule.criteria, rule.minimum, rule.maximum, here)
    elif isinstance(rule, DateValidation):
        options.update(validate="date", criteria=rule.criteria)
        _limits(options, rule.criteria, rule.minimum, rule.maximum, here)
    else:
        raise TypeError(f"unknown validation {type(rule).__name__}")
    return options


def _limits(options: dict, criteria: str, minimum: Any, maximum: Any, here: RenderContext) -> None:
    def convert(value: Any) -> Any:
        if isinstance(value, _dt.date):
            return _dt.datetime.combine(value, _dt.time())
        return "=" + value.render(here) if isinstance(value, Expr) else value

    if criteria in ("between", "not between"):
        options["minimum"], options["maximum"] = convert(minimum), convert(maximum)
    else:
        options["value"] = convert(minimum)


def _conditional(rule: ConditionalFormat, formats: _Formats, names: dict[str, str]) -> dict:
    here = RenderContext(rule.area.sheet, names, rule.area.row1, rule.area.col1)
    options: dict[str, Any]
    if isinstance(rule, CellRule):
        options = {"type": "cell", "criteria": rule.criteria}
        if rule.criteria in ("between", "not between"):
            options.update(minimum=_operand(rule.value, here), maximum=_operand(rule.maximum, here))
        else:
            options["value"] = _operand(rule.value, here)
    elif isinstance(rule, FormulaRule):
        options = {"type": "formula", "criteria": "=" + rule.formula.render(here)}
    else:
        raise TypeError(f"unknown conditional format {type(rule).__name__}")
    if rule.style is not None:
        options["format"] = formats(rule.style)
    if rule.stop_if_true:
        options["stop_if_true"] = True
    return options


def _chart(workbook: xlsxwriter.Workbook, chart: Chart, names: dict[str, str]) -> Any:
    anywhere = RenderContext("", names)
    kind: dict[str, str] = {"type": chart.kind}
    if chart.subtype:
        kind["subtype"] = chart.subtype
    xl_chart = workbook.add_chart(kind)
    for series in chart.series:
        name = series.name if isinstance(series.name, str) else "=" + series.name.render(anywhere)
        options: dict[str, Any] = {"name": name,
                                   "categories": "=" + series.categories.render(anywhere),
                                   "values": "=" + series.values.render(anywhere)}
        if chart.kind == "pie":
            options["data_labels"] = {"percentage": True}
        if series.color:
            key = "line" if chart.kind in ("line", "scatter") else "fill"
            options[key] = {"color": series.color}
        if series.line and chart.kind == "scatter":
            options["marker"] = {"type": "none"}
        xl_chart.add_series(options)
    xl_chart.set_title({"name": chart.title})
    if chart.kind != "pie":
        xl_chart.set_legend({"position": "bottom"})
        xl_chart.set_y_axis({"num_format": chart.y_format, "major_gridlines": {"visible": True},
                             **({"name": chart.y_title} if chart.y_title else {})})
        if chart.x_title:
            xl_chart.set_x_axis({"name": chart.x_title})
    xl_chart.set_size({"width": chart.size[0], "height": chart.size[1]})
    return xl_chart
