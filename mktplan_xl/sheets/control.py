"""Marketing control (KIỂM SOÁT KẾ HOẠCH, seed 001): the four controls of a plan.

Three blocks: the four controls and what each asks (annual-plan,
profitability, efficiency and strategic control); the plan's controls, who
runs them, what they measure and how often (inputs, with spare rows); the
live indicators of this workbook that serve each control: budget variance
and the master check for the annual plan, marketing cost as % of revenue for
profitability, goal and initiative progress for efficiency, goal alignment
for strategy. An indicator whose defined name this workbook does not have
(the goals sheets are optional) shows "—".

The sheet is built after the Summary (it uses it), so every name the
workbook defines is known when the indicators are placed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from ..formula import AVERAGE, IFERROR, Area, Expr, Name, Ref
from ..model import CellRule, ListValidation, SheetModel
from ..spec.analysis import CONTROL_KINDS, FREQUENCIES
from .budget import BudgetExports
from .common import SPARE_ROWS, fit_wrapped_rows, print_range, write_title
from .protocol import Build, DefinedName, Sheet

COL_NO, COL_KIND, COL_TEXT, COL_VALUE, COL_LAST = range(5)

#: Each control's indicators: (label key, defined name or None for the budget status, style).
INDICATORS: dict[str, tuple[tuple[str, Optional[str], str], ...]] = {
    "annual_plan": (("budget_variance", "BudgetVarianceYTD", "amount"),
                    ("budget_status", None, "flag"),
                    ("checks", "ChecksOK", "check")),
    "profitability": (("marketing_pct", "MarketingPctOfRevenue", "pct"),
                      ("revenue", "RevenuePlanTotal", "amount")),
    "efficiency": (("goal_progress", "GoalProgress", "pct"),
                   ("initiative_progress", "InitiativeProgress", "pct")),
    "strategic": (("alignment", "AlignmentOK", "check"),),
}


@dataclass(frozen=True)
class ControlExports:
    """What other sheets may use."""

    kinds: Area          # the control of each row of the plan's controls (inputs)
    indicators: Area     # the live indicators' values


class Control(Sheet):
    key = "control"
    tab = 80
    section = "analysis"
    uses = ("budget", "summary")
    names = (
        DefinedName("ControlKinds", "input: which of the four controls each row is",
                    "analysis.controls[*].kind", "column"),
        DefinedName("ControlOwners", "input: who runs each control", "analysis.controls[*].owner", "column"),
        DefinedName("ControlMeasures", "input: what each control measures", "analysis.controls[*].measures",
                    "column"),
        DefinedName("ControlFrequencies", "input: how often each control is run",
                    "analysis.controls[*].frequency", "column"),
        DefinedName("ControlIndicators", "the live indicators that serve the four controls (values)"),
    )

    def build(self, b: Build) -> ControlExports:
        ctx = b.ctx
        labels = ctx.labels
        controls = b.spec.controls
        budget: BudgetExports = b.uses["budget"]
        sheet = b.model.add_sheet(self.key, labels("sheets.control"), tab_color="#7F6000")
        write_title(sheet, ctx, labels("control.title"))
        sheet.merge(2, 0, 2, COL_LAST, labels("control.note"), "text")
        sheet.row_heights[2] = 45
        sheet.col_widths.update({COL_NO: 5, COL_KIND: 26, COL_TEXT: 50, COL_VALUE: 20, COL_LAST: 14})

        # The four controls ----------------------------------------------------------------
        row = 4
        _band(sheet, row, labels("control.four_title"))
        header = row + 1
        _headers(sheet, header, ["common.number", "control.kind", "control.purpose"], labels)
        sheet.merge(header, COL_TEXT, header, COL_LAST, labels("control.purpose"), "header")
        kinds_first = header + 1
        for i, kind in enumerate(CONTROL_KINDS):
            r = kinds_first + i
            sheet.set(r, COL_NO, i + 1, "row_no")
            sheet.set(r, COL_KIND, labels(f"control.kinds.{kind}"), "label_bold")
            sheet.merge(r, COL_TEXT, r, COL_LAST, labels(f"control.purposes.{kind}"), "wrap")
        kind_names = sheet.area(kinds_first, COL_KIND, kinds_first + len(CONTROL_KINDS) - 1, COL_KIND, True)

        # The plan's controls (inputs) ----------------------------------------------------------
        row = kinds_first + len(CONTROL_KINDS) + 1
        _band(sheet, row, labels("control.controls_title"))
        header = row + 1
        _headers(sheet, header, ["common.number", "control.kind", "control.measures", "control.owner",
                                 "control.frequency"], labels)
        rows = len(controls) + SPARE_ROWS
        first, last = header + 1, header + rows
        for i in range(rows):
            r = first + i
            item = controls[i] if i < len(controls) else None
            sheet.set(r, COL_NO, i + 1, "row_no")
            sheet.set(r, COL_KIND, labels(f"control.kinds.{item.kind}") if item else None, "input_choice")
            sheet.set(r, COL_TEXT, (item.measures or None) if item else None, "input_wrap")
            sheet.set(r, COL_VALUE, (item.owner or None) if item else None, "input_wrap")
            frequency = None
            if item and item.frequency:
                frequency = (labels(f"control.frequencies.{item.frequency}") if item.frequency in FREQUENCIES
                             else item.frequency)
            sheet.set(r, COL_LAST, frequency, "input_wrap")

        def column(col: int) -> Area:
            return sheet.area(first, col, last, col, absolute=True)

        b.define("ControlKinds", column(COL_KIND))
        b.define("ControlMeasures", column(COL_TEXT))
        b.define("ControlOwners", column(COL_VALUE))
        b.define("ControlFrequencies", column(COL_LAST))
        sheet.add(ListValidation(column(COL_KIND), source=kind_names, error_title=labels("control.kind"),
                                 error_message=labels("control.kind_error")))

        # Live indicators -------------------------------------------------------------------------
        row = last + 2
        _band(sheet, row, labels("control.indicators_title"))
        header = row + 1
        _headers(sheet, header, ["common.number", "control.kind", "control.indicator", "control.value"], labels)
        sheet.set(header, COL_LAST, None, "header")
        r = header
        names = b.model.names
        for k, kind in enumerate(CONTROL_KINDS):
            for j, (key, name, style) in enumerate(INDICATORS[kind]):
                r += 1
                sheet.set(r, COL_NO, k + 1 if j == 0 else None, "row_no")
                sheet.set(r, COL_KIND, kind_names.cell(k) if j == 0 else None, "label_bold")
                sheet.set(r, COL_TEXT, labels(f"control.indicators.{key}"), "label")
                value: Union[Expr, str]
                if name is None:
                    value = budget.status
                elif isinstance(names.get(name), Ref):
                    value = Name(name)
                elif isinstance(names.get(name), Area):  # one value per goal or initiative: their average
                    value = IFERROR(AVERAGE(Name(name)), labels("control.not_available"))
                else:
                    value, style = labels("control.not_available"), "flag"
                sheet.set(r, COL_VALUE, value, style)
                sheet.set(r, COL_LAST, None, "label")
        indicators = sheet.area(header + 1, COL_VALUE, r, COL_VALUE, absolute=True)
        b.define("ControlIndicators", indicators)
        sheet.add(CellRule(indicators, "cf_good", criteria="==", value=True))
        sheet.add(CellRule(indicators, "cf_bad", criteria="==", value=False))

        fit_wrapped_rows(sheet)
        sheet.page.landscape = False
        print_range(sheet, r, COL_LAST)
        sheet.page.repeat_rows = (0, 1)
        sheet.freeze = (2, 0)
        return ControlExports(column(COL_KIND), indicators)


def _band(sheet: SheetModel, row: int, text: str) -> None:
    sheet.set(row, 0, text, "section")
    for col in range(1, COL_LAST + 1):
        sheet.set(row, col, None, "section")


def _headers(sheet: SheetModel, row: int, keys: list[str], labels) -> None:
    for col, key in enumerate(keys):
        sheet.set(row, col, labels(key), "header")
    sheet.row_heights[row] = 30
