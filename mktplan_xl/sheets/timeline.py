"""Timeline (seed 001 "TIMELINES"): the initiatives as a Gantt chart by week, and their budget by month.

One row per initiative (as on the Initiatives sheet, spare rows included):
ID, initiative, owner, budget, start, end and the duration in days (end −
start + 1), all formulas over the Initiatives sheet. Then one column per week
of the fiscal year (week k starts on the first day of the year + 7·(k − 1) and
ends 6 days later, the last week at the year's end): a cell holds 1 when the
initiative runs during that week, "" otherwise, and a formula-based
conditional format paints the bar from the start and end cells, so changing a
date moves the bar. The week holding the as-of date (the last day of the
budget tracker's as-of month) is marked ▼ and shaded. A row under the chart
counts the initiatives running each week.

To the right, the budget by fiscal month when each initiative's budget is
spread evenly over its days: budget × (days of [start, end] inside the month)
÷ days; what falls outside the fiscal year is shown apart, so months + outside
= budget.
"""

from __future__ import annotations

import datetime as _dt

from ..formula import (AND, EDATE, EOMONTH, IF, ISNUMBER, MAX, MIN, SUM, Const, Expr, Ref, T,
                       col_letter)
from ..model import FormulaRule
from ..textfit import row_height, write_note
from .common import write_title
from .initiatives import InitiativesExports
from .objectives import ObjectivesExports
from .protocol import Build, DefinedName, Sheet

#: Constants shared by every formula of the sheet (one object each, not one per cell).
EMPTY, ONE, ZERO = Const(""), Const(1), Const(0)

C_NO, C_ID, C_NAME, C_OWNER, C_BUDGET, C_START, C_END, C_DAYS = range(8)
C_WEEK1 = 8
WEEKS = 53                      # 52 full weeks and the last one or two days of the year
C_MONTH1 = C_WEEK1 + WEEKS + 1  # one narrow gap column
C_OUTSIDE = C_MONTH1 + 12
ROW_SETTINGS = 3
ROW_BAND = 7                    # month names over the weeks; the months' headers
ROW_NUMBER = 8                  # week numbers; fiscal month numbers
ROW_STARTS = 9                  # first day of each week / month
ROW_ENDS = 10                   # last day of each week / month
ROW_HEADER = 11                 # table header; the as-of marker over the weeks
FIRST_ROW = 12
WIDTHS = {C_NO: 5, C_ID: 7, C_NAME: 24, C_OWNER: 10, C_BUDGET: 13, C_START: 11, C_END: 11, C_DAYS: 7}
WEEK_WIDTH = 2.6

#: Extra styles of this sheet: week dates written upwards, Gantt cells small and centred.
STYLES = {"goals_wrap": ("wrap", {"valign": "bottom"}),
          "goals_note": ("note", {"text_wrap": True, "valign": "top"}),
          "gantt_cell": ("flag", {"font_size": 7, "font_color": "#FFFFFF"})}


class Timeline(Sheet):
    key = "timeline"
    tab = 33
    uses = ("objectives", "initiatives")
    names = (
        DefinedName("TimelineWeekStarts", "first day of each week of the fiscal year (53 dates)"),
        DefinedName("TimelineGantt", "1 where an initiative runs during a week, else blank; rows as "
                    "InitiativeIDs, columns as TimelineWeekStarts"),
        DefinedName("TimelineDays", "duration of each initiative in days (end − start + 1)"),
        DefinedName("TimelineMonthlyBudget", "each initiative's budget spread evenly over its days, by fiscal "
                    "month (rows as InitiativeIDs, 12 columns)"),
        DefinedName("TimelineAsOfWeek", "▼ over the week that holds the as-of date (53 cells)"),
    )

    def build(self, b: Build) -> None:
        ctx = b.ctx
        labels = ctx.labels
        goals: ObjectivesExports = b.uses["objectives"]
        items: InitiativesExports = b.uses["initiatives"]
        for name, (base, extra) in STYLES.items():
            b.model.styles.setdefault(name, {**b.model.styles[base], **extra})
        b.model.styles.setdefault("gantt_date", {**b.model.styles["date"], "rotation": 90, "font_size": 8,
                                                 "num_format": labels("timeline.week_date_format")})
        sheet = b.model.add_sheet(self.key, labels("sheets.timeline"), tab_color="#7030A0")
        key = sheet.key
        write_title(sheet, ctx, labels("timeline.title"))
        sheet.col_widths.update(WIDTHS)
        for w in range(WEEKS):
            sheet.col_widths[C_WEEK1 + w] = WEEK_WIDTH
        sheet.col_widths[C_MONTH1 - 1] = 2
        for m in range(12):
            sheet.col_widths[C_MONTH1 + m] = 12
        sheet.col_widths[C_OUTSIDE] = 14

        # settings: the fiscal year and the as-of date ---------------------------------
        for offset, (label, value) in enumerate((("fiscal_start", goals.fiscal_start),
                                                 ("fiscal_end", goals.fiscal_end),
                                                 ("as_of_date", goals.as_of_date))):
            sheet.merge(ROW_SETTINGS + offset, C_ID, ROW_SETTINGS + offset, C_BUDGET,
                        labels(f"timeline.{label}"), "label_bold")
            sheet.set(ROW_SETTINGS + offset, C_START, value, "date")
        fiscal_start = sheet.ref(ROW_SETTINGS, C_START, True)
        fiscal_end = sheet.ref(ROW_SETTINGS + 1, C_START, True)
        as_of = sheet.ref(ROW_SETTINGS + 2, C_START, True)
        write_note(sheet, ROW_SETTINGS + 3, C_ID, C_DAYS, labels("timeline.note"))

        # week and month headers --------------------------------------------------------
        _month_band(sheet, labels, ctx.fiscal.year, ctx.fiscal.start_month)
        for text_row, key_name in ((ROW_NUMBER, "week"), (ROW_STARTS, "week_start"), (ROW_ENDS, "week_end")):
            sheet.merge(text_row, C_START, text_row, C_DAYS, labels(f"timeline.{key_name}"), "label")
        for w in range(WEEKS):
            col = C_WEEK1 + w
            sheet.set(ROW_NUMBER, col, w + 1, "period_no")
            start = sheet.set(ROW_STARTS, col, fiscal_start + 7 * sheet.ref(ROW_NUMBER, col) - 7, "gantt_date")
            sheet.set(ROW_ENDS, col, MIN(start + 6, fiscal_end), "gantt_date")
            week_start, week_end = _column_ref(key, ROW_STARTS, col), _column_ref(key, ROW_ENDS, col)
            sheet.set(ROW_HEADER, col, IF(AND(as_of.ge(week_start), as_of.le(week_end)),
                                          labels("timeline.as_of_marker"), EMPTY), "flag")
        sheet.row_heights[ROW_STARTS] = sheet.row_heights[ROW_ENDS] = 44
        sheet.merge(ROW_BAND, C_MONTH1, ROW_BAND, C_OUTSIDE, labels("timeline.by_month"), "section")
        sheet.set(ROW_NUMBER, C_MONTH1 - 1, None)
        months = [labels.month_header(y, m) for y, m in ctx.fiscal.months]
        for m in range(12):
            col = C_MONTH1 + m
            sheet.set(ROW_NUMBER, col, m + 1, "period_no")
            sheet.set(ROW_STARTS, col, EDATE(fiscal_start, sheet.ref(ROW_NUMBER, col) - 1), "date")
            sheet.set(ROW_ENDS, col, EOMONTH(fiscal_start, sheet.ref(ROW_NUMBER, col) - 1), "date")
            sheet.set(ROW_HEADER, col, months[m], "header")
        sheet.set(ROW_HEADER, C_OUTSIDE, labels("timeline.outside"), "header")
        for col, name in ((C_NO, "common.number"), (C_ID, "timeline.id"), (C_NAME, "timeline.initiative"),
                          (C_OWNER, "timeline.owner"), (C_BUDGET, "timeline.budget"), (C_START, "timeline.start"),
                          (C_END, "timeline.end"), (C_DAYS, "timeline.days")):
            sheet.set(ROW_HEADER, col, labels(name), "header")
        sheet.row_heights[ROW_HEADER] = 30

        # one row per initiative ---------------------------------------------------------
        count = items.ids.shape[0]
        first, last = FIRST_ROW, FIRST_ROW + count - 1
        for i in range(count):
            row = first + i
            sheet.set(row, C_NO, i + 1, "row_no")
            source_id = items.ids.cell(i)
            ident = sheet.set(row, C_ID, IF(source_id.eq(EMPTY), EMPTY, source_id), "label")
            blank = ident.eq(EMPTY)
            sheet.set(row, C_NAME, IF(blank, EMPTY, T(items.names.cell(i))), "goals_wrap")
            height = row_height([(_text(b, items.names.cell(i)), WIDTHS[C_NAME]),
                                 (_text(b, items.owners.cell(i)), WIDTHS[C_OWNER])])
            if height:
                sheet.row_heights[row] = height
            sheet.set(row, C_OWNER, IF(blank, EMPTY, T(items.owners.cell(i))), "goals_wrap")
            budget_source = items.budgets.cell(i)
            sheet.set(row, C_BUDGET, IF(blank, EMPTY, IF(ISNUMBER(budget_source), budget_source, 0)), "amount")
            for col, source in ((C_START, items.starts.cell(i)), (C_END, items.ends.cell(i))):
                sheet.set(row, col, IF(blank, EMPTY, IF(ISNUMBER(source), source, EMPTY)), "date")
            start, end = sheet.ref(row, C_START), sheet.ref(row, C_END)
            sheet.set(row, C_DAYS, IF(blank, EMPTY, IF(
                AND(ISNUMBER(start), ISNUMBER(end)), IF(end.ge(start), end - start + 1, EMPTY), EMPTY)), "count")
            running, budget = ISNUMBER(_row_ref(key, row, C_DAYS)), _row_ref(key, row, C_BUDGET)
            for w in range(WEEKS):
                sheet.set(row, C_WEEK1 + w, WeekCell(key, row, C_WEEK1 + w), "gantt_cell")
            for m in range(12):
                sheet.set(row, C_MONTH1 + m, MonthCell(key, row, C_MONTH1 + m), "amount")
            sheet.set(row, C_OUTSIDE, IF(running, budget - SUM(sheet.area(row, C_MONTH1, row, C_MONTH1 + 11)), EMPTY),
                      "amount")

        # totals: initiatives running per week, budget per month ---------------------------
        total = last + 1
        sheet.merge(total, C_NO, total, C_OWNER, labels("timeline.total"), "label_total")
        sheet.set(total, C_BUDGET, SUM(sheet.area(first, C_BUDGET, last, C_BUDGET)), "total_amount")
        for col in (C_START, C_END, C_DAYS):
            sheet.set(total, col, None, "label_total")
        sheet.set(total + 1, C_NAME, labels("timeline.running"), "label_bold")
        for w in range(WEEKS):
            col = C_WEEK1 + w
            sheet.set(total + 1, col, SUM(sheet.area(first, col, last, col)), "period_no")
        for col in [*range(C_MONTH1, C_MONTH1 + 12), C_OUTSIDE]:
            sheet.set(total, col, SUM(sheet.area(first, col, last, col)), "total_amount")

        gantt = sheet.area(first, C_WEEK1, last, C_WEEK1 + WEEKS - 1)
        top_start, top_end = _row_ref(key, first, C_START), _row_ref(key, first, C_END)
        sheet.add(FormulaRule(gantt, "cf_bar", formula=AND(
            ISNUMBER(_row_ref(key, first, C_DAYS)), top_start.le(_column_ref(key, ROW_ENDS, C_WEEK1)),
            top_end.ge(_column_ref(key, ROW_STARTS, C_WEEK1)))))
        marked = sheet.area(ROW_HEADER, C_WEEK1, last, C_WEEK1 + WEEKS - 1)
        sheet.add(FormulaRule(marked, "cf_marker", formula=AND(  # the as-of week, where no bar is drawn
            as_of.ge(_column_ref(key, ROW_STARTS, C_WEEK1)), as_of.le(_column_ref(key, ROW_ENDS, C_WEEK1)),
            sheet.ref(ROW_HEADER, C_WEEK1).ne(ONE))))

        weeks = sheet.area(ROW_STARTS, C_WEEK1, ROW_STARTS, C_WEEK1 + WEEKS - 1, True)
        b.define("TimelineWeekStarts", weeks)
        b.define("TimelineGantt", gantt.absolute())
        b.define("TimelineDays", sheet.area(first, C_DAYS, last, C_DAYS, True))
        b.define("TimelineMonthlyBudget", sheet.area(first, C_MONTH1, last, C_MONTH1 + 11, True))
        b.define("TimelineAsOfWeek", sheet.area(ROW_HEADER, C_WEEK1, ROW_HEADER, C_WEEK1 + WEEKS - 1, True))
        sheet.freeze = (FIRST_ROW, C_OWNER)
        sheet.page.repeat_rows = (ROW_BAND, ROW_HEADER)
        sheet.page.repeat_cols = (C_NO, C_NAME)
        sheet.page.fit_width = 2    # the chart on the first page, the budget by month on the second
        sheet.page.print_area = (0, 0, total + 1, C_OUTSIDE)


class RowCell(Expr):
    """A formula of one initiative's row, kept as one small object and made when it is rendered or
    evaluated (:meth:`formula`): a large plan has over 100,000 of them, and a tree of formula objects
    per cell would be most of the workbook's memory and garbage-collector time."""

    __slots__ = ("sheet", "row", "col")

    def __init__(self, sheet: str, row: int, col: int):
        self.sheet, self.row, self.col = sheet, row, col

    def formula(self) -> Expr:
        raise NotImplementedError

    def render(self, ctx) -> str:
        return self.formula().render(ctx)

    def evaluate(self, ctx):
        return self.formula().evaluate(ctx)

    def children(self) -> tuple[Expr, ...]:
        return self.formula().children()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and (self.sheet, self.row, self.col) == (
            other.sheet, other.row, other.col)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.sheet, self.row, self.col))


class WeekCell(RowCell):
    """1 when the row's initiative runs during the column's week, else "":
    ``IF(AND(ISNUMBER($days), $start<=week_end, $end>=week_start), 1, EMPTY)``. Rendered and evaluated
    directly, with exactly the text and value of :meth:`formula` (a test checks it)."""

    __slots__ = ()

    def formula(self) -> Expr:
        days, start, end = (_row_ref(self.sheet, self.row, c) for c in (C_DAYS, C_START, C_END))
        week_start, week_end = (_column_ref(self.sheet, r, self.col) for r in (ROW_STARTS, ROW_ENDS))
        return IF(AND(ISNUMBER(days), start.le(week_end), end.ge(week_start)), 1, EMPTY)

    def render(self, ctx) -> str:
        if ctx.sheet != self.sheet:
            return self.formula().render(ctx)
        r, c = self.row + 1, col_letter(self.col)
        return (f"IF(AND(ISNUMBER(${_DAYS}{r}),${_START}{r}<={c}${ROW_ENDS + 1},"
                f"${_END}{r}>={c}${ROW_STARTS + 1}),1,\"\")")

    def evaluate(self, ctx):
        value, sheet, row, col = ctx.cell_value, self.sheet, self.row, self.col
        start, end = value(sheet, row, C_START), value(sheet, row, C_END)
        week_start, week_end = value(sheet, ROW_STARTS, col), value(sheet, ROW_ENDS, col)
        if not (type(start) in _NUMBER and type(end) in _NUMBER and type(week_start) in _NUMBER
                and type(week_end) in _NUMBER):
            return self.formula().evaluate(ctx)   # a blank row or anything unusual: the formula decides
        runs = type(value(sheet, row, C_DAYS)) in _NUMBER and start <= week_end and end >= week_start
        return 1 if runs else ""


class MonthCell(RowCell):
    """The row's budget spread evenly over its days, the part in the column's month:
    ``IF(ISNUMBER($days), $budget*MAX(0,MIN($end,month_end)-MAX($start,month_start)+1)/$days, EMPTY)``."""

    __slots__ = ()

    def formula(self) -> Expr:
        days, start, end, budget = (_row_ref(self.sheet, self.row, c) for c in (C_DAYS, C_START, C_END, C_BUDGET))
        month_start, month_end = (_column_ref(self.sheet, r, self.col) for r in (ROW_STARTS, ROW_ENDS))
        overlap = MIN(end, month_end) - MAX(start, month_start) + 1
        return IF(ISNUMBER(days), budget * MAX(0, overlap) / days, EMPTY)

    def render(self, ctx) -> str:
        if ctx.sheet != self.sheet:
            return self.formula().render(ctx)
        r, c = self.row + 1, col_letter(self.col)
        return (f"IF(ISNUMBER(${_DAYS}{r}),${_BUDGET}{r}*MAX(0,MIN(${_END}{r},{c}${ROW_ENDS + 1})"
                f"-MAX(${_START}{r},{c}${ROW_STARTS + 1})+1)/${_DAYS}{r},\"\")")

    def evaluate(self, ctx):
        value, sheet, row = ctx.cell_value, self.sheet, self.row
        days = value(sheet, row, C_DAYS)
        if type(days) not in _NUMBER:
            return ""
        numbers = (value(sheet, row, C_BUDGET), value(sheet, row, C_START), value(sheet, row, C_END),
                   value(sheet, ROW_STARTS, self.col), value(sheet, ROW_ENDS, self.col))
        if any(type(v) not in _NUMBER for v in numbers) or days == 0:
            return self.formula().evaluate(ctx)   # anything unusual: the formula object decides
        budget, start, end, month_start, month_end = numbers
        return budget * max(0, min(end, month_end) - max(start, month_start) + 1) / days


_NUMBER = (int, float)   # plain numbers (not TRUE/FALSE)
_DAYS, _START, _END, _BUDGET = (col_letter(c) for c in (C_DAYS, C_START, C_END, C_BUDGET))


def _text(b: Build, ref: Ref) -> str:
    """The text an input cell holds when the workbook is built (to size the row)."""
    cell = b.model.sheet(ref.sheet).cells.get((ref.row, ref.col))
    return cell.value if cell is not None and isinstance(cell.value, str) else ""


def _column_ref(sheet: str, row: int, col: int) -> Ref:
    """A header cell referred to from the rows below: its row fixed, its column moving (K$11)."""
    return Ref(sheet, row, col, abs_row=True, abs_col=False)


def _row_ref(sheet: str, row: int, col: int) -> Ref:
    """A cell of the row's own inputs referred to from the week or month columns: column fixed ($F13)."""
    return Ref(sheet, row, col, abs_row=False, abs_col=True)


def _month_band(sheet, labels, year: int, start_month: int) -> None:
    """Month names over the weeks that start in each month (the calendar is fixed by the plan)."""
    first_day = _dt.date(year, start_month, 1)
    names = labels("months")
    groups: list[tuple[int, int, int]] = []     # (calendar month, first week, last week)
    for w in range(WEEKS):
        month = (first_day + _dt.timedelta(days=7 * w)).month
        if groups and groups[-1][0] == month:
            groups[-1] = (month, groups[-1][1], w)
        else:
            groups.append((month, w, w))
    for month, w1, w2 in groups:
        if w2 > w1:
            sheet.merge(ROW_BAND, C_WEEK1 + w1, ROW_BAND, C_WEEK1 + w2, names[month - 1], "header")
        else:
            sheet.set(ROW_BAND, C_WEEK1 + w1, names[month - 1], "header")

