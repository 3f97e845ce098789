"""Model → .xlsx with XlsxWriter. The only module that writes workbook files.

Text is always written with ``write_string`` (a name such as ``=HYPERLINK(…)``
stays text); every formula gets its Python-computed value cached. Validations,
conditional formats, tables and charts arrive in the model's own terms
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
from .gcpause import collector_paused
from .model import (VALIDATION_MESSAGE_LIMIT, VALIDATION_TITLE_LIMIT, CellRule, Chart, ColorScale,
                    ConditionalFormat, DataBar, DateValidation, FormulaRule, Link, ListValidation,
                    NumberValidation, SheetModel, Validation, WorkbookModel)
from .spec.base import FORBIDDEN_CHARACTERS

_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
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


# Fall back to the stock worksheet if a future XlsxWriter renames the hook.
_WORKSHEET_CLASS = _PlanWorksheet if hasattr(Worksheet, "_prepare_formula") else Worksheet


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


@collector_paused()
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
    for key, value in model.custom_properties.items():
        workbook.set_custom_property(key, _xml_safe(value) if isinstance(value, str) else value)
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
    for table in sheet.tables:
        ws.add_table(*_bounds(table.area), {
            "name": table.name, "style": table.style, "autofilter": table.autofilter,
            "banded_rows": table.banded_rows, "columns": [{"header": h} for h in table.columns]})
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
        elif isinstance(value, _dt.date):
            ws.write_datetime(row, col, _dt.datetime.combine(value, _dt.time()), fmt)
        elif isinstance(value, Link):
            target = f"internal:{quote_sheet(names[value.sheet])}!{a1(value.row, value.col)}"
            ws.write_url(row, col, target, fmt, string=_xml_safe(value.text))
        else:
            ws.write_number(row, col, value, fmt)
    for validation in sheet.validations:
        ws.data_validation(*_bounds(validation.area), _validation(validation, names))
    for rule in sheet.conditional_formats:
        ws.conditional_format(*_bounds(rule.area), _conditional(rule, formats, names))
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


def _xml_safe(text: str) -> str:
    """``text`` with any character XML cannot hold replaced by U+FFFD."""
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
    here = RenderContext(rule.area.sheet, names)
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
    here = RenderContext(rule.area.sheet, names)
    options: dict[str, Any]
    if isinstance(rule, CellRule):
        options = {"type": "cell", "criteria": rule.criteria}
        if rule.criteria in ("between", "not between"):
            options.update(minimum=_operand(rule.value, here), maximum=_operand(rule.maximum, here))
        else:
            options["value"] = _operand(rule.value, here)
    elif isinstance(rule, FormulaRule):
        options = {"type": "formula", "criteria": "=" + rule.formula.render(here)}
    elif isinstance(rule, ColorScale):
        if rule.mid_color:
            options = {"type": "3_color_scale", "min_color": rule.low_color,
                       "mid_color": rule.mid_color, "max_color": rule.high_color}
        else:
            options = {"type": "2_color_scale", "min_color": rule.low_color, "max_color": rule.high_color}
    elif isinstance(rule, DataBar):
        options = {"type": "data_bar", "bar_color": rule.color}
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
