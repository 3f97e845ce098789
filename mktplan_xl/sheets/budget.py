"""Budget tracker (BẢNG THEO DÕI NGÂN SÁCH): plan, actual and variance by month.

Blocks, top to bottom, all on the same month columns:
Plan (inputs, then the computed contingency line if any, then the total),
Actual (inputs, total), Variance (actual − plan, with year-to-date columns),
Plan by group and Actual by group (SUMPRODUCT over the group column, so the
input blocks stay contiguous).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import IF, INDEX, MIN, SUM, SUMPRODUCT, Area, Expr, Name, Ref, as_number
from ..model import ListValidation, NumberValidation, SheetModel
from ..spec import Budget
from .common import (COL_FY, COL_GROUP, COL_MONTH1, COL_NAME, COL_NO, COL_Q1, COL_SHARE, MONTH_COLS,
                     VALUE_COLS, Block, Context, copy_line_names, month_area, period_area,
                     set_period_widths, write_column_totals, write_period_rows, write_rollups,
                     write_section, write_share, write_title, write_total_label)
from .protocol import Build, Check, DefinedName, Sheet, difference_check, not_negative_check

COL_YTD_PLAN = COL_SHARE
COL_YTD_ACTUAL = COL_SHARE + 1
COL_YTD_VARIANCE = COL_SHARE + 2
COL_VARIANCE_PCT = COL_SHARE + 3
COL_STATUS = COL_SHARE + 4
ROW_AS_OF = 3
ROW_CONTINGENCY = 4
ROW_NUMBERS = 6
ROW_HEADER = 7


@dataclass(frozen=True)
class BudgetExports:
    """What other sheets may use. Period areas hold 17 cells (months, Q1–Q4, year)."""

    month_headers: Area      # the 12 fiscal-month headers
    line_names: Area         # activity of every plan line (inputs, then a computed contingency line)
    line_groups: Area        # group of every plan line
    plan_lines: Area         # plan per line × 17 periods
    actual_lines: Area       # actual per line × 17 periods
    plan_total: Area         # total plan, 17 periods
    actual_total: Area       # total actual, 17 periods
    variance_total: Area     # actual − plan up to the as-of month, 17 periods
    status: Ref              # favourable / unfavourable / on budget, year to date
    as_of_label: Ref         # header text of the as-of month
    group_names: Area        # each group, then "(no group)"
    group_plan_year: Area    # full-year plan per group
    group_actual_year: Area  # full-year actual per group


class BudgetTracker(Sheet):
    key = "budget"
    tab = 40
    section = "budget"
    names = (
        DefinedName("BudgetPlanTotal", "full-year budget plan"),
        *(DefinedName(f"BudgetPlanQ{q}", f"budget plan, fiscal quarter {q}") for q in range(1, 5)),
        DefinedName("AsOfMonth", "input: last fiscal month with actuals (0–12)", "budget.as_of_month"),
        DefinedName("BudgetPlanYTD", "budget plan, fiscal months 1 … AsOfMonth"),
        DefinedName("BudgetActualYTD", "budget actual, fiscal months 1 … AsOfMonth"),
        DefinedName("BudgetVarianceYTD", "actual − plan, year to date"),
        DefinedName("BudgetMonthHeaders", "the 12 fiscal-month headers of the budget tracker"),
        DefinedName("BudgetLineNames", "input: activity of each budget line (plan block)",
                    "budget.activities[*].name", "column"),
        DefinedName("BudgetLineGroups", "input: group of each budget line (plan block)",
                    "budget.activities[*].group", "column"),
        DefinedName("BudgetPlanInputs", "input: plan, activities × 12 months",
                    "budget.activities[*].plan", "grid"),
        DefinedName("BudgetActualInputs", "input: actual, activities × 12 months (plus the contingency "
                    "line when it is computed)", "budget.activities[*].actual", "grid"),
        DefinedName("BudgetGroupNames", "each group of budget lines, then \"(no group)\""),
        DefinedName("BudgetGroupPlan", "full-year plan per group (beside BudgetGroupNames)"),
        DefinedName("BudgetGroupActual", "full-year actual per group (beside BudgetGroupNames)"),
        DefinedName("ContingencyPct", "input: contingency as a share of the other lines",
                    "budget.contingency_pct", optional=True, when="with contingency_pct"),
        DefinedName("BudgetContingencyActual", "input: spend drawn from a computed contingency line, "
                    "12 months", "budget.contingency_actual", "row", optional=True,
                    when="with contingency_pct"),
    )

    def build(self, b: Build) -> BudgetExports:
        ctx, budget = b.ctx, b.spec
        labels = ctx.labels
        sheet = b.model.add_sheet(self.key, labels("sheets.budget"), tab_color="#1F4E78")
        self.sheet_key, self.labels = sheet.key, labels
        write_title(sheet, ctx, labels("budget.title"))
        set_period_widths(sheet)
        for col in range(COL_YTD_PLAN, COL_STATUS + 1):
            sheet.col_widths[col] = 15

        as_of = _write_as_of(b, sheet, ctx, budget)
        contingency_pct = _write_contingency_pct(b, sheet, ctx, budget)
        periods = write_period_rows(
            sheet, ctx, ROW_NUMBERS, ROW_HEADER,
            [labels("common.number"), labels("common.activity"), labels("common.group")],
            labels("common.share"))
        sheet.freeze = (ROW_HEADER + 1, COL_MONTH1)
        sheet.repeat_rows = (ROW_NUMBERS, ROW_HEADER)
        month_headers = sheet.area(ROW_HEADER, COL_MONTH1, ROW_HEADER, COL_MONTH1 + 11, True)
        b.define("BudgetMonthHeaders", month_headers)

        activities = budget.activities
        computed_contingency = contingency_pct is not None
        line_count = len(activities) + (1 if computed_contingency else 0)

        # Plan ---------------------------------------------------------------
        row = ROW_HEADER + 1
        write_section(sheet, row, labels("budget.plan"))
        plan = Block(row + 1, row + line_count, row + line_count + 1)
        for i, activity in enumerate(activities):
            r = plan.first + i
            sheet.set(r, COL_NO, i + 1, "row_no")
            sheet.set(r, COL_NAME, activity.name, "input_text")
            sheet.set(r, COL_GROUP, activity.group or None, "input_text")
            for m, col in enumerate(MONTH_COLS):
                amount = activity.plan[m] if m < len(activity.plan) else None
                sheet.set(r, col, amount, "input_amount")
        input_last = plan.first + len(activities) - 1
        if computed_contingency:
            r = plan.last
            contingency = labels("budget.contingency")
            sheet.set(r, COL_NO, line_count, "row_no")
            sheet.set(r, COL_NAME, contingency, "label")
            sheet.set(r, COL_GROUP, contingency, "label")
            for col in MONTH_COLS:
                others = sheet.area(plan.first, col, input_last, col)
                sheet.set(r, col, contingency_pct * SUM(others), "amount")
        _lines_and_total(sheet, ctx, plan, "amount")
        b.define("BudgetLineNames", sheet.area(plan.first, COL_NAME, input_last, COL_NAME, True))
        b.define("BudgetLineGroups", sheet.area(plan.first, COL_GROUP, input_last, COL_GROUP, True))
        b.define("BudgetPlanInputs", sheet.area(plan.first, COL_MONTH1, input_last, COL_MONTH1 + 11, True))
        b.define("BudgetPlanTotal", sheet.ref(plan.total, COL_FY, True))
        for q in range(4):
            b.define(f"BudgetPlanQ{q + 1}", sheet.ref(plan.total, COL_Q1 + q, True))

        # Actual -------------------------------------------------------------
        row = plan.total + 2
        write_section(sheet, row, labels("budget.actual"))
        actual = Block(row + 1, row + line_count, row + line_count + 1)
        for i in range(line_count):
            r = actual.first + i
            copy_line_names(sheet, plan.first + i, r)
            source = (activities[i].actual if i < len(activities) else budget.contingency_actual)
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, source[m] if m < len(source) else None, "input_amount")
        _lines_and_total(sheet, ctx, actual, "amount")
        b.define("BudgetActualInputs",
                 sheet.area(actual.first, COL_MONTH1, actual.last, COL_MONTH1 + 11, True))
        if computed_contingency:
            b.define("BudgetContingencyActual",
                     sheet.area(actual.last, COL_MONTH1, actual.last, COL_MONTH1 + 11, True))
        for first, last in ((plan.first, input_last), (actual.first, actual.last)):
            sheet.add(NumberValidation(sheet.area(first, COL_MONTH1, last, COL_MONTH1 + 11),
                                       criteria=">=", minimum=0, error_title=labels("budget.plan"),
                                       error_message=labels("budget.amount_error")))

        # Variance -----------------------------------------------------------
        row = actual.total + 2
        write_section(sheet, row, labels("budget.variance"), COL_SHARE - 1)
        for col, key in zip(range(COL_YTD_PLAN, COL_STATUS + 1),
                            ("ytd_plan", "ytd_actual", "ytd_variance", "variance_pct", "status")):
            sheet.set(row, col, labels(f"budget.{key}"), "header")
        sheet.row_heights[row] = 30
        variance = Block(row + 1, row + line_count, row + line_count + 1)
        in_ytd = as_number(periods.le(as_of))  # one object for every row, so it is evaluated once
        reported = {col: Ref(sheet.key, ROW_NUMBERS, col, abs_row=True).le(as_of) for col in MONTH_COLS}
        for i in range(line_count):
            r = variance.first + i
            copy_line_names(sheet, plan.first + i, r)
            for col in MONTH_COLS:
                difference = sheet.ref(actual.first + i, col) - sheet.ref(plan.first + i, col)
                sheet.set(r, col, IF(reported[col], difference, 0), "amount")
            write_rollups(sheet, r, "amount")
            _ytd_cells(sheet, r, plan.first + i, actual.first + i, in_ytd, "amount")
            _variance_pct_and_status(sheet, ctx, r, "pct", "flag")
        write_column_totals(sheet, variance.total, variance.first, variance.last,
                            [*VALUE_COLS, COL_YTD_PLAN, COL_YTD_ACTUAL, COL_YTD_VARIANCE], "total_amount")
        write_total_label(sheet, variance.total, labels("common.total"))
        _variance_pct_and_status(sheet, ctx, variance.total, "total_pct", "check")
        status = sheet.area(variance.first, COL_STATUS, variance.total, COL_STATUS)
        sheet.highlight(status, "cf_bad", value=labels("budget.unfavourable"))
        sheet.highlight(status, "cf_good", value=labels("budget.favourable"))
        b.define("BudgetPlanYTD", sheet.ref(variance.total, COL_YTD_PLAN, True))
        b.define("BudgetActualYTD", sheet.ref(variance.total, COL_YTD_ACTUAL, True))
        b.define("BudgetVarianceYTD", sheet.ref(variance.total, COL_YTD_VARIANCE, True))

        # By group -----------------------------------------------------------
        groups = _group_names(budget, labels("budget.contingency") if computed_contingency else None)
        group_col = sheet.area(plan.first, COL_GROUP, plan.last, COL_GROUP, absolute=True)
        row = variance.total + 2
        plan_groups = _group_block(sheet, ctx, row, labels("budget.plan_by_group"), groups, group_col, plan)
        row = plan_groups.total + 2
        actual_groups = _group_block(sheet, ctx, row, labels("budget.actual_by_group"), groups, group_col,
                                     actual)
        if groups:
            names = sheet.area(plan_groups.first, COL_NAME, plan_groups.first + len(groups) - 1, COL_NAME, True)
            sheet.add(ListValidation(sheet.area(plan.first, COL_GROUP, input_last, COL_GROUP), source=names,
                                     error_title=labels("common.group"),
                                     error_message=labels("budget.group_error")))

        b.define("BudgetGroupNames", sheet.area(plan_groups.first, COL_NAME, plan_groups.last, COL_NAME, True))
        b.define("BudgetGroupPlan", sheet.area(plan_groups.first, COL_FY, plan_groups.last, COL_FY, True))
        b.define("BudgetGroupActual", sheet.area(actual_groups.first, COL_FY, actual_groups.last, COL_FY, True))
        self.plan, self.actual = plan, actual
        self.plan_groups, self.actual_groups = plan_groups, actual_groups
        return BudgetExports(
            month_headers=month_headers,
            line_names=sheet.area(plan.first, COL_NAME, plan.last, COL_NAME, True),
            line_groups=sheet.area(plan.first, COL_GROUP, plan.last, COL_GROUP, True),
            plan_lines=sheet.area(plan.first, COL_MONTH1, plan.last, COL_FY, True),
            actual_lines=sheet.area(actual.first, COL_MONTH1, actual.last, COL_FY, True),
            plan_total=period_area(sheet, plan.total),
            actual_total=period_area(sheet, actual.total),
            variance_total=period_area(sheet, variance.total),
            status=sheet.ref(variance.total, COL_STATUS, True),
            as_of_label=sheet.ref(ROW_AS_OF, COL_MONTH1 + 1, True),
            group_names=sheet.area(plan_groups.first, COL_NAME, plan_groups.last, COL_NAME, True),
            group_plan_year=sheet.area(plan_groups.first, COL_FY, plan_groups.last, COL_FY, True),
            group_actual_year=sheet.area(actual_groups.first, COL_FY, actual_groups.last, COL_FY, True),
        )

    def checks(self) -> list[Check]:
        key = self.sheet_key

        def total(block: Block, col: int) -> Ref:
            return Ref(key, block.total, col, True, True)

        def rows_equal_columns(block: Block) -> Expr:
            return total(block, COL_FY) - SUM(Area(key, block.total, COL_MONTH1, block.total,
                                                  COL_MONTH1 + 11, True, True))

        def quarters_add_up(block: Block) -> Expr:
            return SUM(Area(key, block.total, COL_Q1, block.total, COL_Q1 + 3, True, True)) - total(block, COL_FY)

        def groups_add_up(groups: Block, lines: Block) -> Expr:
            return total(groups, COL_FY) - total(lines, COL_FY)

        label = self.labels
        return [
            difference_check(label("checks.budget_plan_rows"), rows_equal_columns(self.plan)),
            difference_check(label("checks.budget_plan_quarters"), quarters_add_up(self.plan)),
            difference_check(label("checks.budget_actual_rows"), rows_equal_columns(self.actual)),
            difference_check(label("checks.budget_actual_quarters"), quarters_add_up(self.actual)),
            difference_check(label("checks.budget_plan_groups"), groups_add_up(self.plan_groups, self.plan)),
            difference_check(label("checks.budget_actual_groups"),
                             groups_add_up(self.actual_groups, self.actual)),
            not_negative_check(label("checks.budget_negative"),
                               MIN(Name("BudgetPlanInputs"), Name("BudgetActualInputs"))),
        ]


def _write_as_of(b: Build, sheet: SheetModel, ctx: Context, budget: Budget) -> Ref:
    labels = ctx.labels
    sheet.merge(ROW_AS_OF, COL_NAME, ROW_AS_OF, COL_GROUP, labels("budget.as_of"), "label_bold")
    as_of = sheet.set(ROW_AS_OF, COL_MONTH1, budget.months_reported, "input_month")
    headers = sheet.area(ROW_HEADER, COL_MONTH1, ROW_HEADER, COL_MONTH1 + 11, True)
    sheet.set(ROW_AS_OF, COL_MONTH1 + 1,
              IF(as_of.eq(0), labels("common.none"), INDEX(headers, as_of)), "label")
    sheet.set(ROW_AS_OF, COL_MONTH1 + 2, labels("budget.as_of_note"), "note")
    sheet.add(NumberValidation(sheet.area(ROW_AS_OF, COL_MONTH1, ROW_AS_OF, COL_MONTH1), whole=True,
                               criteria="between", minimum=0, maximum=12,
                               error_title=labels("budget.as_of"), error_message=labels("budget.month_error")))
    b.define("AsOfMonth", as_of.absolute())
    return as_of.absolute()


def _write_contingency_pct(b: Build, sheet: SheetModel, ctx: Context, budget: Budget) -> Ref | None:
    if budget.contingency_pct is None:
        return None
    labels = ctx.labels
    sheet.merge(ROW_CONTINGENCY, COL_NAME, ROW_CONTINGENCY, COL_GROUP,
                labels("budget.contingency_pct"), "label_bold")
    pct = sheet.set(ROW_CONTINGENCY, COL_MONTH1, budget.contingency_pct, "input_pct")
    sheet.add(NumberValidation(sheet.area(ROW_CONTINGENCY, COL_MONTH1, ROW_CONTINGENCY, COL_MONTH1),
                               criteria="between", minimum=0, maximum=1,
                               error_title=labels("budget.contingency_pct"),
                               error_message=labels("budget.pct_error")))
    b.define("ContingencyPct", pct.absolute())
    return pct.absolute()


def _lines_and_total(sheet: SheetModel, ctx: Context, block: Block, style: str) -> None:
    """Quarter/year roll-ups and shares for each line, and the block's total row."""
    total = sheet.ref(block.total, COL_FY, True)
    for r in block.rows:
        write_rollups(sheet, r, style)
        write_share(sheet, r, total, "pct")
    write_total_label(sheet, block.total, ctx.labels("common.total"))
    write_column_totals(sheet, block.total, block.first, block.last, VALUE_COLS, "total_amount")
    write_share(sheet, block.total, total, "total_pct")


def _ytd_cells(sheet: SheetModel, row: int, plan_row: int, actual_row: int,
               in_ytd: Expr, style: str) -> None:
    """Year-to-date plan, actual and variance; ``in_ytd`` is 1 for months up to the as-of month."""
    plan_ytd = sheet.set(row, COL_YTD_PLAN, SUMPRODUCT(in_ytd, month_area(sheet, plan_row)), style)
    actual_ytd = sheet.set(row, COL_YTD_ACTUAL, SUMPRODUCT(in_ytd, month_area(sheet, actual_row)), style)
    sheet.set(row, COL_YTD_VARIANCE, actual_ytd - plan_ytd, style)


def _variance_pct_and_status(sheet: SheetModel, ctx: Context, row: int,
                             pct_style: str, status_style: str) -> None:
    labels = ctx.labels
    plan_ytd = sheet.ref(row, COL_YTD_PLAN)
    variance = sheet.ref(row, COL_YTD_VARIANCE)
    sheet.set(row, COL_VARIANCE_PCT, IF(plan_ytd.eq(0), "", variance / plan_ytd), pct_style)
    sheet.set(row, COL_STATUS,
              IF(variance.lt(0), labels("budget.favourable"),
                 IF(variance.gt(0), labels("budget.unfavourable"), labels("budget.on_budget"))),
              status_style)


def _group_names(budget: Budget, contingency_group: str | None) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for activity in budget.activities:
        group = activity.group or ""
        if group and group.lower() not in seen:
            seen.add(group.lower())
            names.append(group)
    if contingency_group and contingency_group.lower() not in seen:
        names.append(contingency_group)
    return names


def _group_block(sheet: SheetModel, ctx: Context, row: int, title: str, groups: list[str],
                 group_col: Area, lines: Block) -> Block:
    """One row per group (and one for lines with no group), SUMPRODUCT over the lines."""
    labels = ctx.labels
    write_section(sheet, row, title)
    block = Block(row + 1, row + len(groups) + 1, row + len(groups) + 2)
    for i, r in enumerate(block.rows):
        sheet.set(r, COL_NO, i + 1, "row_no")
        if i < len(groups):
            sheet.set(r, COL_NAME, groups[i], "label")
            match = group_col.eq(Ref(sheet.key, r, COL_NAME, abs_col=True))
        else:
            sheet.set(r, COL_NAME, labels("budget.no_group"), "label")
            match = group_col.eq("")
        sheet.set(r, COL_GROUP, None, "label")
        in_group = as_number(match)  # one object for the row, so it is evaluated once
        for col in MONTH_COLS:
            values = Area(sheet.key, lines.first, col, lines.last, col, True, False)
            sheet.set(r, col, SUMPRODUCT(in_group, values), "amount")
    _lines_and_total(sheet, ctx, block, "amount")
    return block
