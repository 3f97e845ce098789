"""Budget tracker (BẢNG THEO DÕI NGÂN SÁCH): plan, actual and variance by month.

Blocks, top to bottom, all on the same month columns:
Plan (inputs: the spec's lines, then spare lines, then the computed contingency line if
any, then the total), Actual (one line per plan line, inputs, total), Variance (actual −
plan up to the as-of month, with year-to-date, remaining budget, latest estimate,
projected variance and pacing columns), Plan by group and Actual by group.

Adding lines: a spare line counts once it has a name (a line without a name shows blank
everywhere and counts as 0; a check reports amounts typed on one). A row inserted inside a
block is safe too: every range a formula reads lies inside one block (the by-group sums of
each block use that block's own group column, which mirrors the plan's), so ranges grow
together. Groups are inputs too, with spare rows, and the group column's list points at them.

Actuals count for the months up to the as-of month only (year to date = full year so far);
an actual typed in a later month is highlighted and reported by a check. Actuals may be
negative (a refund or a credit note); a check reports a line whose year-to-date actual is
below zero. Variances are coloured by their flag (favourable, unfavourable), for costs,
within a tolerance band (``VarianceTolerancePct``) inside which a line is on budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..formula import (ABS, AND, COLUMNS, IF, INDEX, ISNUMBER, MIN, SUM, SUMPRODUCT, Area, Expr, Name,
                       Offset, Ref, T, as_number, blank_if_empty)
from ..model import FormulaRule, ListValidation, NumberValidation, SheetModel
from ..spec import Budget
from ..spec.base import MAX_AMOUNT
from .common import (COL_FY, COL_GROUP, COL_MONTH1, COL_NAME, COL_NO, COL_Q1, COL_SHARE, KEY, MONTH_COLS,
                     QUARTER_COLS, SPARE_ROWS, VALUE_COLS, Block, Context, copy_line_names, fit_row,
                     fitted_width, line_key, named_mask, period_area, print_in_pages,
                     rel, rel_months, reported_masks, set_period_widths, write_column_totals, write_line_number,
                     write_block_headers, write_masked_totals, write_period_rows, write_rollups,
                     write_section, write_share, write_title, write_total_label)
from .protocol import Build, Check, DefinedName, Sheet, difference_check, not_negative_check
from .variance import colour_by_rule, variance_pct, variance_status

# Plan block: owner and notes beside the share of the total.
COL_OWNER = COL_SHARE + 1
COL_NOTES = COL_SHARE + 2
# Variance block: year to date and the outlook beside the months.
COL_YTD_PLAN = COL_SHARE
COL_YTD_ACTUAL = COL_SHARE + 1
COL_YTD_VARIANCE = COL_SHARE + 2
COL_VARIANCE_PCT = COL_SHARE + 3
COL_STATUS = COL_SHARE + 4
COL_REMAINING = COL_SHARE + 5
COL_ESTIMATE = COL_SHARE + 6
COL_PROJECTED = COL_SHARE + 7
COL_PACING = COL_SHARE + 8
VARIANCE_COLUMNS = ("ytd_plan", "ytd_actual", "ytd_variance", "variance_pct", "status", "remaining",
                    "latest_estimate", "projected_variance", "pacing")
ROW_AS_OF = 3
ROW_ELAPSED = 4
ROW_TOLERANCE = 5
ROW_CONTINGENCY = 6
ROW_NUMBERS = 8
ROW_HEADER = 9


@dataclass(frozen=True)
class BudgetExports:
    """What other sheets may use. Period areas hold 17 cells (months, Q1–Q4, year).

    Lines are every plan line: the spec's activities, the spare lines (blank until a user
    names one) and the computed contingency line when there is one. Actual quarters and the
    year count the months up to the as-of month only.
    """

    month_headers: Area      # the 12 fiscal-month headers
    line_names: Area         # activity of every plan line (inputs and spare lines, then a computed contingency line)
    line_groups: Area        # group of every plan line
    plan_lines: Area         # plan per line × 17 periods
    actual_lines: Area       # actual per line × 17 periods (months as typed; Q1–Q4, year: months to the as-of month)
    plan_total: Area         # total plan, 17 periods
    actual_total: Area       # total actual, 17 periods (months after the as-of month count 0)
    variance_total: Area     # actual − plan up to the as-of month, 17 periods
    status: Ref              # favourable / unfavourable / on budget, year to date (within the tolerance)
    as_of_label: Ref         # header text of the as-of month
    group_names: Area        # each group (inputs and spare rows), the computed contingency's group, then "(no group)"
    group_plan_year: Area    # full-year plan per group
    group_actual_year: Area  # full-year actual per group
    line_owners: Area = None         # owner of every plan line (inputs; blank for the contingency line)
    line_notes: Area = None          # notes of every plan line
    remaining_lines: Area = None     # per line: full-year plan − actual to date
    estimate_lines: Area = None      # per line: latest estimate (actual to date + plan after the as-of month)
    pacing_lines: Area = None        # per line: actual to date ÷ (full-year plan × elapsed share)
    plan_ytd: Ref = None             # BudgetPlanYTD
    actual_ytd: Ref = None           # BudgetActualYTD
    variance_ytd: Ref = None         # BudgetVarianceYTD
    remaining: Ref = None            # BudgetRemaining
    latest_estimate: Ref = None      # BudgetLatestEstimate
    projected_variance: Ref = None   # BudgetProjectedVariance
    pacing: Ref = None               # BudgetPacing
    tolerance: Ref = None            # VarianceTolerancePct
    elapsed_share: Ref = None        # BudgetElapsedShare


class BudgetTracker(Sheet):
    key = "budget"
    tab = 40
    section = "budget"
    names = (
        DefinedName("BudgetPlanTotal", "full-year budget plan"),
        *(DefinedName(f"BudgetPlanQ{q}", f"budget plan, fiscal quarter {q}") for q in range(1, 5)),
        DefinedName("AsOfMonth", "input: last fiscal month with actuals (0–12)", "budget.as_of_month"),
        DefinedName("BudgetElapsedShare", "share of the fiscal year elapsed: AsOfMonth ÷ 12"),
        DefinedName("VarianceTolerancePct", "input: band (± share of plan) inside which a variance is "
                    "on budget", "budget.variance_tolerance_pct"),
        DefinedName("BudgetActualTotal", "full-year budget actual: the months up to AsOfMonth (later "
                    "months do not count), so it equals BudgetActualYTD"),
        *(DefinedName(f"BudgetActualQ{q}", f"budget actual, fiscal quarter {q} (months up to AsOfMonth)")
          for q in range(1, 5)),
        DefinedName("BudgetPlanYTD", "budget plan, fiscal months 1 … AsOfMonth"),
        DefinedName("BudgetActualYTD", "budget actual, fiscal months 1 … AsOfMonth"),
        DefinedName("BudgetVarianceYTD", "actual − plan, year to date"),
        DefinedName("BudgetRemaining", "full-year plan − actual to date"),
        DefinedName("BudgetLatestEstimate", "actual to date + plan for the months after AsOfMonth"),
        DefinedName("BudgetProjectedVariance", "latest estimate − full-year plan (projected variance "
                    "at year end)"),
        DefinedName("BudgetPacing", "actual to date ÷ (full-year plan × BudgetElapsedShare); 1 = on pace, "
                    "blank when there is nothing to compare"),
        DefinedName("BudgetMonthHeaders", "the 12 fiscal-month headers of the budget tracker"),
        DefinedName("BudgetLineNames", "input: activity of each budget line (plan block: the spec's lines, "
                    "then spare lines, blank until named)", "budget.activities[*].name", "column"),
        DefinedName("BudgetLineGroups", "input: group of each budget line (beside BudgetLineNames)",
                    "budget.activities[*].group", "column"),
        DefinedName("BudgetLineOwners", "input: owner of each budget line (beside BudgetLineNames)",
                    "budget.activities[*].owner", "column"),
        DefinedName("BudgetLineNotes", "input: notes on each budget line (beside BudgetLineNames)",
                    "budget.activities[*].notes", "column"),
        DefinedName("BudgetPlanInputs", "input: plan, lines × 12 months (beside BudgetLineNames)",
                    "budget.activities[*].plan", "grid"),
        DefinedName("BudgetActualInputs", "input: actual, lines × 12 months (the plan's lines and spare "
                    "lines, plus the contingency line when it is computed; may be negative)",
                    "budget.activities[*].actual", "grid"),
        DefinedName("BudgetGroupInputs", "input: the groups a line may take (the spec's groups, then spare "
                    "rows)", "budget.groups[*]", "column"),
        DefinedName("BudgetGroupNames", "each group of budget lines (BudgetGroupInputs, the computed "
                    "contingency's group), then \"(no group)\""),
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
        activities = budget.activities
        widths = _set_widths(sheet, budget, labels)

        as_of = _write_as_of(b, sheet, ctx, budget)
        elapsed = _write_elapsed(b, sheet, ctx, as_of)
        tolerance = _write_tolerance(b, sheet, ctx, budget)
        contingency_pct = _write_contingency_pct(b, sheet, ctx, budget)
        periods = write_period_rows(
            sheet, ctx, ROW_NUMBERS, ROW_HEADER,
            [labels("common.number"), labels("common.activity"), labels("common.group")],
            last_col=COL_PACING)
        sheet.freeze = (ROW_HEADER + 1, COL_MONTH1)
        sheet.repeat_rows = (ROW_NUMBERS, ROW_HEADER)
        month_headers = sheet.area(ROW_HEADER, COL_MONTH1, ROW_HEADER, COL_MONTH1 + 11, True)
        b.define("BudgetMonthHeaders", month_headers)
        reported = {col: Ref(sheet.key, ROW_NUMBERS, col, abs_row=True).le(as_of) for col in MONTH_COLS}
        counted = reported_masks(periods, as_of)

        computed_contingency = contingency_pct is not None
        inputs = len(activities) + SPARE_ROWS
        line_count = inputs + (1 if computed_contingency else 0)

        # Plan ---------------------------------------------------------------
        heading = ROW_HEADER + 1
        write_section(sheet, heading, labels("budget.plan"), COL_SHARE - 1)
        write_block_headers(sheet, heading, [labels("common.share"), labels("common.owner"),
                                             labels("common.notes")])
        plan = Block(heading + 1, heading + line_count, heading + line_count + 1)
        input_last = plan.first + inputs - 1
        for i in range(inputs):
            r = plan.first + i
            activity = activities[i] if i < len(activities) else None
            write_line_number(sheet, r, heading)
            sheet.set(r, COL_NAME, activity.name if activity else None, "input_name")
            sheet.set(r, COL_GROUP, (activity.group or None) if activity else None, "input_name")
            for m, col in enumerate(MONTH_COLS):
                amount = activity.plan[m] if activity and m < len(activity.plan) else None
                sheet.set(r, col, amount, "input_amount")
            sheet.set(r, COL_OWNER, (activity.owner or None) if activity else None, "input_wrap")
            sheet.set(r, COL_NOTES, (activity.notes or None) if activity else None, "input_wrap")
            if activity:
                fit_row(sheet, r, [(activity.name, widths[COL_NAME]), (activity.group, widths[COL_GROUP]),
                                   (activity.owner, widths[COL_OWNER]), (activity.notes, widths[COL_NOTES])])
        if computed_contingency:
            r = plan.last
            contingency = labels("budget.contingency")
            write_line_number(sheet, r, heading)
            sheet.set(r, COL_NAME, contingency, "label")
            sheet.set(r, COL_GROUP, contingency, "label")
            others = named_mask(sheet, plan.first, input_last)
            for col in MONTH_COLS:
                amounts = sheet.area(plan.first, col, input_last, col)
                sheet.set(r, col, contingency_pct * SUMPRODUCT(others, amounts), "amount")
            sheet.set(r, COL_OWNER, None, "label")
            sheet.set(r, COL_NOTES, None, "label")
        plan_mask = named_mask(sheet, plan.first, plan.last)
        _lines_and_total(sheet, ctx, plan, plan_mask)
        b.define("BudgetLineNames", sheet.area(plan.first, COL_NAME, input_last, COL_NAME, True))
        b.define("BudgetLineGroups", sheet.area(plan.first, COL_GROUP, input_last, COL_GROUP, True))
        b.define("BudgetLineOwners", sheet.area(plan.first, COL_OWNER, input_last, COL_OWNER, True))
        b.define("BudgetLineNotes", sheet.area(plan.first, COL_NOTES, input_last, COL_NOTES, True))
        b.define("BudgetPlanInputs", sheet.area(plan.first, COL_MONTH1, input_last, COL_MONTH1 + 11, True))
        b.define("BudgetPlanTotal", sheet.ref(plan.total, COL_FY, True))
        for q in range(4):
            b.define(f"BudgetPlanQ{q + 1}", sheet.ref(plan.total, COL_Q1 + q, True))

        # Actual -------------------------------------------------------------
        heading = plan.total + 2
        write_section(sheet, heading, labels("budget.actual"), COL_SHARE - 1)
        write_block_headers(sheet, heading, [labels("common.share")])
        sheet.set(heading, COL_MONTH1, labels("budget.actual_note"), "section_note")
        actual = Block(heading + 1, heading + line_count, heading + line_count + 1)
        for i in range(line_count):
            r = actual.first + i
            key = copy_line_names(sheet, plan.first + i, r)
            if i < len(activities):
                source = activities[i].actual
            elif i < inputs:
                source = []
            else:
                source = budget.contingency_actual
            for m, col in enumerate(MONTH_COLS):
                sheet.set(r, col, source[m] if m < len(source) else None, "input_amount")
            write_rollups(sheet, r, "amount", key, counted)
        actual_total = sheet.ref(actual.total, COL_FY, True)
        for r in actual.rows:
            write_share(sheet, r, actual_total, "pct", line_key(sheet, r))
        actual_mask = named_mask(sheet, actual.first, actual.last)
        write_total_label(sheet, actual.total, labels("common.total"))
        for col in MONTH_COLS:
            values = Area(sheet.key, actual.first, col, actual.last, col)
            sheet.set(actual.total, col, IF(reported[col], SUMPRODUCT(actual_mask, values), 0), "total_amount")
        write_column_totals(sheet, actual.total, actual.first, actual.last, [*QUARTER_COLS, COL_FY],
                            "total_amount")
        write_share(sheet, actual.total, actual_total, "total_pct")
        b.define("BudgetActualTotal", actual_total)
        for q in range(4):
            b.define(f"BudgetActualQ{q + 1}", sheet.ref(actual.total, COL_Q1 + q, True))
        actual_inputs = sheet.area(actual.first, COL_MONTH1, actual.last, COL_MONTH1 + 11, True)
        b.define("BudgetActualInputs", actual_inputs)
        if computed_contingency:
            b.define("BudgetContingencyActual",
                     sheet.area(actual.last, COL_MONTH1, actual.last, COL_MONTH1 + 11, True))
        sheet.add(NumberValidation(sheet.area(plan.first, COL_MONTH1, input_last, COL_MONTH1 + 11),
                                   criteria=">=", minimum=0, error_title=labels("budget.plan"),
                                   error_message=labels("budget.amount_error")))
        sheet.add(NumberValidation(sheet.area(actual.first, COL_MONTH1, actual.last, COL_MONTH1 + 11),
                                   criteria="between", minimum=-MAX_AMOUNT, maximum=MAX_AMOUNT,
                                   error_title=labels("budget.actual"),
                                   error_message=labels("budget.actual_error")))
        # an actual typed after the as-of month does not count: show it
        first_actual = Ref(sheet.key, actual.first, COL_MONTH1)
        late = AND(Ref(sheet.key, ROW_NUMBERS, COL_MONTH1, abs_row=True).gt(as_of), first_actual.ne(0))
        sheet.add(FormulaRule(sheet.area(actual.first, COL_MONTH1, actual.last, COL_MONTH1 + 11),
                              "cf_warn", formula=late))

        # Variance -----------------------------------------------------------
        heading = actual.total + 2
        write_section(sheet, heading, labels("budget.variance"), COL_SHARE - 1)
        write_block_headers(sheet, heading, [labels(f"budget.{key}") for key in VARIANCE_COLUMNS])
        sheet.set(heading, COL_Q1, labels("budget.outlook_note"), "section_note")
        variance = Block(heading + 1, heading + line_count, heading + line_count + 1)
        in_ytd = as_number(periods.le(as_of))  # one object for every row, so it is evaluated once
        to_plan, to_actual = plan.first - variance.first, actual.first - variance.first
        months = {col: blank_if_empty(KEY, IF(reported[col], Offset(to_actual, 0) - Offset(to_plan, 0), 0))
                  for col in MONTH_COLS}  # one formula per column, shared by every line
        outlook = _outlook(to_plan, to_actual, in_ytd, tolerance, elapsed, labels)
        for i in range(line_count):
            r = variance.first + i
            key = copy_line_names(sheet, plan.first + i, r)
            for col in MONTH_COLS:
                sheet.set(r, col, months[col], "variance")
            write_rollups(sheet, r, "variance", key)
            for col, (formula, style) in outlook.items():
                sheet.set(r, col, formula, style)
        write_total_label(sheet, variance.total, labels("common.total"))
        write_column_totals(sheet, variance.total, variance.first, variance.last, VALUE_COLS, "total_variance")
        write_column_totals(sheet, variance.total, variance.first, variance.last,
                            [COL_YTD_PLAN, COL_YTD_ACTUAL, COL_REMAINING, COL_ESTIMATE], "total_amount")
        write_column_totals(sheet, variance.total, variance.first, variance.last,
                            [COL_YTD_VARIANCE, COL_PROJECTED], "total_variance")
        _outlook_ratios(sheet, variance.total, sheet.ref(plan.total, COL_FY), tolerance, elapsed, labels,
                        total=True)
        _variance_colours(sheet, variance, plan, tolerance, labels)
        b.define("BudgetPlanYTD", sheet.ref(variance.total, COL_YTD_PLAN, True))
        b.define("BudgetActualYTD", sheet.ref(variance.total, COL_YTD_ACTUAL, True))
        b.define("BudgetVarianceYTD", sheet.ref(variance.total, COL_YTD_VARIANCE, True))
        b.define("BudgetRemaining", sheet.ref(variance.total, COL_REMAINING, True))
        b.define("BudgetLatestEstimate", sheet.ref(variance.total, COL_ESTIMATE, True))
        b.define("BudgetProjectedVariance", sheet.ref(variance.total, COL_PROJECTED, True))
        b.define("BudgetPacing", sheet.ref(variance.total, COL_PACING, True))

        # By group -----------------------------------------------------------
        group_inputs = list(budget.groups) + [None] * SPARE_ROWS
        contingency_group = None
        if computed_contingency:
            contingency = labels("budget.contingency")
            if contingency.lower() not in {g.lower() for g in budget.groups}:
                contingency_group = contingency
        heading = variance.total + 2
        plan_groups = _group_block(sheet, ctx, heading, labels("budget.plan_by_group"), group_inputs,
                                   contingency_group, plan, None, widths)
        heading = plan_groups.total + 2
        actual_groups = _group_block(sheet, ctx, heading, labels("budget.actual_by_group"), group_inputs,
                                     contingency_group, actual, plan_groups, widths, reported)
        group_names = sheet.area(plan_groups.first, COL_NAME, plan_groups.first + len(group_inputs) - 1,
                                 COL_NAME, True)
        b.define("BudgetGroupInputs", group_names)
        sheet.add(ListValidation(sheet.area(plan.first, COL_GROUP, input_last, COL_GROUP), source=group_names,
                                 error_title=labels("common.group"), error_message=labels("budget.group_error")))
        b.define("BudgetGroupNames", sheet.area(plan_groups.first, COL_NAME, plan_groups.last, COL_NAME, True))
        b.define("BudgetGroupPlan", sheet.area(plan_groups.first, COL_FY, plan_groups.last, COL_FY, True))
        b.define("BudgetGroupActual", sheet.area(actual_groups.first, COL_FY, actual_groups.last, COL_FY, True))

        print_in_pages(sheet, [COL_Q1, COL_VARIANCE_PCT], last_col=COL_PACING)
        self.plan, self.actual, self.variance = plan, actual, variance
        self.input_last = input_last
        self.plan_groups, self.actual_groups = plan_groups, actual_groups
        self.as_of = as_of

        def ref(row: int, col: int) -> Ref:
            return sheet.ref(row, col, True)

        def lines(block: Block, col1: int, col2: int) -> Area:
            return sheet.area(block.first, col1, block.last, col2, True)

        return BudgetExports(
            month_headers=month_headers,
            line_names=lines(plan, COL_NAME, COL_NAME),
            line_groups=lines(plan, COL_GROUP, COL_GROUP),
            plan_lines=lines(plan, COL_MONTH1, COL_FY),
            actual_lines=lines(actual, COL_MONTH1, COL_FY),
            plan_total=period_area(sheet, plan.total),
            actual_total=period_area(sheet, actual.total),
            variance_total=period_area(sheet, variance.total),
            status=ref(variance.total, COL_STATUS),
            as_of_label=ref(ROW_AS_OF, COL_MONTH1 + 1),
            group_names=sheet.area(plan_groups.first, COL_NAME, plan_groups.last, COL_NAME, True),
            group_plan_year=sheet.area(plan_groups.first, COL_FY, plan_groups.last, COL_FY, True),
            group_actual_year=sheet.area(actual_groups.first, COL_FY, actual_groups.last, COL_FY, True),
            line_owners=lines(plan, COL_OWNER, COL_OWNER),
            line_notes=lines(plan, COL_NOTES, COL_NOTES),
            remaining_lines=lines(variance, COL_REMAINING, COL_REMAINING),
            estimate_lines=lines(variance, COL_ESTIMATE, COL_ESTIMATE),
            pacing_lines=lines(variance, COL_PACING, COL_PACING),
            plan_ytd=ref(variance.total, COL_YTD_PLAN),
            actual_ytd=ref(variance.total, COL_YTD_ACTUAL),
            variance_ytd=ref(variance.total, COL_YTD_VARIANCE),
            remaining=ref(variance.total, COL_REMAINING),
            latest_estimate=ref(variance.total, COL_ESTIMATE),
            projected_variance=ref(variance.total, COL_PROJECTED),
            pacing=ref(variance.total, COL_PACING),
            tolerance=tolerance,
            elapsed_share=elapsed,
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

        def column(block: Block, col: int, last: int | None = None) -> Area:
            return Area(key, block.first, col, block.last if last is None else last, col, True, True)

        plan, actual = self.plan, self.actual
        # amounts on lines without a name: they do not count
        unnamed: list[Expr] = []
        for block, last in ((plan, self.input_last), (actual, actual.last)):
            blank = as_number(column(block, COL_NAME, last).eq(""))
            unnamed += [SUMPRODUCT(blank, ABS(column(block, col, last))) for col in MONTH_COLS]
        # actuals typed after the as-of month: they do not count
        late = [IF(Ref(key, ROW_NUMBERS, col, True, True).gt(self.as_of), SUMPRODUCT(ABS(column(actual, col))), 0)
                for col in MONTH_COLS]
        ytd_actuals = column(self.variance, COL_YTD_ACTUAL)

        label = self.labels
        return [
            difference_check(label("checks.budget_plan_rows"), rows_equal_columns(plan)),
            difference_check(label("checks.budget_plan_quarters"), quarters_add_up(plan)),
            difference_check(label("checks.budget_actual_rows"), rows_equal_columns(actual)),
            difference_check(label("checks.budget_actual_quarters"), quarters_add_up(actual)),
            difference_check(label("checks.budget_plan_groups"), groups_add_up(self.plan_groups, plan)),
            difference_check(label("checks.budget_actual_groups"), groups_add_up(self.actual_groups, actual)),
            not_negative_check(label("checks.budget_negative"), MIN(Name("BudgetPlanInputs"))),
            not_negative_check(label("checks.budget_actual_ytd_negative"), MIN(ytd_actuals)),
            difference_check(label("checks.budget_actual_late"), _sum(late)),
            difference_check(label("checks.budget_unnamed"), _sum(unnamed)),
        ]


def _sum(terms: list[Expr]) -> Expr:
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _set_widths(sheet: SheetModel, budget: Budget, labels) -> dict[int, float]:
    """Columns sized from their content (within bounds); long texts wrap."""
    activities = budget.activities
    name = fitted_width([a.name for a in activities] + [labels("budget.contingency")], 22, 42)
    group = fitted_width([*budget.groups, labels("budget.no_group"), labels("budget.contingency")], 12, 26)
    set_period_widths(sheet, name_width=name, group_width=group)
    owner = fitted_width([a.owner for a in activities] + [labels("common.owner")], 14, 24)
    notes = fitted_width([a.notes for a in activities] + [labels("common.notes")], 14, 40)
    for col in range(COL_YTD_PLAN, COL_PACING + 1):
        sheet.col_widths[col] = 14 if col < COL_VARIANCE_PCT else 16
    sheet.col_widths[COL_OWNER] = max(14, owner)
    sheet.col_widths[COL_NOTES] = max(14, notes)
    return dict(sheet.col_widths)


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


def _write_elapsed(b: Build, sheet: SheetModel, ctx: Context, as_of: Ref) -> Ref:
    """Share of the year elapsed: the as-of month over the number of months (the straight line)."""
    labels = ctx.labels
    sheet.merge(ROW_ELAPSED, COL_NAME, ROW_ELAPSED, COL_GROUP, labels("budget.elapsed"), "label_bold")
    months = sheet.area(ROW_NUMBERS, COL_MONTH1, ROW_NUMBERS, COL_MONTH1 + 11, True)
    elapsed = sheet.set(ROW_ELAPSED, COL_MONTH1, as_of / COLUMNS(months), "pct").absolute()
    sheet.set(ROW_ELAPSED, COL_MONTH1 + 2, labels("budget.elapsed_note"), "note")
    b.define("BudgetElapsedShare", elapsed)
    return elapsed


def _write_tolerance(b: Build, sheet: SheetModel, ctx: Context, budget: Budget) -> Ref:
    labels = ctx.labels
    sheet.merge(ROW_TOLERANCE, COL_NAME, ROW_TOLERANCE, COL_GROUP, labels("budget.tolerance"), "label_bold")
    pct = sheet.set(ROW_TOLERANCE, COL_MONTH1, budget.variance_tolerance_pct, "input_pct").absolute()
    sheet.set(ROW_TOLERANCE, COL_MONTH1 + 2, labels("budget.tolerance_note"), "note")
    sheet.add(NumberValidation(sheet.area(ROW_TOLERANCE, COL_MONTH1, ROW_TOLERANCE, COL_MONTH1),
                               criteria="between", minimum=0, maximum=1,
                               error_title=labels("budget.tolerance"), error_message=labels("budget.pct_error")))
    b.define("VarianceTolerancePct", pct)
    return pct


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


def _lines_and_total(sheet: SheetModel, ctx: Context, block: Block, mask: Expr) -> None:
    """Quarter/year roll-ups and shares for each line (blank while it has no name), and the
    block's total row, the months weighted by ``mask`` (lines with a name)."""
    total = sheet.ref(block.total, COL_FY, True)
    for r in block.rows:
        key = line_key(sheet, r)
        write_rollups(sheet, r, "amount", key)
        write_share(sheet, r, total, "pct", key)
    write_total_label(sheet, block.total, ctx.labels("common.total"))
    write_masked_totals(sheet, block.total, block.first, block.last, MONTH_COLS, mask, "total_amount")
    write_column_totals(sheet, block.total, block.first, block.last, [*QUARTER_COLS, COL_FY], "total_amount")
    write_share(sheet, block.total, total, "total_pct")


def _outlook(to_plan: int, to_actual: int, in_ytd: Expr, tolerance: Ref, elapsed: Ref,
             labels) -> dict[int, tuple[Expr, str]]:
    """A line's year to date and outlook, as formulas every line shares (``to_plan`` and
    ``to_actual``: rows from the variance line to its plan and actual lines): YTD plan, actual,
    variance, %, status, remaining budget, latest estimate, projected variance and pacing."""
    def at(col: int) -> tuple[Offset, Offset, Offset, Offset]:
        """From a formula in ``col``: the line's full-year plan, YTD plan, YTD actual, YTD variance."""
        return (rel(to_plan, COL_FY, col), rel(0, COL_YTD_PLAN, col), rel(0, COL_YTD_ACTUAL, col),
                rel(0, COL_YTD_VARIANCE, col))

    out: dict[int, tuple[Expr, str]] = {}
    plan_ytd = SUMPRODUCT(in_ytd, rel_months(to_plan, COL_YTD_PLAN))
    out[COL_YTD_PLAN] = blank_if_empty(KEY, plan_ytd), "amount"
    # the actual's full year counts the months up to the as-of month: it is the actual to date
    out[COL_YTD_ACTUAL] = rel(to_actual, COL_FY, COL_YTD_ACTUAL), "amount"
    _, ytd_plan, ytd_actual, _ = at(COL_YTD_VARIANCE)
    out[COL_YTD_VARIANCE] = blank_if_empty(KEY, ytd_actual - ytd_plan), "variance"
    plan_year, _, ytd_actual, _ = at(COL_REMAINING)
    out[COL_REMAINING] = blank_if_empty(KEY, plan_year - ytd_actual), "amount"
    plan_year, ytd_plan, ytd_actual, _ = at(COL_ESTIMATE)
    out[COL_ESTIMATE] = blank_if_empty(KEY, ytd_actual + plan_year - ytd_plan), "amount"
    plan_year = at(COL_PROJECTED)[0]
    out[COL_PROJECTED] = blank_if_empty(KEY, rel(0, COL_ESTIMATE, COL_PROJECTED) - plan_year), "variance"
    for col, (formula, style) in _ratios(at, tolerance, elapsed, labels, False).items():
        out[col] = blank_if_empty(KEY, formula), style
    return out


def _ratios(at: Callable[[int], tuple], tolerance: Ref, elapsed: Ref, labels,
            total: bool) -> dict[int, tuple[Expr, str]]:
    """Variance %, status (within the tolerance band: on budget) and pacing of a row; ``at(col)``
    gives the row's full-year plan, YTD plan, YTD actual and YTD variance seen from ``col``."""
    _, ytd_plan, _, variance = at(COL_VARIANCE_PCT)
    pct = variance_pct(variance, ytd_plan)
    _, ytd_plan, _, variance = at(COL_STATUS)
    status = variance_status(variance, ytd_plan, tolerance, labels("budget.on_budget"), labels("budget.favourable"),
                             labels("budget.unfavourable"), higher_is_better=False)
    plan_year, _, ytd_actual, _ = at(COL_PACING)
    straight_line = plan_year * elapsed
    pacing = IF(straight_line.eq(0), "", ytd_actual / straight_line)
    return {COL_VARIANCE_PCT: (pct, "total_variance_pct" if total else "variance_pct"),
            COL_STATUS: (status, "total_flag" if total else "flag"),
            COL_PACING: (pacing, "total_pacing" if total else "pacing")}


def _outlook_ratios(sheet: SheetModel, row: int, plan_year: Ref, tolerance: Ref, elapsed: Ref, labels,
                    total: bool = False) -> None:
    """Variance %, status and pacing of one row (the total row)."""
    def at(col: int) -> tuple[Ref, Ref, Ref, Ref]:
        return (plan_year, sheet.ref(row, COL_YTD_PLAN), sheet.ref(row, COL_YTD_ACTUAL),
                sheet.ref(row, COL_YTD_VARIANCE))

    for col, (formula, style) in _ratios(at, tolerance, elapsed, labels, total).items():
        sheet.set(row, col, formula, style)


def _variance_colours(sheet: SheetModel, variance: Block, plan: Block, tolerance: Ref, labels) -> None:
    """Colour variances by their flag, not their sign: for a cost, spending less than plan by
    more than the tolerance is favourable (green), more is unfavourable (red); inside the band
    a variance is not coloured. Months compare with their own plan; the year, the year to date
    and the projection follow the line's status; pacing beyond the band is red (too fast) or
    amber (too slow)."""
    colour_by_rule(sheet, variance, plan, tolerance, labels, COL_STATUS,
                   (COL_FY, COL_YTD_VARIANCE, COL_VARIANCE_PCT, COL_PROJECTED), higher_is_better=False)
    key = sheet.key
    pacing = Ref(key, variance.first, COL_PACING)
    area = sheet.area(variance.first, COL_PACING, variance.total, COL_PACING)
    sheet.add(FormulaRule(area, "cf_bad", formula=AND(ISNUMBER(pacing), pacing.gt(1 + tolerance))))
    sheet.add(FormulaRule(area, "cf_warn", formula=AND(ISNUMBER(pacing), pacing.lt(1 - tolerance))))
    sheet.add(FormulaRule(area, "cf_good", formula=ISNUMBER(pacing)))


def _group_block(sheet: SheetModel, ctx: Context, heading: int, title: str, group_inputs: list,
                 contingency_group: str | None, lines: Block, plan_groups: Block | None,
                 widths: dict[int, float], reported: dict[int, Expr] | None = None) -> Block:
    """One row per group (inputs with spare rows in the plan's block, mirrored in the actual's;
    then the computed contingency's group; then lines with no group): the block's lines whose
    group column, in the same block, holds the group. Empty group rows show blank."""
    labels = ctx.labels
    write_section(sheet, heading, title, COL_SHARE - 1)
    write_block_headers(sheet, heading, [labels("common.share")])
    names: list[str | None] = [*group_inputs, *([contingency_group] if contingency_group else []), None]
    block = Block(heading + 1, heading + len(names), heading + len(names) + 1)
    group_col = sheet.area(lines.first, COL_GROUP, lines.last, COL_GROUP, absolute=True)
    named = named_mask(sheet, lines.first, lines.last)
    values = {col: Area(sheet.key, lines.first, col, lines.last, col, True, False) for col in MONTH_COLS}
    for i, r in enumerate(block.rows):
        name = names[i]
        last_row = i == len(names) - 1
        is_input = i < len(group_inputs)
        if plan_groups is not None:          # the actual's block mirrors the plan's group names
            sheet.set(r, COL_NO, sheet.ref(plan_groups.first + i, COL_NO), "row_no")
            sheet.set(r, COL_NAME, T(sheet.ref(plan_groups.first + i, COL_NAME)), "label_name")
            if plan_groups.first + i in sheet.row_heights:
                sheet.row_heights[r] = sheet.row_heights[plan_groups.first + i]
        else:
            write_line_number(sheet, r, heading)
            if last_row:
                sheet.set(r, COL_NAME, labels("budget.no_group"), "label")
            else:
                sheet.set(r, COL_NAME, name, "input_name" if is_input else "label")
                fit_row(sheet, r, [(name, widths[COL_NAME])])
        sheet.set(r, COL_GROUP, None, "label")
        key = line_key(sheet, r)
        match = group_col.eq("") if last_row else group_col.eq(key)
        in_group = match * named  # one object for the row, so it is evaluated once
        for col in MONTH_COLS:
            value: Expr = SUMPRODUCT(in_group, values[col])
            if reported is not None:
                value = IF(reported[col], value, 0)
            sheet.set(r, col, value if last_row else blank_if_empty(key, value), "amount")
        write_rollups(sheet, r, "amount", None if last_row else key)
    total = sheet.ref(block.total, COL_FY, True)
    for r in block.rows:
        write_share(sheet, r, total, "pct", line_key(sheet, r))
    write_total_label(sheet, block.total, labels("common.total"))
    write_column_totals(sheet, block.total, block.first, block.last, VALUE_COLS, "total_amount")
    write_share(sheet, block.total, total, "total_pct")
    return block

