"""Alignment (营销策略与目标对齐总表, seed 003 table 3): the master table, one row per initiative.

Each row: the initiative's enterprise goal, business-unit goal and marketing
sub-goal, strategy, initiative, owner, deadline (its end date), budget, core
metric (KPI), target, progress and status. Everything is a formula: the
initiative's own fields refer to its row of Initiatives; the goals are INDEX
lookups along the chain of rows found by exact match over the goal IDs (the
initiative's sub-goal, that sub-goal's parent, the unit's parent), so the
table follows every edit of either sheet. An initiative that does not
point to a sub-goal shows no goals.
"""

from __future__ import annotations


from ..formula import IF, INDEX, ISNUMBER, Const, Expr, T
from ..model import CellRule
from ..textfit import row_height, write_note
from .common import write_title
from .initiatives import InitiativesExports
from .objectives import ObjectivesExports
from .protocol import Build, DefinedName, Sheet

#: Constants shared by every formula of the sheet (one object each, not one per cell).
EMPTY, ONE, ZERO = Const(""), Const(1), Const(0)

(C_NO, C_ID, C_ENTERPRISE, C_UNIT, C_SUB, C_STRATEGY, C_INITIATIVE, C_OWNER, C_DEADLINE, C_BUDGET, C_METRIC,
 C_TARGET, C_PROGRESS, C_STATUS, C_ENTERPRISE_ROW) = range(15)
LAST_SHOWN = C_STATUS
ROW_NOTE = 2
ROW_HEADER = 4
FIRST_ROW = 5
WIDTHS = {C_NO: 5, C_ID: 8, C_ENTERPRISE: 26, C_UNIT: 24, C_SUB: 24, C_STRATEGY: 20, C_INITIATIVE: 30,
          C_OWNER: 12, C_DEADLINE: 12, C_BUDGET: 14, C_METRIC: 16, C_TARGET: 12, C_PROGRESS: 9, C_STATUS: 12,
          C_ENTERPRISE_ROW: 9}


class _Texts:
    """The texts each row shows when the workbook is built, only to size the rows."""

    def __init__(self, b: Build, goals: ObjectivesExports, items: InitiativesExports):
        self.b, self.goals, self.items = b, goals, items
        count = goals.ids.shape[0]
        self.parents = [self.text(goals.parents.cell(i)).casefold() for i in range(count)]
        self.index: dict[str, int] = {}
        for i in range(count):
            self.index.setdefault(self.text(goals.ids.cell(i)).casefold(), i)
        self.index.pop("", None)

    def text(self, ref) -> str:
        cell = self.b.model.sheet(ref.sheet).cells.get((ref.row, ref.col))
        return cell.value if cell is not None and isinstance(cell.value, str) else ""

    def row(self, i: int) -> dict[int, str]:
        items, text = self.items, self.text
        shown = {C_STRATEGY: text(items.strategies.cell(i)), C_INITIATIVE: text(items.names.cell(i)),
                 C_OWNER: text(items.owners.cell(i)), C_METRIC: text(items.kpis.cell(i))}
        key = text(items.goals.cell(i)).casefold()
        for col in (C_SUB, C_UNIT, C_ENTERPRISE):
            position = self.index.get(key)
            if position is None:
                break
            shown[col] = text(self.goals.texts.cell(position))
            key = self.parents[position]
        return shown


class Alignment(Sheet):
    key = "alignment"
    tab = 32
    uses = ("objectives", "initiatives")
    names = (
        DefinedName("AlignmentTable", "the master table: one row per initiative (as InitiativeIDs), columns "
                    "ID, enterprise goal, unit goal, sub-goal, strategy, initiative, owner, deadline, budget, "
                    "core metric, target, progress, status"),
    )

    def build(self, b: Build) -> None:
        ctx = b.ctx
        labels = ctx.labels
        goals: ObjectivesExports = b.uses["objectives"]
        items: InitiativesExports = b.uses["initiatives"]
        b.model.styles.setdefault("goals_wrap", {**b.model.styles["wrap"], "valign": "bottom"})
        b.model.styles.setdefault("goals_note", {**b.model.styles["note"], "text_wrap": True, "valign": "top"})
        sheet = b.model.add_sheet(self.key, labels("sheets.alignment"), tab_color="#7030A0")
        write_title(sheet, ctx, labels("alignment.title"))
        sheet.col_widths.update(WIDTHS)
        write_note(sheet, ROW_NOTE, 0, C_STATUS, labels("alignment.note"))
        headers = {C_NO: labels("common.number")}
        for col, key in ((C_ID, "id"), (C_ENTERPRISE, "enterprise"), (C_UNIT, "unit"), (C_SUB, "sub_goal"),
                         (C_STRATEGY, "strategy"), (C_INITIATIVE, "initiative"), (C_OWNER, "owner"),
                         (C_DEADLINE, "deadline"), (C_BUDGET, "budget"), (C_METRIC, "metric"),
                         (C_TARGET, "target"), (C_PROGRESS, "progress"), (C_STATUS, "status"),
                         (C_ENTERPRISE_ROW, "enterprise_row")):
            headers[col] = labels(f"alignment.{key}")
        for col, text in headers.items():
            sheet.set(ROW_HEADER, col, text, "header")
        sheet.row_heights[ROW_HEADER] = 45
        sheet.freeze = (FIRST_ROW, C_ENTERPRISE)
        sheet.repeat_rows = (ROW_HEADER, ROW_HEADER)

        count = items.ids.shape[0]
        first, last = FIRST_ROW, FIRST_ROW + count - 1
        texts = _Texts(b, goals, items)
        for i in range(count):
            row = first + i
            sheet.set(row, C_NO, i + 1, "row_no")

            def lookup(area) -> Expr:
                return area.cell(i)          # the initiative's own field, on its row of Initiatives

            initiative_id = lookup(items.ids)
            key = sheet.set(row, C_ID, IF(initiative_id.eq(EMPTY), EMPTY, initiative_id), "label")
            blank = key.eq(EMPTY)

            def put(col: int, value: Expr, style: str) -> Expr:
                return sheet.set(row, col, IF(blank, EMPTY, value), style)

            # the chain of goal rows: the sub-goal's and its unit's from Initiatives, then the unit's parent
            serves = lookup(items.aligned).eq(1)
            sub_row, unit_row = lookup(items.goal_rows), lookup(items.unit_rows)
            has_unit = ISNUMBER(unit_row)
            top_row = put(C_ENTERPRISE_ROW, IF(serves, IF(has_unit, INDEX(goals.parent_rows, unit_row), EMPTY),
                                               EMPTY), "count")
            put(C_SUB, IF(serves, T(INDEX(goals.texts, sub_row)), EMPTY), "goals_wrap")
            put(C_UNIT, IF(serves, IF(has_unit, T(INDEX(goals.texts, unit_row)), EMPTY), EMPTY), "goals_wrap")
            put(C_ENTERPRISE, IF(ISNUMBER(top_row), T(INDEX(goals.texts, top_row)), EMPTY), "goals_wrap")
            put(C_STRATEGY, T(lookup(items.strategies)), "goals_wrap")
            put(C_INITIATIVE, T(lookup(items.names)), "goals_wrap")
            put(C_OWNER, T(lookup(items.owners)), "label")
            end = lookup(items.ends)
            put(C_DEADLINE, IF(ISNUMBER(end), end, EMPTY), "date")
            put(C_BUDGET, lookup(items.budgets), "amount")
            put(C_METRIC, T(lookup(items.kpis)), "label")
            target = lookup(items.targets)
            put(C_TARGET, IF(ISNUMBER(target), target, EMPTY), "count")
            put(C_PROGRESS, lookup(items.progress), "pct")
            put(C_STATUS, lookup(items.status), "flag")
            height = row_height([(text, WIDTHS[col]) for col, text in texts.row(i).items()])
            if height:
                sheet.row_heights[row] = height

        b.define("AlignmentTable", sheet.area(first, C_ID, last, C_STATUS, True))
        achieved, on_track, behind, not_started = goals.status_texts
        status = sheet.area(first, C_STATUS, last, C_STATUS)
        sheet.add(CellRule(status, "cf_good", criteria="==", value=achieved))
        sheet.add(CellRule(status, "cf_good", criteria="==", value=on_track))
        sheet.add(CellRule(status, "cf_bad", criteria="==", value=behind))
        sheet.add(CellRule(status, "cf_warn", criteria="==", value=not_started))
        sheet.page.print_area = (0, 0, last, LAST_SHOWN)
        sheet.page.repeat_rows = (ROW_HEADER, ROW_HEADER)
