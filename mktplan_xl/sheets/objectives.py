"""Objectives (营销目标拆解表, seed 003 table 1): the goal breakdown with progress and a SMART check.

One list of goals in spec order, then spare rows: enterprise goals, business
unit (or product line) goals and marketing sub-goals, linked by their parent
ID and indented by level. Inputs: ID, level, parent, dimension, goal, metric,
unit, baseline, target, current, deadline, relevance, contribution; the
largest stretch that still counts as achievable is an input cell.

Per goal, all formulas over the row:

* parent's row: position of the parent ID among the IDs (exact match), the key
  every other sheet follows up the chain;
* progress = (current − baseline) ÷ (target − baseline), for goals that go up
  or down; blank while current is blank, when target = baseline, or when a
  baseline or target is not a number;
* expected progress = as-of month ÷ months from the start of the fiscal year
  to the deadline's month (at most 1; 1 once the deadline's month is before
  the fiscal year; blank without a deadline);
* status: not started (no current value), achieved (progress ≥ 1), on track
  (progress ≥ expected, 0 without a deadline), behind; with target = baseline:
  achieved when current = target, else behind;
* SMART letters, 1 or 0 — S: goal and metric given; M: unit given, baseline and
  target numbers; A: baseline ≠ 0 and |target − baseline| ÷ |baseline| ≤ the
  largest stretch; R: enterprise goals always, others when the parent exists
  at the level above and (sub-goals) a relevance is given; T: a deadline on or
  after the first day of the fiscal year. Score = S + M + A + R + T, and the
  letters that fail.

Above the list: the settings, the as-of month and date, the choices of the
drop-downs (levels, relevance) and progress by dimension (average progress of
the sub-goals of each dimension that have a progress value).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Optional

from ..formula import (ABS, AND, EDATE, EOMONTH, IF, IFERROR, INDEX, ISNUMBER, MIN, MONTH, NOT, OR, SUMPRODUCT,
                       YEAR, Area, Const, Expr, Name, Ref, as_number)
from ..lookups import ExactPosition
from ..model import CellRule, DateValidation, ListValidation, NumberValidation, SheetModel
from ..spec.objectives import DIMENSIONS, FIRST_DATE, LAST_DATE, LEVELS, RELEVANCE, Goal
from ..textfit import row_height, write_note
from .common import SPARE_ROWS, write_title
from .protocol import Build, DefinedName, Figure, Sheet

# columns of the goal list
#: Constants shared by every formula of the sheet (one object each, not one per cell).
EMPTY, ONE, ZERO = Const(""), Const(1), Const(0)

C_NO, C_ID, C_LEVEL, C_PARENT, C_DIM, C_GOAL, C_METRIC, C_UNIT = range(8)
C_BASE, C_TARGET, C_CURRENT, C_DEADLINE, C_REL, C_CONTRIB = range(8, 14)
C_PROGRESS, C_EXPECTED, C_STATUS = 14, 15, 16
C_S, C_M, C_A, C_R, C_T = range(17, 22)
C_SCORE, C_FAILS, C_PARENT_ROW = 22, 23, 24
LAST_COL = C_PARENT_ROW
# the settings, progress by dimension and the drop-down choices above the list
ROW_SETTINGS = 3
ROW_SECTION = 9
ROW_HEADER = 10
FIRST_ROW = 11
C_SETTING_VALUE = C_DIM     # settings: label over No. … parent, value in the dimension column
C_BY_DIM = C_GOAL           # progress by dimension: dimension, sub-goals, with progress, average
C_LEVEL_CHOICES = C_CURRENT
C_REL_CHOICES = C_REL

WIDTHS = {C_NO: 5, C_ID: 7, C_LEVEL: 16, C_PARENT: 9, C_DIM: 10, C_GOAL: 34, C_METRIC: 18, C_UNIT: 8,
          C_BASE: 10, C_TARGET: 10, C_CURRENT: 10, C_DEADLINE: 11, C_REL: 9, C_CONTRIB: 10,
          C_PROGRESS: 9, C_EXPECTED: 10, C_STATUS: 11, C_S: 3.5, C_M: 3.5, C_A: 3.5, C_R: 3.5, C_T: 3.5,
          C_SCORE: 8, C_FAILS: 9, C_PARENT_ROW: 8}

#: Extra styles of this sheet (name: base style, changes): the goal text indented by level, wrapped
#: texts aligned with the rest of the row, SMART letters shown as ✓ / ✗.
STYLES = {
    "goal_indent_0": ("input_wrap", {"valign": "bottom"}),
    "goal_indent_1": ("input_wrap", {"valign": "bottom", "indent": 1}),
    "goal_indent_2": ("input_wrap", {"valign": "bottom", "indent": 2}),
    "goals_input_wrap": ("input_wrap", {"valign": "bottom"}),
    "goals_note": ("note", {"text_wrap": True, "valign": "top"}),
    "smart_flag": ("count", {"num_format": '"✓";"✓";"✗"', "align": "center"}),
}


@dataclass(frozen=True)
class ObjectivesExports:
    """What the initiative, alignment and timeline sheets use. Columns hold goals in spec
    order, then spare rows."""

    ids: Area                # goal IDs (inputs)
    levels: Area             # level label of each goal (inputs)
    parents: Area            # parent ID of each goal (inputs)
    dimensions: Area         # dimension label of each goal (inputs)
    texts: Area              # goal texts (inputs)
    contributions: Area      # contribution of each unit (inputs)
    parent_rows: Area        # position of each goal's parent among the IDs, or blank
    progress: Area           # progress of each goal, or blank
    status: Area             # status text of each goal
    level_enterprise: Ref    # the label cells the level column is compared with
    level_unit: Ref
    level_sub_goal: Ref
    status_texts: tuple[str, str, str, str]   # achieved, on track, behind, not started
    fiscal_start: Ref        # first day of the fiscal year (date)
    fiscal_end: Ref          # last day of the fiscal year (date)
    as_of_month: Ref         # the budget tracker's as-of month (0-12)
    as_of_date: Ref          # last day of the as-of month (the day before the year for 0)


class Objectives(Sheet):
    key = "objectives"
    tab = 30
    section = "objectives"
    names = (
        DefinedName("MaxStretch", "input: largest |target − baseline| ÷ |baseline| still counted Achievable",
                    "objectives.max_stretch"),
        DefinedName("GoalIDs", "input: ID of each goal (spec order, then spare rows)", "objectives.goals[*].id",
                    "column"),
        DefinedName("GoalLevels", "input: level of each goal, as its label in the plan's language "
                    "(enterprise, unit, sub_goal)", "objectives.goals[*].level", "column"),
        DefinedName("GoalParents", "input: parent ID of each goal", "objectives.goals[*].parent", "column"),
        DefinedName("GoalDimensions", "input: dimension of each goal, as its label (brand, user, sales, "
                    "channel)", "objectives.goals[*].dimension", "column"),
        DefinedName("GoalTexts", "input: what each goal is", "objectives.goals[*].goal", "column"),
        DefinedName("GoalMetrics", "input: metric of each goal", "objectives.goals[*].metric", "column"),
        DefinedName("GoalUnits", "input: unit of each goal's metric", "objectives.goals[*].unit", "column"),
        DefinedName("GoalBaselines", "input: baseline of each goal", "objectives.goals[*].baseline", "column"),
        DefinedName("GoalTargets", "input: target of each goal", "objectives.goals[*].target", "column"),
        DefinedName("GoalCurrent", "input: current value of each goal", "objectives.goals[*].current",
                    "column"),
        DefinedName("GoalDeadlines", "input: deadline of each goal (date)", "objectives.goals[*].deadline",
                    "column"),
        DefinedName("GoalRelevance", "input: strategic relevance of each goal, as its label (high, medium, "
                    "low)", "objectives.goals[*].relevance", "column"),
        DefinedName("GoalContributions", "input: contribution of each unit (weight of the budget split)",
                    "objectives.goals[*].contribution", "column"),
        DefinedName("GoalProgress", "(current − baseline) ÷ (target − baseline) of each goal; blank while "
                    "current is blank or target = baseline"),
        DefinedName("GoalExpectedProgress", "expected progress of each goal at the as-of month"),
        DefinedName("GoalStatus", "status of each goal: achieved, on track, behind, not started"),
        DefinedName("GoalSmartScore", "SMART score of each goal, 0–5"),
        DefinedName("GoalSmartFails", "the SMART letters each goal fails"),
        DefinedName("GoalParentRows", "position of each goal's parent among GoalIDs, or blank"),
        DefinedName("DimensionProgress", "average progress of the sub-goals of each dimension (brand, user, "
                    "sales, channel)"),
    )

    def build(self, b: Build) -> ObjectivesExports:
        ctx = b.ctx
        labels = ctx.labels
        spec = b.spec
        goals: list[Goal] = spec.goals
        sheet = b.model.add_sheet(self.key, labels("sheets.objectives"), tab_color="#7030A0")
        for name, (base, extra) in STYLES.items():
            b.model.styles.setdefault(name, {**b.model.styles[base], **extra})
        write_title(sheet, ctx, labels("objectives.title"))
        sheet.col_widths.update(WIDTHS)
        n = len(goals) + SPARE_ROWS
        first, last = FIRST_ROW, FIRST_ROW + n - 1
        self.labels = labels

        # settings -------------------------------------------------------------
        r = ROW_SETTINGS
        for offset, key in enumerate(("max_stretch", "fiscal_start", "fiscal_end", "as_of", "as_of_date")):
            sheet.merge(r + offset, C_ID, r + offset, C_SETTING_VALUE - 1, labels(f"objectives.{key}"),
                        "label_bold")
        stretch = sheet.set(r, C_SETTING_VALUE, spec.max_stretch, "input_pct").absolute()
        fiscal_start = sheet.set(r + 1, C_SETTING_VALUE, _dt.date(ctx.fiscal.year, ctx.fiscal.start_month, 1),
                                 "date").absolute()
        fiscal_end = sheet.set(r + 2, C_SETTING_VALUE, EDATE(fiscal_start, 12) - 1, "date").absolute()
        as_of = sheet.set(r + 3, C_SETTING_VALUE, Name("AsOfMonth"), "flag").absolute()
        as_of_date = sheet.set(r + 4, C_SETTING_VALUE, EOMONTH(fiscal_start, as_of - 1), "date").absolute()
        b.define("MaxStretch", stretch)
        sheet.add(NumberValidation(sheet.area(r, C_SETTING_VALUE, r, C_SETTING_VALUE), criteria=">=", minimum=0,
                                   error_title=labels("objectives.max_stretch"),
                                   error_message=labels("objectives.stretch_error")))

        # choices (drop-down sources) and the level labels formulas compare with -------
        sheet.set(r, C_LEVEL_CHOICES, labels("objectives.level"), "header")
        sheet.set(r, C_LEVEL_CHOICES + 1, None, "header")
        sheet.set(r, C_REL_CHOICES, labels("objectives.relevance"), "header")
        level_cells = {}
        for i, key in enumerate(LEVELS):
            sheet.merge(r + 1 + i, C_LEVEL_CHOICES, r + 1 + i, C_LEVEL_CHOICES + 1,
                        labels(f"objectives.levels.{key}"), "label")
            level_cells[key] = sheet.ref(r + 1 + i, C_LEVEL_CHOICES, True)
        for i, key in enumerate(RELEVANCE):
            sheet.set(r + 1 + i, C_REL_CHOICES, labels(f"objectives.relevances.{key}"), "label")
        level_choices = sheet.area(r + 1, C_LEVEL_CHOICES, r + len(LEVELS), C_LEVEL_CHOICES, True)
        rel_choices = sheet.area(r + 1, C_REL_CHOICES, r + len(RELEVANCE), C_REL_CHOICES, True)
        ent, unit, sub = level_cells["enterprise"], level_cells["unit"], level_cells["sub_goal"]

        # the goal list ----------------------------------------------------------
        sheet.merge(ROW_SECTION, C_NO, ROW_SECTION, C_CONTRIB, labels("objectives.goals"), "section")
        sheet.merge(ROW_SECTION, C_PROGRESS, ROW_SECTION, C_STATUS, None, "section")
        sheet.merge(ROW_SECTION, C_S, ROW_SECTION, LAST_COL, labels("objectives.smart"), "section")
        headers = {C_NO: labels("common.number"), C_ID: labels("objectives.id"),
                   C_LEVEL: labels("objectives.level"), C_PARENT: labels("objectives.parent"),
                   C_DIM: labels("objectives.dimension"), C_GOAL: labels("objectives.goal"),
                   C_METRIC: labels("objectives.metric"), C_UNIT: labels("objectives.unit"),
                   C_BASE: labels("objectives.baseline"), C_TARGET: labels("objectives.target"),
                   C_CURRENT: labels("objectives.current"), C_DEADLINE: labels("objectives.deadline"),
                   C_REL: labels("objectives.relevance"), C_CONTRIB: labels("objectives.contribution"),
                   C_PROGRESS: labels("objectives.progress"), C_EXPECTED: labels("objectives.expected"),
                   C_STATUS: labels("objectives.status"), C_S: "S", C_M: "M", C_A: "A", C_R: "R", C_T: "T",
                   C_SCORE: labels("objectives.score"), C_FAILS: labels("objectives.fails"),
                   C_PARENT_ROW: labels("objectives.parent_row")}
        for col, text in headers.items():
            sheet.set(ROW_HEADER, col, text, "header")
        sheet.row_heights[ROW_HEADER] = 45
        sheet.freeze = (FIRST_ROW, C_LEVEL)
        sheet.repeat_rows = (ROW_HEADER, ROW_HEADER)

        def column(col: int) -> Area:
            return sheet.area(first, col, last, col, True)

        ids = column(C_ID)
        levels_col = column(C_LEVEL)
        status_texts = tuple(labels(f"objectives.{k}") for k in ("achieved", "on_track", "behind", "not_started"))
        achieved, on_track, behind, not_started = status_texts
        for i in range(n):
            row = first + i
            goal: Optional[Goal] = goals[i] if i < len(goals) else None
            _write_inputs(sheet, labels, row, i, goal)
            ref = lambda col: sheet.ref(row, col)  # noqa: E731
            key = ref(C_ID)
            blank = key.eq(EMPTY)
            level, rel = ref(C_LEVEL), ref(C_REL)
            base, target, current, deadline = ref(C_BASE), ref(C_TARGET), ref(C_CURRENT), ref(C_DEADLINE)
            numbers = AND(ISNUMBER(base), ISNUMBER(target))
            parent = ref(C_PARENT)
            parent_row = sheet.set(row, C_PARENT_ROW, IF(blank, EMPTY, IF(
                parent.eq(EMPTY), EMPTY, IFERROR(ExactPosition(parent, ids), EMPTY))), "count")
            progress = sheet.set(row, C_PROGRESS, IF(blank, EMPTY, IF(
                AND(ISNUMBER(current), ISNUMBER(base), ISNUMBER(target)),
                IF(target.eq(base), EMPTY, (current - base) / (target - base)), EMPTY)), "pct")
            months = (YEAR(deadline) - YEAR(fiscal_start)) * 12 + MONTH(deadline) - MONTH(fiscal_start) + 1
            expected = sheet.set(row, C_EXPECTED, IF(blank, EMPTY, IF(
                ISNUMBER(deadline), IF(months.le(0), 1, MIN(1, as_of / months)), EMPTY)), "pct")
            sheet.set(row, C_STATUS, IF(blank, EMPTY, IF(
                NOT(ISNUMBER(current)), not_started,
                IF(ISNUMBER(progress),
                   IF(progress.ge(1), achieved,
                      IF(progress.ge(IF(ISNUMBER(expected), expected, 0)), on_track, behind)),
                   IF(numbers, IF(current.eq(target), achieved, behind), EMPTY)))), "flag")
            letters = {
                C_S: AND(ref(C_GOAL).ne(EMPTY), ref(C_METRIC).ne(EMPTY)),
                C_M: AND(ref(C_UNIT).ne(EMPTY), ISNUMBER(base), ISNUMBER(target)),
                C_A: IF(numbers, IF(base.eq(0), False, (ABS(target - base) / ABS(base)).le(stretch)), False),
                C_R: IF(level.eq(ent), True, IF(
                    AND(ISNUMBER(parent_row), OR(level.eq(unit), level.eq(sub))),
                    AND(INDEX(levels_col, parent_row).eq(IF(level.eq(unit), ent, unit)),
                        OR(level.eq(unit), rel.ne(EMPTY))),
                    False)),
                C_T: IF(ISNUMBER(deadline), deadline.ge(fiscal_start), False),
            }
            for col, test in letters.items():
                sheet.set(row, col, IF(blank, EMPTY, IF(test, ONE, ZERO)), "smart_flag")
            flags = [ref(col) for col in letters]
            sheet.set(row, C_SCORE, IF(blank, EMPTY, flags[0] + flags[1] + flags[2] + flags[3] + flags[4]),
                      "count")
            fails: Expr = IF(flags[0].eq(1), EMPTY, "S")
            for letter, flag in zip("MART", flags[1:]):
                fails = fails.concat(IF(flag.eq(1), EMPTY, letter))
            sheet.set(row, C_FAILS, IF(blank, EMPTY, fails), "flag")

        # names, drop-downs, validations, formats --------------------------------
        inputs = {"GoalIDs": C_ID, "GoalLevels": C_LEVEL, "GoalParents": C_PARENT, "GoalDimensions": C_DIM,
                  "GoalTexts": C_GOAL, "GoalMetrics": C_METRIC, "GoalUnits": C_UNIT, "GoalBaselines": C_BASE,
                  "GoalTargets": C_TARGET, "GoalCurrent": C_CURRENT, "GoalDeadlines": C_DEADLINE,
                  "GoalRelevance": C_REL, "GoalContributions": C_CONTRIB, "GoalProgress": C_PROGRESS,
                  "GoalExpectedProgress": C_EXPECTED, "GoalStatus": C_STATUS, "GoalSmartScore": C_SCORE,
                  "GoalSmartFails": C_FAILS, "GoalParentRows": C_PARENT_ROW}
        for name, col in inputs.items():
            b.define(name, column(col))

        def rows(col: int) -> Area:
            return sheet.area(first, col, last, col)

        # progress by dimension --------------------------------------------------
        dims = _by_dimension(sheet, labels, levels_col, column(C_DIM), column(C_PROGRESS), sub)
        b.define("DimensionProgress", sheet.area(dims.row1, C_BY_DIM + 3, dims.row2, C_BY_DIM + 3, True))
        self.dimension_progress = [(labels(f"objectives.dimensions.{k}"),
                                    sheet.ref(dims.row1 + i, C_BY_DIM + 3, True)) for i, k in enumerate(DIMENSIONS)]

        sheet.add(ListValidation(rows(C_LEVEL), source=level_choices, error_title=labels("objectives.level"),
                                 error_message=labels("objectives.level_error")))
        sheet.add(ListValidation(rows(C_DIM), source=dims, error_title=labels("objectives.dimension"),
                                 error_message=labels("objectives.dimension_error")))
        sheet.add(ListValidation(rows(C_REL), source=rel_choices, error_title=labels("objectives.relevance"),
                                 error_message=labels("objectives.relevance_error")))
        sheet.add(ListValidation(rows(C_PARENT), source=ids, error_title=labels("objectives.parent"),
                                 error_message=labels("objectives.parent_error")))
        for col in (C_BASE, C_TARGET, C_CURRENT):
            sheet.add(NumberValidation(rows(col), criteria="between", minimum=-1e15, maximum=1e15,
                                       error_title=headers[col], error_message=labels("objectives.number_error")))
        sheet.add(NumberValidation(rows(C_CONTRIB), criteria=">=", minimum=0,
                                   error_title=headers[C_CONTRIB],
                                   error_message=labels("objectives.contribution_error")))
        sheet.add(DateValidation(rows(C_DEADLINE), criteria="between", minimum=FIRST_DATE, maximum=LAST_DATE,
                                 error_title=headers[C_DEADLINE], error_message=labels("objectives.date_error")))
        status = rows(C_STATUS)
        sheet.add(CellRule(status, "cf_good", criteria="==", value=achieved))
        sheet.add(CellRule(status, "cf_good", criteria="==", value=on_track))
        sheet.add(CellRule(status, "cf_bad", criteria="==", value=behind))
        sheet.add(CellRule(status, "cf_warn", criteria="==", value=not_started))
        letters_area = sheet.area(first, C_S, last, C_T)
        sheet.add(CellRule(letters_area, "cf_bad", criteria="==", value=0))
        sheet.add(CellRule(rows(C_SCORE), "cf_good", criteria="==", value=5))
        sheet.add(CellRule(rows(C_SCORE), "cf_warn", criteria="<", value=5))

        notes_row = last + 2
        write_note(sheet, notes_row, C_ID, C_FAILS, labels("objectives.progress_note"))
        write_note(sheet, notes_row + 1, C_ID, C_FAILS, labels("objectives.smart_note"))
        sheet.page.print_area = (0, 0, notes_row + 1, C_FAILS)
        self.goal_rows = (first, last)
        self.sheet_key = sheet.key
        return ObjectivesExports(
            ids=ids, levels=levels_col, parents=column(C_PARENT), dimensions=column(C_DIM), texts=column(C_GOAL),
            contributions=column(C_CONTRIB), parent_rows=column(C_PARENT_ROW), progress=column(C_PROGRESS),
            status=column(C_STATUS), level_enterprise=ent, level_unit=unit, level_sub_goal=sub,
            status_texts=status_texts, fiscal_start=fiscal_start, fiscal_end=fiscal_end,  # type: ignore[arg-type]
            as_of_month=as_of, as_of_date=as_of_date)

    def figures(self) -> list[Figure]:
        labels = self.labels
        first, last = self.goal_rows
        key = self.sheet_key
        scores = Area(key, first, C_SCORE, last, C_SCORE, True, True)
        status = Area(key, first, C_STATUS, last, C_STATUS, True, True)
        figures = [Figure(labels("objectives.figure_progress", dimension=name), cell, "pct")
                   for name, cell in self.dimension_progress]
        figures.append(Figure(labels("objectives.figure_smart"), SUMPRODUCT(as_number(scores.eq(5))), "count"))
        figures.append(Figure(labels("objectives.figure_behind"),
                              SUMPRODUCT(as_number(status.eq(labels("objectives.behind")))), "count"))
        return figures


def _write_inputs(sheet: SheetModel, labels, row: int, index: int, goal: Optional[Goal]) -> None:
    """The input cells of one goal row (blank input cells on spare rows)."""
    sheet.set(row, C_NO, index + 1, "row_no")
    if goal is None:
        values: dict[int, object] = {}
        indent = "goal_indent_0"
    else:
        values = {
            C_ID: goal.id, C_LEVEL: labels(f"objectives.levels.{goal.level}"), C_PARENT: goal.parent,
            C_DIM: labels(f"objectives.dimensions.{goal.dimension}") if goal.dimension else None,
            C_GOAL: goal.goal or None, C_METRIC: goal.metric or None, C_UNIT: goal.unit or None,
            C_BASE: goal.baseline, C_TARGET: goal.target, C_CURRENT: goal.current, C_DEADLINE: goal.deadline,
            C_REL: labels(f"objectives.relevances.{goal.relevance}") if goal.relevance else None,
            C_CONTRIB: goal.contribution,
        }
        indent = f"goal_indent_{LEVELS.index(goal.level)}"
        height = row_height([(goal.goal, WIDTHS[C_GOAL] - 2 * LEVELS.index(goal.level)),
                             (goal.metric, WIDTHS[C_METRIC])])
        if height:
            sheet.row_heights[row] = height
    styles = {C_ID: "input_text", C_LEVEL: "input_choice", C_PARENT: "input_text", C_DIM: "input_choice",
              C_GOAL: indent, C_METRIC: "goals_input_wrap", C_UNIT: "input_text", C_BASE: "input_decimal",
              C_TARGET: "input_decimal", C_CURRENT: "input_decimal", C_DEADLINE: "input_date",
              C_REL: "input_choice", C_CONTRIB: "input_decimal"}
    for col, style in styles.items():
        sheet.set(row, col, values.get(col), style)


def _by_dimension(sheet: SheetModel, labels, levels: Area, dims: Area, progress: Area, sub: Ref) -> Area:
    """Progress by dimension above the list; returns the dimension label cells (drop-down source)."""
    r = ROW_SETTINGS
    for offset, key in enumerate(("dimension", "sub_goals", "measured", "average_progress")):
        sheet.set(r, C_BY_DIM + offset, labels(f"objectives.{key}" if key != "dimension"
                                                else "objectives.by_dimension"), "header")
    is_sub = as_number(levels.eq(sub))
    has_progress = as_number(progress.ne(EMPTY))
    for i, key in enumerate(DIMENSIONS):
        row = r + 1 + i
        label = sheet.set(row, C_BY_DIM, labels(f"objectives.dimensions.{key}"), "label")
        in_dim = as_number(dims.eq(label.absolute()))
        count = sheet.set(row, C_BY_DIM + 1, SUMPRODUCT(is_sub, in_dim), "count")
        measured = sheet.set(row, C_BY_DIM + 2, SUMPRODUCT(is_sub, in_dim, has_progress), "count")
        total = SUMPRODUCT(is_sub, in_dim, progress)
        sheet.set(row, C_BY_DIM + 3, IF(measured.eq(0), EMPTY, total / measured), "pct")
        del count
    sheet.row_heights[r] = 30
    return sheet.area(r + 1, C_BY_DIM, r + len(DIMENSIONS), C_BY_DIM, True)

