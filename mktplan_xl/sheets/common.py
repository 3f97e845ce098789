"""Column layout, the plan context and row helpers shared by the time-series sheets.

Budget and sales sheets use the same columns, so a month is in the same
column on every sheet (FAST: consistent timelines):

    A No. | B name | C group/unit | D..O fiscal months 1-12 | P..S Q1-Q4 | T full year | U % of total
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from ..fiscal import FiscalYear
from ..formula import (ROW, SUM, SUMPRODUCT, Area, Expr, Offset, OffsetArea, Ref, T, as_number,
                       blank_if_empty, ratio)
from ..model import SheetModel
from ..spec import PlanInfo
from ..templates import Labels
from ..textfit import LINE_HEIGHT, text_width

COL_NO, COL_NAME, COL_GROUP = 0, 1, 2
COL_MONTH1 = 3
COL_Q1 = COL_MONTH1 + 12
COL_FY = COL_Q1 + 4
COL_SHARE = COL_FY + 1
MONTH_COLS = range(COL_MONTH1, COL_MONTH1 + 12)
QUARTER_COLS = range(COL_Q1, COL_Q1 + 4)
ROLLUP_COLS = [*QUARTER_COLS, COL_FY]
VALUE_COLS = [*MONTH_COLS, *QUARTER_COLS, COL_FY]
#: Empty input rows a record list (goals, initiatives, channels ...) offers below the spec's rows.
SPARE_ROWS = 5
#: The name cell of the formula's own row (column B): what a line's blank guard tests.
KEY = Offset(0, COL_NAME, abs_col=True)
#: Exported period areas hold 17 cells: fiscal months 1-12, Q1-Q4, then the full year.
PERIODS = len(VALUE_COLS)
QUARTER_INDEX = 12
YEAR_INDEX = 16


@dataclass
class Block:
    """Rows of one block: lines ``first``..``last`` and its total row."""

    first: int
    last: int
    total: int

    @property
    def rows(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class Context:
    """What every sheet builder gets besides the model: labels, the calendar, the plan's details."""

    labels: Labels
    fiscal: FiscalYear
    currency: str
    amounts_note: str
    plan_name: str
    plan: PlanInfo
    today: _dt.date


def month_col(index: int) -> int:
    return COL_MONTH1 + index


def period_headers(ctx: Context) -> list[str]:
    """Header texts for the 12 months, 4 quarters and the full year."""
    months = [ctx.labels.month_header(y, m) for y, m in ctx.fiscal.months]
    quarters = [ctx.labels("quarter", n=n) for n in range(1, 5)]
    return months + quarters + [ctx.labels("common.full_year")]


def unit_line(ctx: Context) -> str:
    """Which unit the sheet's money is in: amounts typed in always in full currency units,
    calculated amounts in the display unit ("Inputs in VND · totals in millions of VND")."""
    unit = ctx.plan.display_unit
    if unit == 1:
        return ctx.labels("amounts_in", currency=ctx.currency)
    return ctx.labels("amounts_in_unit", unit=ctx.labels("display_units")[unit], currency=ctx.currency)


def write_title(sheet: SheetModel, ctx: Context, title: str) -> None:
    """Title in A1 and the plan / fiscal year / unit line under it."""
    fy = ctx.labels.fiscal_year(ctx.fiscal.year, ctx.fiscal.end_year)
    sheet.set(0, 0, f"{title} – {fy}", "title")
    sheet.set(1, 0, f"{ctx.plan_name} · {unit_line(ctx)}", "subtitle")
    sheet.row_heights[0] = 22


# --------------------------------------------------------------------------- text that fits

#: Average width of a text character against a digit (column widths count digits).
TEXT_DENSITY = 0.9


def fitted_width(texts: Iterable[Optional[str]], minimum: float, maximum: float) -> float:
    """A column width that shows the widest of ``texts`` (plus a margin), within the bounds."""
    widest = max((text_width(t) for t in texts), default=0)
    return float(max(minimum, min(maximum, widest + 2)))


def wrapped_lines(text: Optional[str], width: float) -> int:
    """Lines a wrapped text takes in a column of ``width`` characters."""
    size = text_width(text) * TEXT_DENSITY
    room = max(1.0, width)
    return max(1, math.ceil(size / room)) if size else 1


def fit_row(sheet: SheetModel, row: int, texts_and_widths: Iterable[tuple[Optional[str], float]]) -> None:
    """Make a row tall enough for its wrapped texts (rows of one line keep the default height)."""
    lines = max((wrapped_lines(text, width) for text, width in texts_and_widths), default=1)
    if lines > 1:
        sheet.row_heights[row] = max(sheet.row_heights.get(row, 0), LINE_HEIGHT * lines)


# --------------------------------------------------------------------------- printing

#: Printable width of an A4 page in landscape with Excel's default margins, in pixels at 96 dpi.
A4_LANDSCAPE_PX = int((11.69 - 2 * 0.7) * 96)
DEFAULT_COL_WIDTH = 8.43


def column_px(width: float) -> int:
    """Pixels of a column of ``width`` characters (Excel's default font)."""
    return int(width * 7 + 0.5) + 5


def print_in_pages(sheet: SheetModel, breaks: list[int], repeat_cols: tuple[int, int] = (COL_NO, COL_GROUP),
                   last_col: Optional[int] = None, smallest: int = 50) -> None:
    """Print landscape on A4, pages broken before the columns ``breaks``, the first columns
    repeated on every page, at the largest scale at which the widest page fits."""
    last = last_col if last_col is not None else max(c for _, c in sheet.cells)
    repeated = sum(column_px(sheet.col_widths.get(c, DEFAULT_COL_WIDTH))
                   for c in range(repeat_cols[0], repeat_cols[1] + 1))
    edges = [repeat_cols[1] + 1, *breaks, last + 1]
    widest = max(sum(column_px(sheet.col_widths.get(c, DEFAULT_COL_WIDTH)) for c in range(a, b))
                 for a, b in zip(edges, edges[1:]))
    page = sheet.page
    page.landscape = True
    page.fit_width = page.fit_height = 0
    # 0.9: room for fonts a little wider than Excel's default (LibreOffice's Carlito, say)
    page.scale = max(smallest, min(100, int(90 * A4_LANDSCAPE_PX / (repeated + widest))))
    page.v_breaks = tuple(breaks)
    page.repeat_cols = repeat_cols


def write_period_rows(sheet: SheetModel, ctx: Context, number_row: int, header_row: int,
                      first_headers: list[str], share_header: str | None = None, last_col: int = COL_SHARE) -> Area:
    """Fiscal month numbers (1-12) above a header row; returns the numbers' area. The header
    band runs to ``last_col``; columns after the year without ``share_header`` are headed in
    each block's own heading row (:func:`write_block_headers`)."""
    sheet.set(number_row, COL_NAME, ctx.labels("common.fiscal_month"), "period_no")
    for i, col in enumerate(MONTH_COLS):
        sheet.set(number_row, col, i + 1, "period_no")
    for col, text in enumerate(first_headers):
        sheet.set(header_row, col, text, "header_left" if col else "header")
    for col, text in zip(VALUE_COLS, period_headers(ctx)):
        sheet.set(header_row, col, text, "header")
    for col in range(COL_SHARE, last_col + 1):
        sheet.set(header_row, col, None, "header")
    if share_header:
        sheet.set(header_row, COL_SHARE, share_header, "header")
    sheet.row_heights[header_row] = 30
    return sheet.area(number_row, COL_MONTH1, number_row, COL_MONTH1 + 11, absolute=True)


def month_area(sheet: SheetModel, row: int) -> Area:
    return sheet.area(row, COL_MONTH1, row, COL_MONTH1 + 11)


def template(sheet: SheetModel, key: tuple, build: Callable[[], Any], *keep: Any) -> Any:
    """The formula template(s) ``build`` makes, made once per sheet and ``key``: every row of a
    block shares them (relative references, :class:`~mktplan_xl.formula.Offset`), so a large
    plan holds one expression per column, not one per cell. ``keep`` holds objects whose
    ``id`` is part of ``key`` alive as long as the sheet."""
    found = sheet.templates.get(key)
    if found is None:
        found = sheet.templates[key] = (build(), keep)
    return found[0]


def rel(rows: int, col: int, at: int) -> Offset:
    """The cell ``rows`` rows away in column ``col``, from a formula in column ``at``."""
    return Offset(rows, col - at)


def rel_months(rows: int, at: int) -> OffsetArea:
    """The 12 month cells ``rows`` rows away, from a formula in column ``at``."""
    return OffsetArea(rows, COL_MONTH1 - at, rows, COL_MONTH1 + 11 - at)


def write_rollups(sheet: SheetModel, row: int, style: str, key: Optional[Ref] = None,
                  counted: Optional[list[Expr]] = None) -> None:
    """Quarter and full-year sums of a row's months; blank while ``key`` (the line's name cell,
    :func:`line_key`) is blank. With ``counted`` (per quarter, then the year: 1 for the months
    that count, e.g. the months up to the as-of month), only those months are summed."""
    if key is not None and (key.row, key.col) != (row, COL_NAME):
        raise ValueError("a line's blank guard is its own name cell")

    def build() -> list[Expr]:
        out = []
        for q, col in enumerate(ROLLUP_COLS):
            first, last = (month_col(3 * q), month_col(3 * q) + 2) if q < 4 else (COL_MONTH1, COL_MONTH1 + 11)
            months = OffsetArea(0, first - col, 0, last - col)
            value = SUM(months) if counted is None else SUMPRODUCT(counted[q], months)
            out.append(value if key is None else blank_if_empty(KEY, value))
        return out

    cells = template(sheet, ("rollups", key is not None, id(counted)), build, counted)
    for col, formula in zip(ROLLUP_COLS, cells):
        sheet.set(row, col, formula, style)


def reported_masks(number_row: Area, as_of: Expr) -> list[Expr]:
    """Per quarter, then the year: --(month numbers <= as_of), the months with actuals."""
    masks = []
    for q in range(4):
        part = Area(number_row.sheet, number_row.row1, number_row.col1 + 3 * q, number_row.row1,
                    number_row.col1 + 3 * q + 2, True, True)
        masks.append(as_number(part.le(as_of)))
    masks.append(as_number(number_row.le(as_of)))
    return masks


def write_column_totals(sheet: SheetModel, row: int, first: int, last: int,
                        cols: list[int], style: str) -> None:
    """A total row: each column summed over rows ``first``..``last``."""
    for col in cols:
        sheet.set(row, col, SUM(sheet.area(first, col, last, col)), style)


def period_area(sheet: SheetModel, row: int) -> Area:
    """A row's 17 period cells (months, quarters, year), absolute, for exports."""
    return sheet.area(row, COL_MONTH1, row, COL_FY, absolute=True)


def write_share(sheet: SheetModel, row: int, total: Ref, style: str, key: Optional[Ref] = None) -> None:
    """This row's full year as a share of ``total`` (blank while ``key``, the line's name cell, is blank)."""
    def build() -> Expr:
        share = ratio(rel(0, COL_FY, COL_SHARE), total)
        return share if key is None else blank_if_empty(KEY, share)

    sheet.set(row, COL_SHARE, template(sheet, ("share", key is not None, id(total)), build, total), style)


def set_period_widths(sheet: SheetModel, name_width: float = 28, group_width: float = 16) -> None:
    sheet.col_widths.update({COL_NO: 5, COL_NAME: name_width, COL_GROUP: group_width})
    for col in MONTH_COLS:
        sheet.col_widths[col] = 13
    for col in ROLLUP_COLS:
        sheet.col_widths[col] = 15
    sheet.col_widths[COL_SHARE] = 10


def write_section(sheet: SheetModel, row: int, title: str, last_col: int = COL_SHARE) -> None:
    """A section heading across the block's columns."""
    sheet.set(row, COL_NO, title, "section")
    for col in range(COL_NO + 1, last_col + 1):
        sheet.set(row, col, None, "section")


def write_block_headers(sheet: SheetModel, row: int, headers: list[str], height: float = 30) -> None:
    """Headers of a block's columns after the year, in the block's heading row (tall enough
    for the longest header to wrap)."""
    lines = 1
    for col, text in enumerate(headers, start=COL_SHARE):
        sheet.set(row, col, text, "header")
        lines = max(lines, wrapped_lines(text, sheet.col_widths.get(col, DEFAULT_COL_WIDTH) - 1))
    sheet.row_heights[row] = max(sheet.row_heights.get(row, 0), height, LINE_HEIGHT * lines)


def copy_line_names(sheet: SheetModel, source_row: int, row: int) -> Ref:
    """Number, name and second column of a line, taken from the block that holds the inputs
    (a blank line stays blank); returns the name cell, the key of the line's blank guard."""
    rows = source_row - row
    number, name, group = template(sheet, ("names", rows), lambda: (
        Offset(rows, 0), T(Offset(rows, 0)), T(Offset(rows, 0))))
    sheet.set(row, COL_NO, number, "row_no")
    sheet.set(row, COL_NAME, name, "label_name")
    sheet.set(row, COL_GROUP, group, "label_name")
    if source_row in sheet.row_heights:
        sheet.row_heights[row] = sheet.row_heights[source_row]
    return line_key(sheet, row)


def named_mask(sheet: SheetModel, first: int, last: int) -> Expr:
    """1 for each line of rows ``first``..``last`` that has a name, else 0: --(B9:B20<>"").

    Totals weigh a block's amounts with it, so a line without a name counts as 0. Both ranges
    of such a SUMPRODUCT lie in the same block and grow together when a row is inserted.
    """
    return as_number(sheet.area(first, COL_NAME, last, COL_NAME, absolute=True).ne(""))


def write_masked_totals(sheet: SheetModel, row: int, first: int, last: int, cols: Iterable[int],
                        mask: Expr, style: str) -> None:
    """A total row over a block of inputs: each column weighted by ``mask`` (lines with a name)."""
    for col in cols:
        values = Area(sheet.key, first, col, last, col)
        sheet.set(row, col, SUMPRODUCT(mask, values), style)


def line_key(sheet: SheetModel, row: int) -> Ref:
    """The name cell of a row, column-anchored: what a row's blank guard tests."""
    return Ref(sheet.key, row, COL_NAME, abs_col=True)


def write_line_number(sheet: SheetModel, row: int, heading_row: int) -> None:
    """The line's number in its block (its position below the block's heading), blank while the
    line has no name; it stays right when a row is inserted inside the block."""
    def build() -> Expr:
        position = ROW(rel(0, COL_NAME, COL_NO)) - ROW(sheet.ref(heading_row, COL_NAME, absolute=True))
        return blank_if_empty(KEY, position)

    sheet.set(row, COL_NO, template(sheet, ("number", heading_row), build), "row_no")


def write_total_label(sheet: SheetModel, row: int, text: str) -> None:
    sheet.set(row, COL_NAME, text, "label_total")
    sheet.set(row, COL_GROUP, None, "label_total")


#: Styles whose text wraps inside the cell.
WRAP_STYLES = frozenset({"wrap", "input_wrap", "text", "header", "header_left"})
#: Excel's tallest row, in points.
MAX_ROW_HEIGHT = 409.0


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide (an estimate:
    East Asian characters count double; a column holds about 1.15 characters per unit of width)."""
    capacity = max(width * 1.15 - 1, 1)
    lines = 0
    for paragraph in str(text).split("\n"):
        units = sum(2 if ord(ch) >= 0x2E80 else 1 for ch in paragraph)
        lines += max(1, -int(-units // capacity))
    return lines


def fit_wrapped_rows(sheet: SheetModel, hints: dict[tuple[int, int], str] | None = None,
                     rows: range | None = None) -> None:
    """Give rows holding wrapped text the height their longest text needs.

    LibreOffice (and so a PDF) keeps the default height of a row with wrapped text, so
    the text would be cut; this sets heights from the texts: constant strings, and for
    formula cells the text in ``hints``. Merged cells count their whole width; rows that
    already have a height keep it.
    """
    hints = hints or {}
    widths = sheet.col_widths
    spans = {(r1, c1): sum(widths.get(c, 8.43) for c in range(c1, c2 + 1))
             for r1, c1, r2, c2 in sheet.merges if r1 == r2}
    needed: dict[int, int] = {}
    for (row, col), cell in sheet.cells.items():
        if cell.style not in WRAP_STYLES or (rows is not None and row not in rows):
            continue
        text = hints.get((row, col), cell.value)
        if not isinstance(text, str) or not text:
            continue
        width = spans.get((row, col), widths.get(col, 8.43))
        needed[row] = max(needed.get(row, 1), text_lines(text, width))
    for row, lines in needed.items():
        if lines > 1 and row not in sheet.row_heights:
            sheet.row_heights[row] = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)


#: Printable A4 area inside the default margins, header and footer, in points (width, height).
A4_PRINTABLE = {True: (737.0, 480.0), False: (500.0, 720.0)}   # landscape, portrait


def print_range(sheet: SheetModel, last_row: int, last_col: int, extra_pages: float = 0.3) -> None:
    """Print rows 0..``last_row`` and columns 0..``last_col``: one page wide, and one page tall as
    well when the content, shrunk to the page width, takes at most ``1 + extra_pages`` pages
    (a short sheet then prints on one page rather than spilling a few rows onto a second)."""
    page = sheet.page
    page.print_area = (0, 0, last_row, last_col)
    page.fit_width = 1
    width_pt = sum(sheet.col_widths.get(c, 8.43) * 5.7 + 4 for c in range(last_col + 1)
                   if c not in sheet.hidden_cols)
    height_pt = sum(sheet.row_heights.get(r, LINE_HEIGHT) for r in range(last_row + 1))
    page_width, page_height = A4_PRINTABLE[page.landscape]
    scale = min(1.0, page_width / width_pt) if width_pt else 1.0
    page.fit_height = 1 if height_pt * scale <= page_height * (1 + extra_pages) else 0
