"""The goal sheets recalculated in LibreOffice, en, vi and zh, in one batched run: no error cell,
cached == recalculated, every named figure equal to the hand computation, and values typed into the
named inputs (current, actual, budget, dates, a new initiative in a spare row, the cap) flowing
through progress, status, headroom, the checks and the Gantt cells."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import openpyxl
import pytest

from conftest import EXAMPLES
from goals_cases import TRICKY, check_names, column, random_spec
from goals_expected import SPARE, budget_figures
from mktplan_xl import Plan
from mktplan_xl.recalc import recalculate
from mktplan_xl.spec import read_spec_file
from mktplan_xl.templates import Labels
from xlsx_tools import Book, formula_cells, is_error, name_destination, same, values


@dataclass
class Case:
    plan: Plan                  # what the recalculated workbook must show (edits included)
    source: Path
    recalculated: Optional[Path] = None
    edited: bool = False


#: Typed into the zh example with openpyxl, as a user would: (defined name, row, value) and the same
#: change to the spec, so the expected figures come from the hand computation of the edited spec.
EDITS: list[tuple[str, int, Any, str, str]] = [
    ("GoalCurrent", 3, 650, "objectives.goals", "current"),                       # G1 reaches its target
    ("InitiativeActuals", 0, 6000000, "initiatives.items", "actual"),             # I1 beats its target
    ("InitiativeBudgets", 2, 700000, "initiatives.items", "budget"),              # I3 overdraws its line
    ("InitiativeStarts", 0, dt.date(2027, 8, 1), "initiatives.items", "start"),   # I1 starts a month early
    ("InitiativeEnds", 3, dt.date(2027, 12, 31), "initiatives.items", "end"),     # I4 runs to the year end
]
NEW_ITEM = {"id": "I5", "goal": "G1", "strategy": "限时促销", "initiative": "五一门锁限时立减", "owner": "电商经理",
            "budget": 50000, "start": dt.date(2027, 4, 20), "end": dt.date(2027, 5, 5), "kpi": "销量",
            "target": 2000, "actual": 2500, "budget_line": "智能门锁以旧换新促销"}
NEW_ITEM_NAMES = {"id": "InitiativeIDs", "goal": "InitiativeGoals", "strategy": "InitiativeStrategies",
                  "initiative": "InitiativeNames", "owner": "InitiativeOwners", "budget": "InitiativeBudgets",
                  "start": "InitiativeStarts", "end": "InitiativeEnds", "kpi": "InitiativeKPIs",
                  "target": "InitiativeTargets", "actual": "InitiativeActuals",
                  "budget_line": "InitiativeBudgetLines"}
NEW_CAP = 1200000


def _type(book: openpyxl.Workbook, name: str, row: int, value: Any) -> None:
    sheet, (c1, r1, _, _) = name_destination(book, name)
    cell = book[sheet].cell(row=r1 + row, column=c1)
    cell.value = dt.datetime.combine(value, dt.time()) if isinstance(value, dt.date) else value


def _edited_copy(source: Path, target: Path) -> Plan:
    """Type the edits into a copy of the zh example; returns the plan those edits make."""
    book = openpyxl.load_workbook(source)
    data = read_spec_file(EXAMPLES / "zh.yaml")
    for name, row, value, where, key in EDITS:
        _type(book, name, row, value)
        section, items = where.split(".")
        data[section][items][row][key] = value
    row = len(data["initiatives"]["items"])                     # the first spare row
    for key, name in NEW_ITEM_NAMES.items():
        _type(book, name, row, NEW_ITEM[key])
    data["initiatives"]["items"].append(copy.deepcopy(NEW_ITEM))
    _type(book, "BudgetCap", 0, NEW_CAP)
    data["initiatives"]["budget_cap"] = NEW_CAP
    book.save(target)
    return Plan.from_dict(data)


def _factories() -> dict:
    cases = {f"example-{lang}": (lambda lang=lang: Plan.from_file(EXAMPLES / f"{lang}.yaml"))
             for lang in ("en", "vi", "zh")}
    cases["example-vi-fy10"] = lambda: Plan.from_file(EXAMPLES / "vi.yaml", fiscal_year_start=10)
    cases["tricky-en"] = lambda: Plan.from_dict(TRICKY)
    tricky_zh = copy.deepcopy(TRICKY)
    tricky_zh["plan"].update(language="zh", currency="CNY")
    cases["tricky-zh"] = lambda: Plan.from_dict(tricky_zh)
    cases["random-vi"] = lambda: Plan.from_dict(random_spec(7, language="vi"))
    cases["blank-zh-fy4"] = lambda: Plan.default(language="zh", year=2027, fiscal_year_start=4)
    return cases


EDITED = "edited-zh"
KEYS = [*_factories(), EDITED]


@pytest.fixture(scope="module")
def goal_books(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    source_dir, out_dir = tmp_path_factory.mktemp("goals"), tmp_path_factory.mktemp("goals-recalculated")
    cases = {key: Case(plan, plan.save(source_dir / f"{key}.xlsx", today=dt.date(2027, 3, 15)))
             for key, plan in ((k, f()) for k, f in _factories().items())}
    edited = source_dir / f"{EDITED}.xlsx"
    cases[EDITED] = Case(_edited_copy(cases["example-zh"].source, edited), edited, edited=True)
    for case, output in zip(cases.values(), recalculate([c.source for c in cases.values()], out_dir)):
        case.recalculated = output
    return cases


@pytest.mark.parametrize("key", KEYS)
def test_no_error_cell_and_cached_equals_recalculated(goal_books: dict[str, Case], key: str) -> None:
    case = goal_books[key]
    fresh = values(case.recalculated)
    assert {k: v for k, v in fresh.items() if is_error(v)} == {}
    if case.edited:
        return
    cached = values(case.source)
    mismatches = [(f.sheet, f.coordinate, f.formula, cached[(f.sheet, f.coordinate)], fresh[(f.sheet, f.coordinate)])
                  for f in formula_cells(case.source)
                  if not same(cached[(f.sheet, f.coordinate)], fresh[(f.sheet, f.coordinate)])]
    assert mismatches == []


@pytest.mark.parametrize("key", KEYS)
def test_named_figures_equal_the_hand_computation(goal_books: dict[str, Case], key: str) -> None:
    case = goal_books[key]
    book = Book(case.recalculated, data_only=True)
    spare = SPARE - 1 if case.edited else SPARE                # one initiative typed into a spare row
    assert check_names(book.values, book.value, case.plan.spec, spare) == []
    assert book.value("ChecksOK") is budget_figures(case.plan.spec)["lines_ok"]   # the other checks pass


def test_seed_003_figures_after_recalculation(goal_books: dict[str, Case]) -> None:
    book = Book(goal_books["example-zh"].recalculated, data_only=True)
    labels = Labels("zh")
    ids = column(book.values("GoalIDs"))
    progress = dict(zip(ids, column(book.values("GoalProgress"))))
    assert (progress["G1"], progress["G2"], progress["G3"]) == (
        pytest.approx(0.4), pytest.approx(0.25), pytest.approx(4 / 15))
    allocation = dict(zip(ids, column(book.values("UnitAllocation"))))
    requested = dict(zip(ids, column(book.values("UnitRequested"))))
    fits = dict(zip(ids, column(book.values("UnitFits"))))
    assert (allocation["U1"], allocation["U2"]) == (pytest.approx(600000), pytest.approx(400000))
    assert (requested["U1"], requested["U2"]) == (pytest.approx(350000), pytest.approx(500000))
    assert (fits["U1"], fits["U2"]) == (labels("initiatives.fits_yes"), labels("initiatives.fits_no"))
    assert column(book.values("InitiativeBudgets"))[:2] == [200000, 150000]
    assert book.value("BudgetCapHeadroom") == pytest.approx(150000) and book.value("AlignmentOK") is True
    assert book.value("ChecksOK") is True


def test_typed_inputs_change_progress_status_headroom_checks_and_the_chart(goal_books: dict[str, Case]) -> None:
    before = Book(goal_books["example-zh"].recalculated, data_only=True)
    after = Book(goal_books[EDITED].recalculated, data_only=True)
    labels = Labels("zh")
    assert column(after.values("GoalProgress"))[3] == pytest.approx(1.0) != column(before.values("GoalProgress"))[3]
    assert column(after.values("GoalStatus"))[3] == labels("objectives.achieved")
    assert column(after.values("InitiativeProgress"))[0] == pytest.approx(1.2)
    assert column(after.values("InitiativeStatus"))[0] == labels("objectives.achieved")
    assert column(after.values("InitiativeStatus"))[4] == labels("objectives.achieved")   # the new initiative
    total = 200000 + 150000 + 700000 + 50000
    assert after.value("InitiativeBudgetTotal") == pytest.approx(total)
    assert after.value("BudgetCapHeadroom") == pytest.approx(NEW_CAP - total)
    assert after.value("AlignmentOK") is True
    assert after.value("ChecksOK") is False                    # I3 draws 700,000 from a 500,000 line
    chart_before, chart_after = before.values("TimelineGantt"), after.values("TimelineGantt")
    assert chart_before[0] != chart_after[0] and chart_before[3] != chart_after[3]
    assert [w for w, v in enumerate(chart_after[4]) if v == 1] == [15, 16, 17]        # 20 Apr – 5 May
    assert column(after.values("TimelineDays"))[0] == 61
