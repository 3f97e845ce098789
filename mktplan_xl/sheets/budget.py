"""Budget tracker (BẢNG THEO DÕI NGÂN SÁCH): plan, actual and variance by month.

Blocks, top to bottom, all on the same month columns:
Plan (inputs, then the computed contingency line if any, then the total),
Actual (inputs, total), Variance (actual − plan, with year-to-date columns),
Plan by group and Actual by group (SUMPRODUCT over the group column, so the
input blocks stay contiguous).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formula import IF, INDEX, SUM, SUMPRODUCT, Area, Expr, Ref, as_number
from ..model import SheetModel, WorkbookModel
from ..spec import Budget
from .common import (COL_FY, COL_GROUP, COL_MONTH1, COL_NAME, COL_NO, COL_Q1, COL_SHARE,
                     MONTH_COLS, VALUE_COLS, Block, Context, copy_line_names, month_area,
                     set_period_widths, write_column_totals, write_period_rows, write_rollups,
                     write_section, write_share, write_title, write_total_label)

COL_YTD_PLAN = COL_SHARE
COL_YTD_ACTUAL = COL_SHARE + 1
COL_YTD_VARIANCE = COL_SHARE + 2
COL_VARIANCE_PCT = COL_SHARE + 3
COL_STATUS = COL_SHARE + 4
ROW_AS_OF = 3
ROW_CONTINGENCY = 4
ROW_NUMBERS = 6
ROW_HEADER = 7


@dataclass
class BudgetLayout:
    """Where the budget sheet's figures are, for the summary and the checks."""

    sheet: str
    month_headers: Area
    plan: Block
    actual: Block
    variance: Block
    plan_groups: Block
    actual_groups: Block
    group_names: list[str] = field(default_factory=list)

    def ref(self, row: int, col: int) -> Ref:
        return Ref(self.sheet, row, col, True, True)


def build_budget(model: WorkbookModel, ctx: Context, budget: Budget) -> BudgetLayout:
    labels = ctx.labels
    sheet = model.add_sheet("budget", labels("sheets.budget"), tab_color="#1F4E78")
    write_title(sheet, ctx, labels("budget.title"))
    set_period_widths(sheet)
    for col in range(COL_YTD_PLAN, COL_STATUS + 1):
        sheet.col_widths[col] = 15

    as_of = _write_as_of(model, sheet, ctx, budget)
    contingency_pct = _write_contingency_pct(model, sheet, ctx, budget)
    periods = write_period_rows(
        sheet, ctx, ROW_NUMBERS, ROW_HEADER,
        [labels("common.number"), labels("common.activity"), labels("common.group")],
        labels("common.share"))
    sheet.freeze = (ROW_HEADER + 1, COL_MONTH1)
    sheet.repeat_rows = (ROW_NUMBERS, ROW_HEADER)

    activities = budget.activities
    computed_contingency = contingency_pct is not None
    line_count = len(activities) + (1 if computed_contingency else 0)

    # Plan -------------------------------------------------------------------
    row = ROW_HEADER + 1
    write_section(sheet, row, labels("budget.plan"))
    plan = Block(row + 1, row + line_count, row + line_count + 1)
    for i, activity in enumerate(activities):
        r = plan.first + i
        sheet.set(r, COL_NO, i + 1, "row_no")
        sheet.set(r, COL_NAME, activity.name, "input_text")
        sheet.set(r, COL_GROUP, activity.group or "", "input_text")
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
    model.define("BudgetPlanInputs", sheet.area(plan.first, COL_MONTH1, input_last, COL_MONTH1 + 11, True))
    model.define("BudgetPlanTotal", sheet.ref(plan.total, COL_FY, True))
    for q in range(4):
        model.define(f"BudgetPlanQ{q + 1}", sheet.ref(plan.total, COL_Q1 + q, True))

    # Actual -----------------------------------------------------------------
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
    model.define("BudgetActualInputs",
                 sheet.area(actual.first, COL_MONTH1, actual.last, COL_MONTH1 + 11, True))
    amount_rule = dict(validate="decimal", criteria=">=", value=0,
                       error_title=labels("budget.plan"), error_message=labels("budget.amount_error"))
    sheet.validate(sheet.area(plan.first, COL_MONTH1, input_last, COL_MONTH1 + 11), **amount_rule)
    sheet.validate(sheet.area(actual.first, COL_MONTH1, actual.last, COL_MONTH1 + 11), **amount_rule)

    # Variance ---------------------------------------------------------------
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
    sheet.highlight(status, "cf_bad", type="cell", criteria="==", value=labels("budget.unfavourable"))
    sheet.highlight(status, "cf_good", type="cell", criteria="==", value=labels("budget.favourable"))
    model.define("BudgetPlanYTD", sheet.ref(variance.total, COL_YTD_PLAN, True))
    model.define("BudgetActualYTD", sheet.ref(variance.total, COL_YTD_ACTUAL, True))
    model.define("BudgetVarianceYTD", sheet.ref(variance.total, COL_YTD_VARIANCE, True))

    # By group ---------------------------------------------------------------
    groups = _group_names(budget, labels("budget.contingency") if computed_contingency else None)
    group_col = sheet.area(plan.first, COL_GROUP, plan.last, COL_GROUP, absolute=True)
    row = variance.total + 2
    plan_groups = _group_block(sheet, ctx, row, labels("budget.plan_by_group"), groups, group_col, plan)
    row = plan_groups.total + 2
    actual_groups = _group_block(sheet, ctx, row, labels("budget.actual_by_group"), groups, group_col, actual)
    if groups:
        names = sheet.area(plan_groups.first, COL_NAME, plan_groups.first + len(groups) - 1, COL_NAME, True)
        sheet.validate(sheet.area(plan.first, COL_GROUP, input_last, COL_GROUP),
                       validate="list", source=names, ignore_blank=True,
                       error_title=labels("common.group"), error_message=labels("budget.group_error"))

    return BudgetLayout(sheet.key, sheet.area(ROW_HEADER, COL_MONTH1, ROW_HEADER, COL_MONTH1 + 11, True),
                        plan, actual, variance, plan_groups, actual_groups, groups)


def _write_as_of(model: WorkbookModel, sheet: SheetModel, ctx: Context, budget: Budget) -> Ref:
    labels = ctx.labels
    sheet.merge(ROW_AS_OF, COL_NAME, ROW_AS_OF, COL_GROUP, labels("budget.as_of"), "label_bold")
    as_of = sheet.set(ROW_AS_OF, COL_MONTH1, budget.months_reported, "input_month")
    headers = sheet.area(ROW_HEADER, COL_MONTH1, ROW_HEADER, COL_MONTH1 + 11, True)
    sheet.set(ROW_AS_OF, COL_MONTH1 + 1,
              IF(as_of.eq(0), labels("common.none"), INDEX(headers, as_of)), "label")
    sheet.set(ROW_AS_OF, COL_MONTH1 + 2, labels("budget.as_of_note"), "note")
    sheet.validate(sheet.area(ROW_AS_OF, COL_MONTH1, ROW_AS_OF, COL_MONTH1),
                   validate="integer", criteria="between", minimum=0, maximum=12,
                   error_title=labels("budget.as_of"), error_message=labels("budget.month_error"))
    model.define("AsOfMonth", as_of.absolute())
    return as_of.absolute()


def _write_contingency_pct(model: WorkbookModel, sheet: SheetModel, ctx: Context,
                           budget: Budget) -> Ref | None:
    if budget.contingency_pct is None:
        return None
    labels = ctx.labels
    sheet.merge(ROW_CONTINGENCY, COL_NAME, ROW_CONTINGENCY, COL_GROUP,
                labels("budget.contingency_pct"), "label_bold")
    pct = sheet.set(ROW_CONTINGENCY, COL_MONTH1, budget.contingency_pct, "input_pct")
    sheet.validate(sheet.area(ROW_CONTINGENCY, COL_MONTH1, ROW_CONTINGENCY, COL_MONTH1),
                   validate="decimal", criteria="between", minimum=0, maximum=1,
                   error_title=labels("budget.contingency_pct"), error_message=labels("budget.pct_error"))
    model.define("ContingencyPct", pct.absolute())
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
        sheet.set(r, COL_GROUP, "", "label")
        in_group = as_number(match)  # one object for the row, so it is evaluated once
        for col in MONTH_COLS:
            values = Area(sheet.key, lines.first, col, lines.last, col, True, False)
            sheet.set(r, col, SUMPRODUCT(in_group, values), "amount")
    _lines_and_total(sheet, ctx, block, "amount")
    return block
