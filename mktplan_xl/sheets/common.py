"""Column layout, the plan context and row helpers shared by the time-series sheets.

Budget and sales sheets use the same columns, so a month is in the same
column on every sheet (FAST: consistent timelines):

    A No. | B name | C group/unit | D..O fiscal months 1-12 | P..S Q1-Q4 | T full year | U % of total
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..fiscal import FiscalYear
from ..formula import SUM, Area, Ref, T, ratio
from ..model import SheetModel
from ..spec import PlanInfo
from ..templates import Labels

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


def write_title(sheet: SheetModel, ctx: Context, title: str) -> None:
    """Title in A1 and the plan / fiscal year / currency line under it."""
    fy = ctx.labels.fiscal_year(ctx.fiscal.year, ctx.fiscal.end_year)
    sheet.set(0, 0, f"{title} – {fy}", "title")
    sheet.set(1, 0, f"{ctx.plan_name} · {ctx.amounts_note}", "subtitle")
    sheet.row_heights[0] = 22


def write_period_rows(sheet: SheetModel, ctx: Context, number_row: int, header_row: int,
                      first_headers: list[str], share_header: str | None = None) -> Area:
    """Fiscal month numbers (1-12) above a header row; returns the numbers' area."""
    sheet.set(number_row, COL_NAME, ctx.labels("common.fiscal_month"), "period_no")
    for i, col in enumerate(MONTH_COLS):
        sheet.set(number_row, col, i + 1, "period_no")
    for col, text in enumerate(first_headers):
        sheet.set(header_row, col, text, "header_left" if col else "header")
    for col, text in zip(VALUE_COLS, period_headers(ctx)):
        sheet.set(header_row, col, text, "header")
    if share_header:
        sheet.set(header_row, COL_SHARE, share_header, "header")
    sheet.row_heights[header_row] = 30
    return sheet.area(number_row, COL_MONTH1, number_row, COL_MONTH1 + 11, absolute=True)


def month_area(sheet: SheetModel, row: int) -> Area:
    return sheet.area(row, COL_MONTH1, row, COL_MONTH1 + 11)


def write_rollups(sheet: SheetModel, row: int, style: str) -> None:
    """Quarter and full-year sums of a row's months."""
    for q, col in enumerate(QUARTER_COLS):
        first = month_col(3 * q)
        sheet.set(row, col, SUM(sheet.area(row, first, row, first + 2)), style)
    sheet.set(row, COL_FY, SUM(month_area(sheet, row)), style)


def write_column_totals(sheet: SheetModel, row: int, first: int, last: int,
                        cols: list[int], style: str) -> None:
    """A total row: each column summed over rows ``first``..``last``."""
    for col in cols:
        sheet.set(row, col, SUM(sheet.area(first, col, last, col)), style)


def period_area(sheet: SheetModel, row: int) -> Area:
    """A row's 17 period cells (months, quarters, year), absolute, for exports."""
    return sheet.area(row, COL_MONTH1, row, COL_FY, absolute=True)


def write_share(sheet: SheetModel, row: int, total: Ref, style: str) -> None:
    """This row's full year as a share of ``total``."""
    sheet.set(row, COL_SHARE, ratio(sheet.ref(row, COL_FY), total), style)


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


def copy_line_names(sheet: SheetModel, source_row: int, row: int) -> None:
    """Number, name and second column of a line, taken from the block that holds the inputs."""
    sheet.set(row, COL_NO, sheet.ref(source_row, COL_NO), "row_no")
    sheet.set(row, COL_NAME, T(sheet.ref(source_row, COL_NAME)), "label")
    sheet.set(row, COL_GROUP, T(sheet.ref(source_row, COL_GROUP)), "label")


def write_total_label(sheet: SheetModel, row: int, text: str) -> None:
    sheet.set(row, COL_NAME, text, "label_total")
    sheet.set(row, COL_GROUP, None, "label_total")


#: Styles whose text wraps inside the cell.
WRAP_STYLES = frozenset({"wrap", "input_wrap", "text", "header", "header_left"})
#: Height of one line of 11-point text, in points.
LINE_HEIGHT = 15.0
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
