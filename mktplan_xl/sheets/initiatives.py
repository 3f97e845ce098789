"""Initiatives (营销策略与举措规划表 and 对齐校验表, seed 003 table 2 and the alignment check).

Blocks, top to bottom:

* the budget cap (input), the initiatives' total, the headroom under the cap,
  the count of initiatives that point to no sub-goal, and ``AlignmentOK``;
* the initiatives in spec order, then spare rows: sub-goal ID, strategy,
  initiative, owner, budget, start, end, KPI, target, actual and budget line
  (inputs), then progress = actual ÷ target, expected progress at the as-of
  date (days since the start ÷ the initiative's days, 0–1), status, the
  sub-goal's and the unit's rows among the goal IDs (exact match) and whether
  the initiative serves a sub-goal;
* budget by goal, one row per goal row of Objectives: the budget of each
  sub-goal's initiatives; for units, the request (initiatives under their
  sub-goals), the share of the cap = cap × contribution ÷ all units'
  contributions (0 when no unit has one), share − request, whether the request
  fits the share, and the priority rank by contribution;
* per budget line of the budget tracker: its full-year plan, the budgets of
  the initiatives drawn from it and the difference; one check per line
  (initiatives ≤ plan) goes to the Summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..formula import (AND, IF, IFERROR, INDEX, ISNUMBER, MAX, MIN, NOT, OR, RANK, SUM, SUMPRODUCT, T, Area,
                       Const, Expr, Ref, as_number, sum_where)
from ..lookups import ExactPosition, SumByRow
from ..model import CellRule, DateValidation, ListValidation, NumberValidation, SheetModel
from ..spec.initiatives import Initiative
from ..spec.objectives import FIRST_DATE, LAST_DATE
from ..textfit import row_height, write_note
from .budget import BudgetExports
from .common import SPARE_ROWS, YEAR_INDEX, write_title
from .objectives import ObjectivesExports
from .protocol import TOLERANCE, Build, Check, DefinedName, Figure, Sheet, flag_check

#: Constants shared by every formula of the sheet (one object each, not one per cell).
EMPTY, ONE, ZERO = Const(""), Const(1), Const(0)

C_NO, C_ID, C_GOAL, C_STRATEGY, C_INITIATIVE, C_OWNER, C_BUDGET, C_START, C_END = range(9)
C_KPI, C_TARGET, C_ACTUAL, C_LINE = range(9, 13)
C_PROGRESS, C_EXPECTED, C_STATUS, C_GOAL_ROW, C_UNIT_ROW, C_ALIGNED = range(13, 19)
LAST_COL = C_ALIGNED
# budget by goal (the columns of the block below the initiatives)
G_ID, G_LEVEL, G_DIM, G_TEXT, G_CONTRIB = C_ID, C_GOAL, C_STRATEGY, C_INITIATIVE, C_OWNER
G_SUB_BUDGET, G_REQUESTED, G_ALLOCATED, G_DIFFERENCE, G_FITS, G_PRIORITY = range(C_BUDGET, C_BUDGET + 6)
# budget lines
L_NAME, L_PLAN, L_DRAWN, L_HEADROOM, L_OK = C_INITIATIVE, C_BUDGET, C_START, C_END, C_KPI
ROW_TOP = 3
#: Budgets with more lines get one check over every line instead of one check per line (see _by_line).
MAX_LINE_CHECKS = 100
ROW_SECTION = 9
ROW_HEADER = 10
FIRST_ROW = 11

#: Extra styles of this sheet (name: base style, changes).
STYLES = {"goals_input_wrap": ("input_wrap", {"valign": "bottom"}), "goals_wrap": ("wrap", {"valign": "bottom"}),
          "goals_note": ("note", {"text_wrap": True, "valign": "top"}),
          "smart_flag": ("count", {"num_format": '"✓";"✓";"✗"', "align": "center"})}

WIDTHS = {C_NO: 5, C_ID: 8, C_GOAL: 16, C_STRATEGY: 24, C_INITIATIVE: 36, C_OWNER: 14, C_BUDGET: 15,
          C_START: 15, C_END: 15, C_KPI: 18, C_TARGET: 13, C_ACTUAL: 13, C_LINE: 22, C_PROGRESS: 10,
          C_EXPECTED: 11, C_STATUS: 12, C_GOAL_ROW: 9, C_UNIT_ROW: 9, C_ALIGNED: 9}


@dataclass(frozen=True)
class InitiativesExports:
    """What the alignment and timeline sheets use. Columns hold the initiatives in spec order,
    then spare rows."""

    ids: Area            # initiative IDs (inputs)
    goals: Area          # sub-goal ID of each initiative (inputs)
    strategies: Area
    names: Area          # what each initiative is
    owners: Area
    budgets: Area
    starts: Area         # dates
    ends: Area           # dates
    kpis: Area
    targets: Area
    progress: Area       # actual ÷ target, or blank
    status: Area
    goal_rows: Area      # position of each initiative's goal among the goal IDs, or blank
    unit_rows: Area      # position of the parent of that goal (the unit of a sub-goal), or blank
    aligned: Area        # 1 when the initiative serves a sub-goal, 0 when not, blank on empty rows


class Initiatives(Sheet):
    key = "initiatives"
    tab = 31
    section = "initiatives"
    uses = ("objectives", "budget")
    names = (
        DefinedName("BudgetCap", "input: what all initiatives together may spend", "initiatives.budget_cap"),
        DefinedName("InitiativeBudgetTotal", "total budget of the initiatives"),
        DefinedName("BudgetCapHeadroom", "BudgetCap − InitiativeBudgetTotal"),
        DefinedName("AlignmentOK", "TRUE when every initiative points to an existing sub-goal and the total "
                    "is within the cap (a blank cap: no cap); one of the checks ChecksOK includes"),
        DefinedName("InitiativeIDs", "input: ID of each initiative (spec order, then spare rows)",
                    "initiatives.items[*].id", "column"),
        DefinedName("InitiativeGoals", "input: sub-goal ID of each initiative", "initiatives.items[*].goal",
                    "column"),
        DefinedName("InitiativeStrategies", "input: strategy of each initiative", "initiatives.items[*].strategy",
                    "column"),
        DefinedName("InitiativeNames", "input: what each initiative is", "initiatives.items[*].initiative",
                    "column"),
        DefinedName("InitiativeOwners", "input: owner of each initiative", "initiatives.items[*].owner", "column"),
        DefinedName("InitiativeBudgets", "input: budget of each initiative", "initiatives.items[*].budget",
                    "column"),
        DefinedName("InitiativeStarts", "input: start date of each initiative", "initiatives.items[*].start",
                    "column"),
        DefinedName("InitiativeEnds", "input: end date of each initiative", "initiatives.items[*].end", "column"),
        DefinedName("InitiativeKPIs", "input: KPI of each initiative", "initiatives.items[*].kpi", "column"),
        DefinedName("InitiativeTargets", "input: KPI target of each initiative", "initiatives.items[*].target",
                    "column"),
        DefinedName("InitiativeActuals", "input: KPI actual of each initiative", "initiatives.items[*].actual",
                    "column"),
        DefinedName("InitiativeBudgetLines", "input: budget-tracker activity each initiative draws from",
                    "initiatives.items[*].budget_line", "column"),
        DefinedName("InitiativeProgress", "actual ÷ target of each initiative; blank while actual is blank"),
        DefinedName("InitiativeExpectedProgress", "expected progress of each initiative at the as-of date"),
        DefinedName("InitiativeStatus", "status of each initiative: achieved, on track, behind, not started"),
        DefinedName("GoalBudgets", "budget of each sub-goal's initiatives (beside GoalIDs; blank on other rows)"),
        DefinedName("UnitRequested", "budget of the initiatives under each unit (beside GoalIDs; blank on rows "
                    "that are not units)"),
        DefinedName("UnitAllocation", "BudgetCap split over the units by contribution (beside GoalIDs; blank "
                    "on rows that are not units)"),
        DefinedName("UnitPriority", "rank of each unit by contribution, 1 = largest (beside GoalIDs)"),
        DefinedName("UnitFits", "whether each unit's request fits its share of the cap (beside GoalIDs)"),
        DefinedName("InitiativeLineDrawn", "budget of the initiatives drawn from each budget line (beside the "
                    "budget tracker's lines)"),
        DefinedName("InitiativeLineHeadroom", "full-year plan − initiatives, per budget line"),
    )

    def build(self, b: Build) -> InitiativesExports:
        ctx = b.ctx
        labels = ctx.labels
        spec = b.spec
        goals: ObjectivesExports = b.uses["objectives"]
        budget: BudgetExports = b.uses["budget"]
        items: list[Initiative] = spec.items
        sheet = b.model.add_sheet(self.key, labels("sheets.initiatives"), tab_color="#7030A0")
        for name, (base, extra) in STYLES.items():
            b.model.styles.setdefault(name, {**b.model.styles[base], **extra})
        write_title(sheet, ctx, labels("initiatives.title"))
        sheet.col_widths.update(WIDTHS)
        self.labels, self.sheet_key = labels, sheet.key
        n = len(items) + SPARE_ROWS
        first, last = FIRST_ROW, FIRST_ROW + n - 1

        def column(col: int, row1: int = first, row2: int = last) -> Area:
            return sheet.area(row1, col, row2, col, True)

        # the initiatives ------------------------------------------------------------
        sheet.merge(ROW_SECTION, C_NO, ROW_SECTION, C_LINE, labels("initiatives.items"), "section")
        sheet.merge(ROW_SECTION, C_PROGRESS, ROW_SECTION, LAST_COL, None, "section")
        headers = {C_NO: labels("common.number")}
        for col, key in ((C_ID, "id"), (C_GOAL, "goal"), (C_STRATEGY, "strategy"), (C_INITIATIVE, "initiative"),
                         (C_OWNER, "owner"), (C_BUDGET, "budget"), (C_START, "start"), (C_END, "end"),
                         (C_KPI, "kpi"), (C_TARGET, "target"), (C_ACTUAL, "actual"), (C_LINE, "budget_line"),
                         (C_PROGRESS, "progress"), (C_EXPECTED, "expected"), (C_STATUS, "status"),
                         (C_GOAL_ROW, "goal_row"), (C_UNIT_ROW, "unit_row"), (C_ALIGNED, "aligned")):
            headers[col] = labels(f"initiatives.{key}")
        for col, text in headers.items():
            sheet.set(ROW_HEADER, col, text, "header")
        sheet.row_heights[ROW_HEADER] = 45
        sheet.freeze = (FIRST_ROW, C_GOAL)
        sheet.repeat_rows = (ROW_HEADER, ROW_HEADER)

        achieved, on_track, behind, not_started = goals.status_texts
        as_of_date = goals.as_of_date
        for i in range(n):
            row = first + i
            _write_inputs(sheet, row, i, items[i] if i < len(items) else None)
            ref = lambda col: sheet.ref(row, col)  # noqa: E731
            key, goal = ref(C_ID), ref(C_GOAL)
            blank = key.eq(EMPTY)
            target, actual, start, end = ref(C_TARGET), ref(C_ACTUAL), ref(C_START), ref(C_END)
            goal_row = sheet.set(row, C_GOAL_ROW, IF(blank, EMPTY, IF(
                goal.eq(EMPTY), EMPTY, IFERROR(ExactPosition(goal, goals.ids), EMPTY))), "count")
            sheet.set(row, C_UNIT_ROW, IF(ISNUMBER(goal_row), INDEX(goals.parent_rows, goal_row), EMPTY), "count")
            sheet.set(row, C_ALIGNED, IF(blank, EMPTY, IF(
                ISNUMBER(goal_row), IF(INDEX(goals.levels, goal_row).eq(goals.level_sub_goal), ONE, ZERO), 0)),
                "smart_flag")
            progress = sheet.set(row, C_PROGRESS, IF(blank, EMPTY, IF(
                AND(ISNUMBER(actual), ISNUMBER(target)), IF(target.eq(0), EMPTY, actual / target), EMPTY)), "pct")
            expected = sheet.set(row, C_EXPECTED, IF(blank, EMPTY, IF(
                AND(ISNUMBER(start), ISNUMBER(end)),
                IF(end.lt(start), EMPTY, MIN(1, MAX(0, (as_of_date - start + 1) / (end - start + 1)))), EMPTY)), "pct")
            sheet.set(row, C_STATUS, IF(blank, EMPTY, IF(
                NOT(ISNUMBER(actual)), not_started,
                IF(ISNUMBER(progress),
                   IF(progress.ge(1), achieved,
                      IF(progress.ge(IF(ISNUMBER(expected), expected, 0)), on_track, behind)), EMPTY))), "flag")

        inputs = {"InitiativeIDs": C_ID, "InitiativeGoals": C_GOAL, "InitiativeStrategies": C_STRATEGY,
                  "InitiativeNames": C_INITIATIVE, "InitiativeOwners": C_OWNER, "InitiativeBudgets": C_BUDGET,
                  "InitiativeStarts": C_START, "InitiativeEnds": C_END, "InitiativeKPIs": C_KPI,
                  "InitiativeTargets": C_TARGET, "InitiativeActuals": C_ACTUAL, "InitiativeBudgetLines": C_LINE,
                  "InitiativeProgress": C_PROGRESS, "InitiativeExpectedProgress": C_EXPECTED,
                  "InitiativeStatus": C_STATUS}
        for name, col in inputs.items():
            b.define(name, column(col))
        ids, budgets, lines = column(C_ID), column(C_BUDGET), column(C_LINE)
        _validations(sheet, labels, headers, first, last, goals.ids, budget.line_names)
        status = sheet.area(first, C_STATUS, last, C_STATUS)
        sheet.add(CellRule(status, "cf_good", criteria="==", value=achieved))
        sheet.add(CellRule(status, "cf_good", criteria="==", value=on_track))
        sheet.add(CellRule(status, "cf_bad", criteria="==", value=behind))
        sheet.add(CellRule(status, "cf_warn", criteria="==", value=not_started))
        sheet.add(CellRule(sheet.area(first, C_ALIGNED, last, C_ALIGNED), "cf_bad", criteria="==", value=0))

        write_note(sheet, last + 1, C_ID, C_LINE, labels("initiatives.progress_note"))

        # cap, total, headroom, alignment ------------------------------------------------
        r = ROW_TOP
        for offset, key in enumerate(("budget_cap", "total", "headroom", "unaligned", "alignment_ok")):
            sheet.merge(r + offset, C_ID, r + offset, C_OWNER, labels(f"initiatives.{key}"), "label_bold")
        cap = sheet.set(r, C_BUDGET, spec.budget_cap, "input_amount").absolute()
        total = sheet.set(r + 1, C_BUDGET, SUM(budgets), "total_amount").absolute()
        headroom = sheet.set(r + 2, C_BUDGET, cap - total, "amount").absolute()
        unaligned = sheet.set(r + 3, C_BUDGET, SUMPRODUCT(as_number(ids.ne(EMPTY))) - SUM(column(C_ALIGNED)),
                              "count").absolute()
        within_cap = OR(NOT(ISNUMBER(cap)), headroom.ge(0))   # a blank cap: no cap
        ok = sheet.set(r + 4, C_BUDGET, AND(unaligned.eq(0), within_cap), "check").absolute()
        sheet.add(NumberValidation(sheet.area(r, C_BUDGET, r, C_BUDGET), criteria=">=", minimum=0,
                                   error_title=labels("initiatives.budget_cap"),
                                   error_message=labels("initiatives.amount_error")))
        sheet.add(CellRule(sheet.area(r + 4, C_BUDGET, r + 4, C_BUDGET), "cf_good", criteria="==", value=True))
        sheet.add(CellRule(sheet.area(r + 4, C_BUDGET, r + 4, C_BUDGET), "cf_bad", criteria="==", value=False))
        sheet.add(CellRule(sheet.area(r + 2, C_BUDGET, r + 3, C_BUDGET), "cf_bad", criteria="<", value=0))
        b.define("BudgetCap", cap)
        b.define("InitiativeBudgetTotal", total)
        b.define("BudgetCapHeadroom", headroom)
        b.define("AlignmentOK", ok)
        self.cap, self.total, self.headroom, self.ok = cap, total, headroom, ok

        # budget by goal, the cap allocated to units -----------------------------------
        row = last + 3
        row = _by_goal(b, sheet, labels, row, goals, column(C_GOAL_ROW), column(C_UNIT_ROW), budgets, cap)

        # budget lines -------------------------------------------------------------------
        drawn_in_spec = {item.budget_line.casefold() for item in items if item.budget_line}
        self.line_checks = _by_line(b, sheet, labels, row + 2, budget, budgets, lines, drawn_in_spec)
        sheet.page.print_area = None
        return InitiativesExports(
            ids=ids, goals=column(C_GOAL), strategies=column(C_STRATEGY), names=column(C_INITIATIVE),
            owners=column(C_OWNER), budgets=budgets, starts=column(C_START), ends=column(C_END),
            kpis=column(C_KPI), targets=column(C_TARGET), progress=column(C_PROGRESS), status=column(C_STATUS),
            goal_rows=column(C_GOAL_ROW), unit_rows=column(C_UNIT_ROW), aligned=column(C_ALIGNED))

    def checks(self) -> list[Check]:
        """AlignmentOK (every initiative serves a sub-goal, the total within the cap), then each budget
        line's headroom over the initiatives drawn on it."""
        alignment = flag_check(self.labels("initiatives.alignment_ok"), self.ok)
        return [alignment] + [Check(label, lambda cell: cell.ge(-TOLERANCE), headroom)
                              for label, headroom in self.line_checks]

    def figures(self) -> list[Figure]:
        labels = self.labels
        return [Figure(labels("initiatives.figure_total"), self.total),
                Figure(labels("initiatives.figure_cap"), self.cap),
                Figure(labels("initiatives.figure_headroom"), self.headroom),
                Figure(labels("initiatives.figure_ok"), self.ok, "check")]


def _write_inputs(sheet: SheetModel, row: int, index: int, item: Initiative | None) -> None:
    sheet.set(row, C_NO, index + 1, "row_no")
    values: dict[int, object] = {}
    if item is not None:
        values = {C_ID: item.id, C_GOAL: item.goal, C_STRATEGY: item.strategy or None,
                  C_INITIATIVE: item.initiative or None, C_OWNER: item.owner or None, C_BUDGET: item.budget,
                  C_START: item.start, C_END: item.end, C_KPI: item.kpi or None, C_TARGET: item.target,
                  C_ACTUAL: item.actual, C_LINE: item.budget_line}
        height = row_height([(item.strategy, WIDTHS[C_STRATEGY]), (item.initiative, WIDTHS[C_INITIATIVE]),
                             (item.owner, WIDTHS[C_OWNER]), (item.kpi, WIDTHS[C_KPI]),
                             (item.budget_line, WIDTHS[C_LINE])])
        if height:
            sheet.row_heights[row] = height
    wrap = "goals_input_wrap"
    styles = {C_ID: "input_text", C_GOAL: "input_text", C_STRATEGY: wrap, C_INITIATIVE: wrap, C_OWNER: wrap,
              C_BUDGET: "input_amount", C_START: "input_date", C_END: "input_date", C_KPI: wrap,
              C_TARGET: "input_count", C_ACTUAL: "input_count", C_LINE: wrap}
    for col, style in styles.items():
        sheet.set(row, col, values.get(col), style)


def _validations(sheet: SheetModel, labels, headers: dict, first: int, last: int, goal_ids: Area,
                 line_names: Area) -> None:
    def rows(col: int) -> Area:
        return sheet.area(first, col, last, col)

    sheet.add(ListValidation(rows(C_GOAL), source=goal_ids, error_title=headers[C_GOAL],
                             error_message=labels("initiatives.goal_error")))
    sheet.add(ListValidation(rows(C_LINE), source=line_names, error_title=headers[C_LINE],
                             error_message=labels("initiatives.line_error")))
    sheet.add(NumberValidation(rows(C_BUDGET), criteria=">=", minimum=0, error_title=headers[C_BUDGET],
                               error_message=labels("initiatives.amount_error")))
    for col in (C_TARGET, C_ACTUAL):
        sheet.add(NumberValidation(rows(col), criteria="between", minimum=-1e15, maximum=1e15,
                                   error_title=headers[col], error_message=labels("initiatives.number_error")))
    sheet.add(DateValidation(rows(C_START), criteria="between", minimum=FIRST_DATE, maximum=LAST_DATE,
                             error_title=headers[C_START], error_message=labels("initiatives.date_error")))
    sheet.add(DateValidation(rows(C_END), criteria=">=", minimum=sheet.ref(first, C_START),
                             error_title=headers[C_END], error_message=labels("initiatives.end_error")))


def _by_goal(b: Build, sheet: SheetModel, labels, row: int, goals: ObjectivesExports, goal_rows: Area,
             unit_rows: Area, budgets: Area, cap: Ref) -> int:
    """One row per goal row of Objectives; returns the block's total row."""
    count = goals.ids.shape[0]
    sheet.merge(row, C_NO, row, G_PRIORITY, labels("initiatives.by_goal"), "section")
    header = row + 1
    texts = {C_NO: labels("common.number"), G_ID: labels("initiatives.id"), G_LEVEL: labels("initiatives.level"),
             G_DIM: labels("initiatives.dimension"), G_TEXT: labels("initiatives.goal_text"),
             G_CONTRIB: labels("initiatives.contribution"), G_SUB_BUDGET: labels("initiatives.subgoal_budget"),
             G_REQUESTED: labels("initiatives.requested"), G_ALLOCATED: labels("initiatives.allocated"),
             G_DIFFERENCE: labels("initiatives.difference"), G_FITS: labels("initiatives.fits"),
             G_PRIORITY: labels("initiatives.priority")}
    for col, text in texts.items():
        sheet.set(header, col, text, "header")
    sheet.row_heights[header] = 45
    first, last = header + 1, header + count
    total_row = last + 1
    total_contribution = sheet.ref(total_row, G_CONTRIB, True)
    contributions = sheet.area(first, G_CONTRIB, last, G_CONTRIB, True)
    unit, sub = goals.level_unit, goals.level_sub_goal
    fits_yes, fits_no = labels("initiatives.fits_yes"), labels("initiatives.fits_no")
    for i in range(count):
        r = first + i
        number = sheet.set(r, C_NO, i + 1, "row_no")
        blank = goals.ids.cell(i).eq(EMPTY)
        sheet.set(r, G_ID, IF(blank, EMPTY, T(goals.ids.cell(i))), "label")
        level = sheet.set(r, G_LEVEL, IF(blank, EMPTY, T(goals.levels.cell(i))), "label")
        sheet.set(r, G_DIM, IF(blank, EMPTY, T(goals.dimensions.cell(i))), "label")
        sheet.set(r, G_TEXT, IF(blank, EMPTY, T(goals.texts.cell(i))), "goals_wrap")
        height = row_height([(_cell_text(goals.texts.cell(i), b), WIDTHS[G_TEXT])])
        if height:
            sheet.row_heights[r] = height
        is_unit = level.eq(unit)
        contribution = goals.contributions.cell(i)
        share = sheet.set(r, G_CONTRIB, IF(is_unit, IF(ISNUMBER(contribution), contribution, 0), EMPTY), "decimal")
        sheet.set(r, G_SUB_BUDGET, IF(level.eq(sub), SumByRow(goal_rows, number, budgets), EMPTY), "amount")
        requested = sheet.set(r, G_REQUESTED, IF(is_unit, SumByRow(unit_rows, number, budgets), EMPTY), "amount")
        allocated = sheet.set(r, G_ALLOCATED, IF(is_unit, IF(total_contribution.eq(0), 0,
                                                             cap * share / total_contribution), EMPTY), "amount")
        sheet.set(r, G_DIFFERENCE, IF(is_unit, allocated - requested, EMPTY), "amount")
        sheet.set(r, G_FITS, IF(is_unit, IF(requested.le(allocated), fits_yes, fits_no), EMPTY), "flag")
        sheet.set(r, G_PRIORITY, IF(is_unit, RANK(share, contributions), EMPTY), "count")
    sheet.set(total_row, C_NO, None, "label_total")
    for col in (G_ID, G_LEVEL, G_DIM, G_FITS, G_PRIORITY):
        sheet.set(total_row, col, None, "label_total")
    sheet.set(total_row, G_TEXT, labels("common.total"), "label_total")
    sheet.set(total_row, G_CONTRIB, SUM(contributions), "label_total")
    for col in (G_SUB_BUDGET, G_REQUESTED, G_ALLOCATED, G_DIFFERENCE):
        sheet.set(total_row, col, SUM(sheet.area(first, col, last, col)), "total_amount")
    fits = sheet.area(first, G_FITS, last, G_FITS)
    sheet.add(CellRule(fits, "cf_good", criteria="==", value=fits_yes))
    sheet.add(CellRule(fits, "cf_bad", criteria="==", value=fits_no))
    write_note(sheet, total_row + 1, G_ID, G_PRIORITY, labels("initiatives.allocation_note"))
    for name, col in (("GoalBudgets", G_SUB_BUDGET), ("UnitRequested", G_REQUESTED),
                      ("UnitAllocation", G_ALLOCATED), ("UnitPriority", G_PRIORITY), ("UnitFits", G_FITS)):
        b.define(name, sheet.area(first, col, last, col, True))
    return total_row + 1


def _by_line(b: Build, sheet: SheetModel, labels, row: int, budget: BudgetExports, budgets: Area,
             lines: Area, drawn_in_spec: set[str]) -> list[tuple[str, Expr]]:
    """Per budget line: full-year plan, initiatives drawn from it, the difference; the checks.

    One check per line. A budget of more than :data:`MAX_LINE_CHECKS` lines gets a check for each
    line an initiative of the spec draws from and one over every line (the smallest difference),
    so the Summary does not list thousands of checks; the table here still has every line.
    """
    names = budget.line_names
    count = names.shape[0]
    sheet.merge(row, C_NO, row, L_OK, labels("initiatives.by_line"), "section")
    header = row + 1
    sheet.set(header, C_NO, labels("common.number"), "header")
    for col, key in ((L_NAME, "line"), (L_PLAN, "line_plan"), (L_DRAWN, "line_drawn"),
                     (L_HEADROOM, "line_headroom"), (L_OK, "line_ok")):
        sheet.set(header, col, labels(f"initiatives.{key}"), "header")
    sheet.row_heights[header] = 30
    first = header + 1
    last = first + count - 1
    every_line = count <= MAX_LINE_CHECKS
    checks: list[tuple[str, Expr]] = []
    unnamed = False
    for i in range(count):
        r = first + i
        sheet.set(r, C_NO, i + 1, "row_no")
        name = sheet.set(r, L_NAME, IF(names.cell(i).eq(EMPTY), EMPTY, T(names.cell(i))), "label")
        plan = sheet.set(r, L_PLAN, SUM(budget.plan_lines.cell(i, YEAR_INDEX)), "amount")  # a spare line's "" is 0
        drawn = sheet.set(r, L_DRAWN, IF(name.eq(EMPTY), ZERO, sum_where(budgets, lines, name)), "amount")
        headroom = sheet.set(r, L_HEADROOM, plan - drawn, "amount").absolute()
        sheet.set(r, L_OK, headroom.ge(-TOLERANCE), "check")
        text = _cell_text(names.cell(i), b)
        if text and (every_line or text.casefold() in drawn_in_spec):
            checks.append((labels("initiatives.check_line", name=text), headroom))
        unnamed |= not text
    if not every_line or unnamed:  # lines named later (spare lines) are covered by one check over all
        checks.append((labels("initiatives.check_lines"),
                       MIN(sheet.area(first, L_HEADROOM, last, L_HEADROOM, True))))
    ok = sheet.area(first, L_OK, last, L_OK)
    sheet.add(CellRule(ok, "cf_good", criteria="==", value=True))
    sheet.add(CellRule(ok, "cf_bad", criteria="==", value=False))
    b.define("InitiativeLineDrawn", sheet.area(first, L_DRAWN, last, L_DRAWN, True))
    b.define("InitiativeLineHeadroom", sheet.area(first, L_HEADROOM, last, L_HEADROOM, True))
    return checks


def _cell_text(ref: Ref, b: Build) -> str:
    """The text a constant cell holds when the workbook is built (a label for a check)."""
    cell = b.model.sheet(ref.sheet).cells.get((ref.row, ref.col))
    return cell.value if cell is not None and isinstance(cell.value, str) else ""

