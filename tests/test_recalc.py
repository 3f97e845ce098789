"""Generated workbooks recalculated in LibreOffice: no errors, cached == recalculated,
key figures == values computed independently from the spec, edits flow through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pytest

from conftest import EXAMPLES
from expected import expected_names
from mktplan_xl import Plan
from mktplan_xl.recalc import recalculate
from xlsx_tools import (Book, defined_name_area, defined_name_cell, formula_cells, is_error, name_value,
                        same, values)

TRICKY = {
    "plan": {"name": "=HYPERLINK(\"http://example.com\",\"x\")", "company": "+cmd|' /C calc'!A0",
             "year": 2028, "fiscal_year_start": 7, "currency": "vnd", "language": "en"},
    "budget": {
        "as_of_month": 0,
        "activities": [
            {"name": "=SUM(A1:A9)", "group": "<5", "plan": [100, None, 300], "actual": [90]},
            {"name": "@risky", "group": "*", "plan": [1] * 12},
            {"name": "-2+3", "group": "<5", "plan": [0.5, 0.25]},
            {"name": "No group line", "plan": [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120],
             "actual": [12, 18, 33, 41, 0, 0, 0, 0, 0, 0, 0, 0]},
        ],
    },
    "sales": {"products": [{"name": "'quoted", "unit": "=1+1", "units": [], "price": []}]},
}


@dataclass
class Case:
    plan: Plan
    source: Path
    recalculated: Path | None = None
    expected: dict | None = None


def _plan_factories() -> dict[str, Callable[[], Plan]]:
    """Each case builds its plan only when the session fixture runs."""
    factories: dict[str, Callable[[], Plan]] = {
        "en-example-fy4": lambda: Plan.from_file(EXAMPLES / "en.yaml"),
        "en-example-fy1": lambda: Plan.from_file(EXAMPLES / "en.yaml", fiscal_year_start=1),
        "vi-example-fy1": lambda: Plan.from_file(EXAMPLES / "vi.yaml"),
        "vi-example-fy4": lambda: Plan.from_file(EXAMPLES / "vi.yaml", fiscal_year_start=4),
        "zh-example": lambda: Plan.from_file(EXAMPLES / "zh.yaml"),
        "zh-example-fy4-millions": lambda: Plan.from_file(EXAMPLES / "zh.yaml", fiscal_year_start=4,
                                                          display_unit=1000000),
        "tricky-text": lambda: Plan.from_dict(TRICKY),
        "zh-example-udfs": lambda: Plan.from_file(EXAMPLES / "zh.yaml"),
    }
    for language in ("en", "vi", "zh"):
        for start in (1, 4):
            factories[f"default-{language}-fy{start}"] = (
                lambda language=language, start=start:
                Plan.default(language=language, year=2027, fiscal_year_start=start))
    return factories


EDITED = "edited-default-vi"


def _edit_inputs(source: Path, target: Path) -> dict[str, float]:
    """Type numbers into the input blocks with openpyxl, as a user would (naming the spare
    lines, and actuals up to the as-of month); returns the totals those numbers must produce."""
    book = openpyxl.load_workbook(source)
    typed: dict[str, float] = {}
    as_of = 5
    for name, prefix in (("BudgetLineNames", "New line"), ("SalesProductNames", "New product")):
        sheet, (c1, r1, c2, r2) = defined_name_area(source, name)
        for r in range(r1, r2 + 1):
            cell = book[sheet].cell(row=r, column=c1)
            if cell.value is None:
                cell.value = f"{prefix} {r}"
    for name, start in (("BudgetPlanInputs", 1000), ("BudgetActualInputs", 700),
                        ("SalesUnitsInputs", 10), ("SalesPriceInputs", 3)):
        sheet, (c1, r1, c2, r2) = defined_name_area(source, name)
        months = as_of if name == "BudgetActualInputs" else 12
        grid = []
        for r in range(r1, r2 + 1):
            row = []
            for c in range(c1, c1 + months):
                value = start + 7 * (r - r1) + (c - c1)
                book[sheet].cell(row=r, column=c, value=value)
                row.append(value)
            grid.append(row)
        typed[name] = grid
    sheet, coordinate = defined_name_cell(source, "AsOfMonth")
    book[sheet][coordinate] = as_of
    book.save(target)
    plan, actual = typed["BudgetPlanInputs"], typed["BudgetActualInputs"]
    units, prices = typed["SalesUnitsInputs"], typed["SalesPriceInputs"]
    return {
        "BudgetPlanTotal": sum(map(sum, plan)),
        "BudgetPlanQ2": sum(sum(row[3:6]) for row in plan),
        "BudgetPlanYTD": sum(sum(row[:5]) for row in plan),
        "BudgetActualYTD": sum(sum(row[:5]) for row in actual),
        "AsOfMonth": 5,
        "RevenuePlanTotal": sum(u * p for ur, pr in zip(units, prices) for u, p in zip(ur, pr)),
        "ChecksOK": True,
    }


@pytest.fixture(scope="session")
def recalculated(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    source_dir = tmp_path_factory.mktemp("generated")
    out_dir = tmp_path_factory.mktemp("recalculated")
    cases = {}
    for key, factory in _plan_factories().items():
        plan = factory()
        path = plan.save(source_dir / f"{key}.xlsx", today=dt.date(2027, 1, 15),
                         udfs=key.endswith("-udfs"))
        cases[key] = Case(plan, path)
    edited = source_dir / f"{EDITED}.xlsx"
    cases[EDITED] = Case(Plan.default(language="vi", fiscal_year_start=4), edited)
    cases[EDITED].expected = _edit_inputs(cases["default-vi-fy4"].source, edited)
    outputs = recalculate([c.source for c in cases.values()], out_dir)
    for case, output in zip(cases.values(), outputs):
        case.recalculated = output
    return cases


CASE_KEYS = list(_plan_factories()) + [EDITED]


@pytest.mark.parametrize("key", CASE_KEYS)
def test_no_error_cells_after_recalculation(recalculated: dict[str, Case], key: str) -> None:
    cells = values(recalculated[key].recalculated)
    errors = {k: v for k, v in cells.items() if is_error(v)}
    assert not errors
    assert len(cells) > 200


@pytest.mark.parametrize("key", [k for k in CASE_KEYS if k != EDITED])
def test_cached_values_equal_recalculated(recalculated: dict[str, Case], key: str) -> None:
    case = recalculated[key]
    cached, fresh = values(case.source), values(case.recalculated)
    formulas = list(formula_cells(case.source))
    assert len(formulas) > 300
    mismatches = [(f.sheet, f.coordinate, f.formula, cached[(f.sheet, f.coordinate)],
                   fresh[(f.sheet, f.coordinate)])
                  for f in formulas if not same(cached[(f.sheet, f.coordinate)], fresh[(f.sheet, f.coordinate)])]
    assert mismatches == []


@pytest.mark.parametrize("key", [k for k in CASE_KEYS if k != EDITED])
def test_defined_names_equal_independent_figures(recalculated: dict[str, Case], key: str) -> None:
    case = recalculated[key]
    expected = expected_names(case.plan.spec)
    fresh, cached = Book(case.recalculated, data_only=True), Book(case.source, data_only=True)
    for name, value in expected.items():
        got = fresh.value(name)
        assert same(got, value, rel=1e-9), f"{name}: LibreOffice {got!r}, expected {value!r}"
        assert same(cached.value(name), value, rel=1e-9), f"{name} cached"


def test_typing_new_inputs_updates_the_totals(recalculated: dict[str, Case]) -> None:
    case = recalculated[EDITED]
    before = name_value(recalculated["default-vi-fy4"].recalculated, "BudgetPlanTotal")
    assert before == 0
    book = Book(case.recalculated, data_only=True)
    for name, value in case.expected.items():
        got = book.value(name)
        assert same(got, value), f"{name}: LibreOffice {got!r}, expected {value!r}"


def test_text_from_the_spec_stays_text(recalculated: dict[str, Case]) -> None:
    case = recalculated["tricky-text"]
    for path in (case.source, case.recalculated):
        book = openpyxl.load_workbook(path)
        texts = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str)}
        for text in ("=SUM(A1:A9)", "@risky", "-2+3", "'quoted", "=1+1",
                     "+cmd|' /C calc'!A0", '=HYPERLINK("http://example.com","x")'):
            assert text in texts, text
        assert Book(path).cell("PlanName").data_type == "s"


def test_groups_with_wildcards_and_operators_sum_exactly(recalculated: dict[str, Case]) -> None:
    """Group names '<5' and '*' would be criteria in SUMIF; the subtotals must still match."""
    book = Book(recalculated["tricky-text"].recalculated, data_only=True)
    groups = {name: value for (name,), (value,) in zip(book.values("BudgetGroupNames"),
                                                       book.values("BudgetGroupPlan")) if name}
    assert groups == {"<5": pytest.approx(400.75), "*": pytest.approx(12), "(no group)": pytest.approx(780)}
