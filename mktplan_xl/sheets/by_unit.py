"""By unit (roll-ups only): each source plan's totals in its own column, so a group
controller sees who plans what.

Wanted only when the build has ``units`` (``mktplan rollup``). Each unit column
holds that plan's figures as read from its workbook (constants, locked: they
are a record of the sources, not inputs); the Group column and every total are
formulas, and two checks tie the columns to the roll-up's own budget and
revenue totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..formula import MIN, SUM, Name, ratio
from .common import write_title
from .protocol import Build, BuildOptions, Check, DefinedName, Sheet, difference_check, flag_check

COL_LABEL = 0
COL_FIRST_UNIT = 1
ROW_HEADER = 3
ROW_FILE = 4


@dataclass(frozen=True)
class UnitTotals:
    """One source plan's totals, as the "by unit" sheet shows them."""

    label: str                                   # company / plan name
    source: str                                  # file name
    activities: tuple[tuple[str, float], ...]    # full-year plan per budget line (contingency included)
    products: tuple[tuple[str, float], ...]      # full-year revenue plan per product
    actual: float                                # budget actual up to the roll-up's as-of month (BudgetActualTotal)
    as_of_month: int                             # the plan's own as-of month
    checks_ok: bool = True                       # the plan's own ChecksOK

    @classmethod
    def from_json(cls, data: Any) -> "UnitTotals":
        return cls(str(data["label"]), str(data["source"]),
                   tuple((str(n), float(v)) for n, v in data["activities"]),
                   tuple((str(n), float(v)) for n, v in data["products"]),
                   float(data["actual"]), int(data["as_of_month"]), bool(data.get("checks_ok", True)))


def units_from_options(options: Any) -> tuple[UnitTotals, ...]:
    """The units stored in a roll-up's document options (``[]`` in an ordinary plan)."""
    if not isinstance(options, dict):
        return ()
    return tuple(UnitTotals.from_json(u) for u in options.get("units") or ())


@dataclass(frozen=True)
class ByUnitExports:
    unit_names: Any        # the unit headers, one row
    budget_plan: Any       # full-year budget plan per unit, one row (then the group total)
    revenue_plan: Any      # full-year revenue plan per unit, one row (then the group total)


class ByUnit(Sheet):
    key = "by_unit"
    tab = 85
    names = (
        DefinedName("ByUnitNames", "roll-ups: the source plans (units), one per column", optional=True,
                    when="in roll-ups"),
        DefinedName("ByUnitBudgetPlan", "roll-ups: full-year budget plan of each unit", optional=True,
                    when="in roll-ups"),
        DefinedName("ByUnitRevenuePlan", "roll-ups: full-year revenue plan of each unit", optional=True,
                    when="in roll-ups"),
    )

    @classmethod
    def wanted(cls, spec: Any, options: BuildOptions) -> bool:
        return bool(options.units)

    def build(self, b: Build) -> ByUnitExports:
        ctx = b.ctx
        labels = ctx.labels
        units: tuple[UnitTotals, ...] = tuple(b.options.units)
        sheet = b.model.add_sheet(self.key, labels("sheets.by_unit"), tab_color="#7F6000")
        self.labels = labels
        write_title(sheet, ctx, labels("by_unit.title"))
        n = len(units)
        col_group = COL_FIRST_UNIT + n
        sheet.col_widths[COL_LABEL] = 42
        for col in range(COL_FIRST_UNIT, col_group + 1):
            sheet.col_widths[col] = 16
        sheet.set(ROW_HEADER, COL_LABEL, labels("by_unit.unit"), "header_left")
        sheet.set(ROW_FILE, COL_LABEL, labels("by_unit.file"), "label")
        for i, unit in enumerate(units):
            sheet.set(ROW_HEADER, COL_FIRST_UNIT + i, unit.label, "header")
            sheet.set(ROW_FILE, COL_FIRST_UNIT + i, unit.source, "note")
        sheet.set(ROW_HEADER, col_group, labels("by_unit.group"), "header")
        sheet.row_heights[ROW_HEADER] = 45
        sheet.freeze = (ROW_FILE + 1, COL_FIRST_UNIT)
        sheet.repeat_rows = (ROW_HEADER, ROW_FILE)
        if n > 8:
            sheet.page.fit_width = 0

        activity_rows = _ordered([name for unit in units for name, _ in unit.activities])
        product_rows = _ordered([name for unit in units for name, _ in unit.products])

        row = ROW_FILE + 2
        budget_total = self._block(sheet, row, labels("by_unit.budget_by_activity"),
                                   labels("by_unit.total_budget"), activity_rows,
                                   [dict(_folded(u.activities)) for u in units], col_group)
        row = budget_total + 2
        revenue_total = self._block(sheet, row, labels("by_unit.revenue_by_product"),
                                    labels("by_unit.total_revenue"), product_rows,
                                    [dict(_folded(u.products)) for u in units], col_group)
        row = revenue_total + 2
        sheet.set(row, COL_LABEL, labels("by_unit.key_figures"), "section")
        for col in range(COL_FIRST_UNIT, col_group + 1):
            sheet.set(row, col, None, "section")
        actual_row, pct_row, as_of_row, ok_row = row + 1, row + 2, row + 3, row + 4
        sheet.set(actual_row, COL_LABEL, labels("by_unit.actual"), "label")
        sheet.set(pct_row, COL_LABEL, labels("by_unit.marketing_pct"), "label")
        sheet.set(as_of_row, COL_LABEL, labels("by_unit.as_of"), "label")
        sheet.set(ok_row, COL_LABEL, labels("by_unit.checks_ok"), "label")
        self.failing = []
        for i, unit in enumerate(units):
            col = COL_FIRST_UNIT + i
            sheet.set(actual_row, col, unit.actual, "amount")
            sheet.set(pct_row, col, ratio(sheet.ref(budget_total, col), sheet.ref(revenue_total, col)), "pct")
            sheet.set(as_of_row, col, unit.as_of_month, "flag")
            ok = sheet.set(ok_row, col, unit.checks_ok, "check").absolute()
            if not unit.checks_ok:
                self.failing.append((unit.label, ok))
        self.actual_group = sheet.ref(actual_row, col_group, True)
        self.as_of_group = sheet.ref(as_of_row, col_group, True)
        if n:
            units_area = sheet.area(actual_row, COL_FIRST_UNIT, actual_row, col_group - 1)
            sheet.set(actual_row, col_group, SUM(units_area), "total_amount")
            sheet.set(as_of_row, col_group,
                      MIN(sheet.area(as_of_row, COL_FIRST_UNIT, as_of_row, col_group - 1)), "flag")
        sheet.set(pct_row, col_group, ratio(sheet.ref(budget_total, col_group),
                                            sheet.ref(revenue_total, col_group)), "total_pct")

        last_unit = max(col_group - 1, COL_FIRST_UNIT)
        names = sheet.area(ROW_HEADER, COL_FIRST_UNIT, ROW_HEADER, last_unit, True)
        budget = sheet.area(budget_total, COL_FIRST_UNIT, budget_total, last_unit, True)
        revenue = sheet.area(revenue_total, COL_FIRST_UNIT, revenue_total, last_unit, True)
        b.define("ByUnitNames", names)
        b.define("ByUnitBudgetPlan", budget)
        b.define("ByUnitRevenuePlan", revenue)
        self.budget_group = sheet.ref(budget_total, col_group, True)
        self.revenue_group = sheet.ref(revenue_total, col_group, True)
        return ByUnitExports(names, budget, revenue)

    def _block(self, sheet: Any, row: int, title: str, total_label: str, lines: list[str],
               amounts: list[dict[str, float]], col_group: int) -> int:
        """A section: one row per line, one column per unit, the group column and a total row;
        returns the total row."""
        sheet.set(row, COL_LABEL, title, "section")
        for col in range(COL_FIRST_UNIT, col_group + 1):
            sheet.set(row, col, None, "section")
        first = row + 1
        for offset, line in enumerate(lines):
            r = first + offset
            sheet.set(r, COL_LABEL, line, "label")
            for i, unit in enumerate(amounts):
                sheet.set(r, COL_FIRST_UNIT + i, unit.get(line.casefold()), "amount")
            if col_group > COL_FIRST_UNIT:
                sheet.set(r, col_group, SUM(sheet.area(r, COL_FIRST_UNIT, r, col_group - 1)), "amount")
            else:
                sheet.set(r, col_group, 0, "amount")
        total = first + len(lines)
        sheet.set(total, COL_LABEL, total_label, "label_total")
        for col in range(COL_FIRST_UNIT, col_group + 1):
            if lines:
                sheet.set(total, col, SUM(sheet.area(first, col, total - 1, col)), "total_amount")
            else:
                sheet.set(total, col, 0, "total_amount")
        return total

    def checks(self) -> list[Check]:
        label = self.labels
        return [
            difference_check(label("checks.by_unit_budget"), self.budget_group - Name("BudgetPlanTotal")),
            difference_check(label("checks.by_unit_revenue"), self.revenue_group - Name("RevenuePlanTotal")),
            difference_check(label("checks.by_unit_actual"), self.actual_group - Name("BudgetActualTotal")),
            difference_check(label("checks.by_unit_as_of"), self.as_of_group - Name("AsOfMonth")),
        ] + [flag_check(label("checks.by_unit_checks", unit=name), ok) for name, ok in self.failing]


def _ordered(names: list[str]) -> list[str]:
    """Names in first-seen order, one per case-insensitive spelling."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def _folded(pairs: tuple[tuple[str, float], ...]) -> list[tuple[str, Optional[float]]]:
    totals: dict[str, float] = {}
    for name, amount in pairs:
        totals[name.casefold()] = totals.get(name.casefold(), 0.0) + amount
    return list(totals.items())
