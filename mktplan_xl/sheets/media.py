"""Media calendar (KẾ HOẠCH TRUYỀN THÔNG): spend by channel and fiscal month.

Blocks, top to bottom, on the shared month columns (D..O months, P..S quarters,
T year, U share):

* Spend (inputs): one row per channel, then spare rows; the budget-tracker line
  each channel draws on; totals by month, quarter and year; share of the mix.
* Impressions (inputs), where known.
* Cost per thousand impressions (CPM = spend ÷ impressions × 1,000), counting
  only the months with impressions; blank where there are none.
* Flighting: the months each channel is on air (spend above 0), shaded by a
  conditional format; the quarter and year columns count the months on air.
* Spend against the budget tracker: for each budget line a channel draws on,
  the channels' spend, the line's plan and the headroom (plan − spend) by month,
  quarter and year; a negative headroom is highlighted, and each line is one
  check (full year) in the Summary. ``MediaWithinBudget`` is TRUE when no line
  is over its full-year plan (beyond the check tolerance).

A stacked column chart shows the spend by channel and month.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import COUNT, IF, MIN, ROUND, SUM, SUMPRODUCT, Area, Expr, Name, Ref, T, as_number, blank_if_empty, \
    ratio, wrap
from ..model import CellRule, Chart, ChartSeries, ListValidation, NumberValidation, SheetModel
from ..spec.media import Media, line_key
from ..templates import Labels
from ..textfit import fit_label
from .budget import BudgetExports
from .common import (COL_FY, COL_GROUP, COL_MONTH1, COL_NAME, COL_NO, COL_Q1, COL_SHARE, MONTH_COLS,
                     QUARTER_COLS, SPARE_ROWS, VALUE_COLS, Block, Context, month_col, period_area,
                     set_period_widths, write_column_totals, write_period_rows, write_rollups, write_section,
                     write_share, write_title, write_total_label)
from .protocol import TOLERANCE, Build, Check, DefinedName, Figure, Sheet, difference_check, not_negative_check

ROW_NUMBERS = 3
ROW_HEADER = 4
#: CPM is the cost per thousand (mille) impressions.
PER_MILLE = 1000
#: Rows kept free for the chart under the spend table, and the most channels it shows one by one.
CHART_ROWS = 19
MAX_SERIES = 40
#: Decimals of the spend drawn from lines without a row (a difference of sums: no rounding noise).
UNCHECKED_DECIMALS = 4


@dataclass(frozen=True)
class MediaExports:
    """What other sheets may use. Period areas hold 17 cells (months, Q1–Q4, year)."""

    channel_names: Area      # every channel row (the spec's channels, then spare rows)
    spend: Area              # spend per channel row × 17 periods
    spend_total: Area        # total media spend, 17 periods
    total: Ref               # MediaPlanTotal
    within_budget: Ref       # MediaWithinBudget


@dataclass(frozen=True)
class _Line:
    """A budget line some channel draws on: its position among the tracker's lines, and its name."""

    index: int
    name: str


class MediaCalendar(Sheet):
    key = "media"
    tab = 60
    section = "media"
    uses = ("budget",)
    names = (
        DefinedName("MediaChannelNames", "input: each channel (medium) of the media calendar, then spare rows",
                    "media.channels[*].name", "column"),
        DefinedName("MediaBudgetLines", "input: the budget-tracker activity each channel draws on",
                    "media.channels[*].budget_line", "column"),
        DefinedName("MediaPlanInputs", "input: media spend, channels (then spare rows) × 12 months",
                    "media.channels[*].spend", "grid"),
        DefinedName("MediaImpressionsInputs", "input: impressions, channels (then spare rows) × 12 months",
                    "media.channels[*].impressions", "grid"),
        DefinedName("MediaCPM", "cost per thousand impressions, channel rows × 17 periods (months, Q1–Q4, year; "
                    "blank without impressions)"),
        DefinedName("MediaPlanTotal", "full-year media spend, all channels"),
        DefinedName("MediaWithinBudget", "TRUE when no budget line's media spend is over its full-year plan"),
        DefinedName("MediaSpendUnchecked", "full-year media spend on budget lines with no check on the sheet "
                    "(lines picked in the workbook, not in the spec)"),
    )

    def build(self, b: Build) -> MediaExports:
        ctx, media = b.ctx, b.spec
        labels = ctx.labels
        budget: BudgetExports = b.uses["budget"]
        sheet = b.model.add_sheet(self.key, labels("sheets.media"), tab_color="#7030A0")
        self.sheet_key, self.labels = sheet.key, labels
        write_title(sheet, ctx, labels("media.title"))
        set_period_widths(sheet, name_width=24, group_width=22)
        sheet.col_widths[COL_SHARE] = 15
        write_period_rows(sheet, ctx, ROW_NUMBERS, ROW_HEADER,
                          [labels("common.number"), labels("media.channel"), labels("media.budget_line")],
                          labels("media.share"))
        sheet.freeze = (ROW_HEADER + 1, COL_MONTH1)
        sheet.repeat_rows = (ROW_NUMBERS, ROW_HEADER)
        channels = media.channels
        n = len(channels) + SPARE_ROWS

        # Spend ------------------------------------------------------------------
        row = ROW_HEADER + 1
        write_section(sheet, row, labels("media.spend"))
        spend = Block(row + 1, row + n, row + n + 1)
        total = sheet.ref(spend.total, COL_FY, True)
        for i, r in enumerate(spend.rows):
            channel = channels[i] if i < len(channels) else None
            sheet.set(r, COL_NO, i + 1, "row_no")
            sheet.set(r, COL_NAME, channel.name if channel else None, "input_text")
            sheet.set(r, COL_GROUP, channel.budget_line if channel else None, "input_text")
            amounts = channel.spend if channel else []
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, amounts[m] if m < len(amounts) else None, "input_amount")
            write_rollups(sheet, r, "amount")
            write_share(sheet, r, total, "pct")
        write_total_label(sheet, spend.total, labels("common.total"))
        write_column_totals(sheet, spend.total, spend.first, spend.last, VALUE_COLS, "total_amount")
        write_share(sheet, spend.total, total, "total_pct")
        names = sheet.area(spend.first, COL_NAME, spend.last, COL_NAME, True)
        lines_col = sheet.area(spend.first, COL_GROUP, spend.last, COL_GROUP, True)
        b.define("MediaChannelNames", names)
        b.define("MediaBudgetLines", lines_col)
        b.define("MediaPlanInputs", sheet.area(spend.first, COL_MONTH1, spend.last, COL_MONTH1 + 11, True))
        b.define("MediaPlanTotal", total)
        sheet.add(ListValidation(lines_col, source=budget.line_names, error_title=labels("media.budget_line"),
                                 error_message=labels("media.line_error")))

        # Chart of the spend, under its table ----------------------------------------
        headers = sheet.area(ROW_HEADER, COL_MONTH1, ROW_HEADER, COL_MONTH1 + 11, True)
        if len(channels) <= MAX_SERIES:   # one series per channel (the spare rows while there are none)
            series = [ChartSeries(sheet.ref(r, COL_NAME, True), headers, sheet.area(r, COL_MONTH1, r, COL_MONTH1 + 11,
                                                                                   True))
                      for r in (spend.rows if not channels else range(spend.first, spend.first + len(channels)))]
        else:                             # too many to tell apart: the total
            series = [ChartSeries(labels("common.total"), headers,
                                  sheet.area(spend.total, COL_MONTH1, spend.total, COL_MONTH1 + 11, True))]
        sheet.add(Chart(kind="column", subtype="stacked", title=labels("media.chart"),
                        anchor=(spend.total + 2, COL_NAME), series=series, size=(1100, 340)))

        # Impressions ------------------------------------------------------------
        row = spend.total + 2 + CHART_ROWS
        write_section(sheet, row, labels("media.impressions"))
        impressions = Block(row + 1, row + n, row + n + 1)
        for i, r in enumerate(impressions.rows):
            _copy_names(sheet, spend.first + i, r)
            counts = channels[i].impressions if i < len(channels) else []
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, counts[m] if m < len(counts) else None, "input_units")
            write_rollups(sheet, r, "units")
        write_total_label(sheet, impressions.total, labels("common.total"))
        write_column_totals(sheet, impressions.total, impressions.first, impressions.last, VALUE_COLS,
                            "total_units")
        b.define("MediaImpressionsInputs",
                 sheet.area(impressions.first, COL_MONTH1, impressions.last, COL_MONTH1 + 11, True))
        for block, key in ((spend, "spend_error"), (impressions, "impressions_error")):
            sheet.add(NumberValidation(sheet.area(block.first, COL_MONTH1, block.last, COL_MONTH1 + 11),
                                       criteria=">=", minimum=0, error_title=labels("media.title"),
                                       error_message=labels(f"media.{key}")))

        # CPM --------------------------------------------------------------------
        row = impressions.total + 2
        write_section(sheet, row, labels("media.cpm"))
        cpm = Block(row + 1, row + n, row + n + 1)
        for i, r in enumerate(cpm.rows):
            _copy_names(sheet, spend.first + i, r)
            _cpm_cells(sheet, r, spend.first + i, spend.first + i, impressions.first + i, "price")
        write_total_label(sheet, cpm.total, labels("common.total"))
        _cpm_cells(sheet, cpm.total, spend.first, spend.last, impressions.first, "price",
                   impressions.last)
        b.define("MediaCPM", sheet.area(cpm.first, COL_MONTH1, cpm.last, COL_FY, True))

        # Flighting --------------------------------------------------------------
        row = cpm.total + 2
        write_section(sheet, row, labels("media.flighting"))
        flighting = Block(row + 1, row + n, row + n)
        for i, r in enumerate(flighting.rows):
            _copy_names(sheet, spend.first + i, r)
            key = Ref(sheet.key, spend.first + i, COL_NAME, abs_col=True)
            for col in MONTH_COLS:
                sheet.set(r, col, IF(sheet.ref(spend.first + i, col).gt(0), 1, ""), "flag")
            for q, col in enumerate(QUARTER_COLS):
                first = month_col(3 * q)
                sheet.set(r, col, blank_if_empty(key, COUNT(sheet.area(r, first, r, first + 2))), "count")
            sheet.set(r, COL_FY, blank_if_empty(key, COUNT(sheet.area(r, COL_MONTH1, r, COL_MONTH1 + 11))),
                      "count")
        sheet.add(CellRule(sheet.area(flighting.first, COL_MONTH1, flighting.last, COL_MONTH1 + 11), "cf_bar",
                           criteria="==", value=1))

        # Spend against the budget lines -------------------------------------------
        names_area = budget.line_names
        lines = _lines_drawn_on(media, b.model.block_values(names_area.sheet, names_area.row1, names_area.col1,
                                                            names_area.row2, names_area.col2))
        row = flighting.last + 2
        within, unchecked, row = self._budget_lines(sheet, ctx, budget, lines, spend, row)
        b.define("MediaWithinBudget", within)
        b.define("MediaSpendUnchecked", unchecked)

        sheet.page.print_area = (0, 0, row, COL_SHARE)
        self.spend, self.total = spend, total
        return MediaExports(channel_names=names,
                            spend=sheet.area(spend.first, COL_MONTH1, spend.last, COL_FY, True),
                            spend_total=period_area(sheet, spend.total), total=total, within_budget=within)

    def _budget_lines(self, sheet: SheetModel, ctx: Context, budget: BudgetExports, lines: list[_Line],
                      spend: Block, row: int) -> tuple[Ref, Ref, int]:
        """The spend / plan / headroom blocks, one row per budget line drawn on;
        (MediaWithinBudget, MediaSpendUnchecked, the next free row)."""
        labels = ctx.labels
        write_section(sheet, row, labels("media.lines"))
        self.line_checks: list[tuple[str, Ref]] = []
        lines_col = sheet.area(spend.first, COL_GROUP, spend.last, COL_GROUP, True)
        spend_year = sheet.area(spend.first, COL_FY, spend.last, COL_FY, True)
        drawn_on_lines = SUMPRODUCT(as_number(lines_col.ne("")), spend_year)
        if not lines:
            sheet.set(row + 1, COL_NAME, labels("media.no_lines"), "note")
            within = sheet.set(row + 2, COL_FY, wrap(True), "check").absolute()
            sheet.merge(row + 2, COL_NAME, row + 2, COL_Q1 + 3, labels("media.within_budget"), "label_total")
            return within, self._unchecked(sheet, labels, row + 3, drawn_on_lines), row + 4
        count = len(lines)
        blocks = []
        for key in ("line_spend", "line_plan", "line_headroom"):
            row += 1
            sheet.set(row, COL_NAME, labels(f"media.{key}"), "label_bold")
            blocks.append(Block(row + 1, row + count, row + count))
            row += count
        drawn, plan, headroom = blocks
        for i, line in enumerate(lines):
            name_cell = budget.line_names.cell(line.index)
            for block in blocks:
                r = block.first + i
                sheet.set(r, COL_NO, i + 1, "row_no")
                sheet.set(r, COL_NAME, T(name_cell), "label")
            key = Ref(sheet.key, drawn.first + i, COL_NAME, abs_col=True)
            on_line = as_number(lines_col.eq(key))  # one object for the row, so it is evaluated once
            for col in MONTH_COLS:
                values = Area(sheet.key, spend.first, col, spend.last, col, True, False)
                sheet.set(drawn.first + i, col, SUMPRODUCT(on_line, values), "amount")
            write_rollups(sheet, drawn.first + i, "amount")
            for p, col in enumerate(VALUE_COLS):
                sheet.set(plan.first + i, col, budget.plan_lines.cell(line.index, p), "amount")
                sheet.set(headroom.first + i, col,
                          sheet.ref(plan.first + i, col) - sheet.ref(drawn.first + i, col), "amount")
            year = sheet.ref(headroom.first + i, COL_FY, True)
            sheet.set(headroom.first + i, COL_SHARE,
                      IF(year.lt(-TOLERANCE), labels("media.over"), labels("media.within")), "flag")
            self.line_checks.append((line.name, year))
        sheet.set(headroom.first - 1, COL_SHARE, labels("media.status"), "header")
        area = sheet.area(headroom.first, COL_MONTH1, headroom.last, COL_FY)
        sheet.add(CellRule(area, "cf_bad", criteria="<", value=-TOLERANCE))
        status = sheet.area(headroom.first, COL_SHARE, headroom.last, COL_SHARE)
        sheet.highlight(status, "cf_bad", value=labels("media.over"))
        sheet.highlight(status, "cf_good", value=labels("media.within"))
        row = headroom.last + 1
        years = sheet.area(headroom.first, COL_FY, headroom.last, COL_FY, True)
        sheet.merge(row, COL_NAME, row, COL_Q1 + 3, labels("media.within_budget"), "label_total")
        within = sheet.set(row, COL_FY, SUMPRODUCT(as_number(years.lt(-TOLERANCE))).eq(0), "check").absolute()
        sheet.add(CellRule(sheet.area(row, COL_FY, row, COL_FY), "cf_good", criteria="==", value=True))
        sheet.add(CellRule(sheet.area(row, COL_FY, row, COL_FY), "cf_bad", criteria="==", value=False))
        checked = SUM(sheet.area(drawn.first, COL_FY, drawn.last, COL_FY, True))
        return within, self._unchecked(sheet, labels, row + 1, drawn_on_lines - checked), row + 2

    def _unchecked(self, sheet: SheetModel, labels: Labels, row: int, amount: Expr) -> Ref:
        """Spend drawn from budget lines that have no rows above (picked in the workbook): shown, in
        amber when not 0, so the user knows to name the line in the spec."""
        sheet.merge(row, COL_NAME, row, COL_Q1 + 3, labels("media.unchecked"), "label")
        # rounded: the difference of two sums of the same amounts must show 0, not rounding noise
        cell = sheet.set(row, COL_FY, ROUND(amount, UNCHECKED_DECIMALS), "amount")
        sheet.add(CellRule(sheet.area(row, COL_FY, row, COL_FY), "cf_warn", criteria="!=", value=0))
        return cell.absolute()

    def checks(self) -> list[Check]:
        key, block = self.sheet_key, self.spend
        year = Ref(key, block.total, COL_FY, True, True)
        months = SUM(Area(key, block.total, COL_MONTH1, block.total, COL_MONTH1 + 11, True, True))
        quarters = SUM(Area(key, block.total, COL_Q1, block.total, COL_Q1 + 3, True, True))
        label = self.labels
        found = [
            difference_check(label("checks.media_rows"), year - months),
            difference_check(label("checks.media_quarters"), quarters - year),
            not_negative_check(label("checks.media_negative"),
                               MIN(Name("MediaPlanInputs"), Name("MediaImpressionsInputs"))),
        ]
        for name, headroom in self.line_checks:
            found.append(Check(fit_label(label("checks.media_line", line="{}"), name), lambda cell: cell.ge(-TOLERANCE),
                               headroom))
        return found

    def figures(self) -> list[Figure]:
        label = self.labels
        return [
            Figure(label("media.total_spend"), Name("MediaPlanTotal")),
            Figure(label("media.pct_of_budget"), ratio(Name("MediaPlanTotal"), Name("BudgetPlanTotal")), "pct"),
            Figure(label("media.within_budget"), Name("MediaWithinBudget"), "flag"),
        ]


def _cpm_cells(sheet: SheetModel, row: int, spend_first: int, spend_last: int, impressions_first: int,
               style: str, impressions_last: int | None = None) -> None:
    """CPM by month, quarter and year: spend in the months with impressions ÷ those impressions × 1,000."""
    impressions_last = impressions_first if impressions_last is None else impressions_last

    def cpm(first_col: int, last_col: int) -> Expr:
        views = sheet.area(impressions_first, first_col, impressions_last, last_col)
        costs = sheet.area(spend_first, first_col, spend_last, last_col)
        seen = SUM(views)
        return IF(seen.gt(0), SUMPRODUCT(as_number(views.gt(0)), costs) / seen * PER_MILLE, "")

    for col in MONTH_COLS:
        sheet.set(row, col, cpm(col, col), style)
    for q, col in enumerate(QUARTER_COLS):
        first = month_col(3 * q)
        sheet.set(row, col, cpm(first, first + 2), style)
    sheet.set(row, COL_FY, cpm(COL_MONTH1, COL_MONTH1 + 11), style)


def _lines_drawn_on(media: Media, line_names: list[list]) -> list[_Line]:
    """The budget lines the spec's channels draw on, in the tracker's order (the first line of a name)."""
    first: dict[str, int] = {}
    for index, (name,) in enumerate(line_names):
        if isinstance(name, str):
            first.setdefault(line_key(name), index)
    wanted = {first[line_key(c.budget_line)] for c in media.channels
              if c.budget_line is not None and line_key(c.budget_line) in first}
    return [_Line(index, line_names[index][0]) for index in sorted(wanted)]


def _copy_names(sheet: SheetModel, source: int, row: int) -> None:
    """Number, channel and budget line of a channel row; a spare row's copies stay blank."""
    sheet.set(row, COL_NO, sheet.ref(source, COL_NO), "row_no")
    for col in (COL_NAME, COL_GROUP):
        text = sheet.ref(source, col)
        sheet.set(row, col, blank_if_empty(text, T(text)), "label")

