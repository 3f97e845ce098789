"""The goal sheets built in Python (no LibreOffice): every named figure against the hand computation
for many specs, the seed's figures, the checks and key figures on the Summary, the layout rules."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES
from goals_cases import TRICKY, check_names, column, random_spec
from goals_expected import budget_figures
from mktplan_xl import Plan
from mktplan_xl.builder import build_model
from mktplan_xl.formula import Expr, render
from mktplan_xl.sheets.initiatives import MAX_LINE_CHECKS
from mktplan_xl.sheets.timeline import MonthCell, RowCell, WeekCell
from mktplan_xl.templates import Labels
from xlsx_tools import Book, name_destination


def plans() -> dict[str, Plan]:
    cases = {f"example-{lang}": Plan.from_file(EXAMPLES / f"{lang}.yaml") for lang in ("en", "vi", "zh")}
    cases["example-zh-fy7"] = Plan.from_file(EXAMPLES / "zh.yaml", fiscal_year_start=7)
    cases["tricky"] = Plan.from_dict(TRICKY)
    cases["blank-vi-fy4"] = Plan.default(language="vi", year=2027, fiscal_year_start=4)
    for seed in range(12):
        cases[f"random-{seed}"] = Plan.from_dict(random_spec(seed, language=("en", "vi", "zh")[seed % 3]))
    return cases


@pytest.mark.parametrize("key", list(plans()))
def test_named_figures_equal_the_hand_computation(key: str) -> None:
    plan = plans()[key]
    model = plan.model()
    assert check_names(model.values_of, model.value_of, plan.spec) == []


def test_seed_003_figures_come_out() -> None:
    """Seed 003: sub-goals 500→650, 8→12, 30→45; initiatives 20 and 15 (10k CNY); a cap of 100 split
    3 : 2 into 60 and 40; the lock needs 35 and fits, the speaker needs 50 and does not."""
    plan = Plan.from_file(EXAMPLES / "zh.yaml")
    model = plan.model()
    labels = Labels("zh")
    goals = [g.id for g in plan.spec.objectives.goals]
    progress = dict(zip(goals, column(model.values_of("GoalProgress"))))
    assert progress["G1"] == pytest.approx((560 - 500) / (650 - 500))
    assert progress["G2"] == pytest.approx((9 - 8) / (12 - 8))
    assert progress["G3"] == pytest.approx((34 - 30) / (45 - 30))
    assert column(model.values_of("InitiativeBudgets"))[:2] == [200000, 150000]
    allocation = dict(zip(goals, column(model.values_of("UnitAllocation"))))
    requested = dict(zip(goals, column(model.values_of("UnitRequested"))))
    assert (allocation["U1"], allocation["U2"]) == (pytest.approx(600000), pytest.approx(400000))
    assert (requested["U1"], requested["U2"]) == (350000, 500000)
    fits = dict(zip(goals, column(model.values_of("UnitFits"))))
    assert (fits["U1"], fits["U2"]) == (labels("initiatives.fits_yes"), labels("initiatives.fits_no"))
    assert model.value_of("BudgetCap") == 1000000 and model.value_of("BudgetCapHeadroom") == 150000
    assert model.value_of("AlignmentOK") is True and model.value_of("ChecksOK") is True


def test_a_goal_that_goes_down_and_one_without_deadline() -> None:
    model = Plan.from_dict(TRICKY).model()
    assert column(model.values_of("GoalProgress"))[0] == pytest.approx(0.375)   # cost 120 → 96, now 111
    scores = column(model.values_of("GoalSmartScore"))
    fails = column(model.values_of("GoalSmartFails"))
    assert scores[1] == 4 and fails[1] == "T"                                    # E2 has no deadline


def test_each_budget_line_has_a_check_on_the_summary_and_checks_ok_follows() -> None:
    plan = Plan.from_dict(TRICKY)
    model = build_model(plan.spec)
    labels = Labels("en")
    summary = [c.value for c in model.sheet("summary").cells.values() if isinstance(c.value, str)]
    for name in ("Ads", "PR*", "<5"):
        assert labels("initiatives.check_line", name=name) in summary
    model.evaluate()
    assert model.value_of("ChecksOK") is False and budget_figures(plan.spec)["lines_ok"] is False
    fixed = copy.deepcopy(TRICKY)
    fixed["initiatives"]["items"][2]["budget"] = 100            # exactly the line's plan
    assert Plan.from_dict(fixed).model().value_of("ChecksOK") is True


def test_a_budget_of_many_lines_gets_one_check_over_all_lines() -> None:
    lines = [{"name": f"Line {i}", "plan": [10]} for i in range(MAX_LINE_CHECKS + 1)]
    spec = {"budget": {"activities": lines},
            "objectives": {"goals": [{"id": "G", "level": "sub_goal"}]},
            "initiatives": {"items": [{"id": "I", "goal": "G", "budget": 11, "budget_line": "Line 7"}]}}
    plan = Plan.from_dict(spec)
    model = plan.model()
    labels = Labels("en")
    checks = [c.value for c in model.sheet("summary").cells.values()
              if isinstance(c.value, str) and c.value.startswith(labels("initiatives.check_line", name="")[:12])]
    assert checks == [labels("initiatives.check_line", name="Line 7"), labels("initiatives.check_lines")]
    assert model.value_of("ChecksOK") is False
    spec["initiatives"]["items"][0]["budget"] = 10
    assert Plan.from_dict(spec).model().value_of("ChecksOK") is True


def test_summary_shows_progress_by_dimension_and_the_budget_against_the_cap() -> None:
    model = Plan.from_file(EXAMPLES / "en.yaml").model()
    labels = Labels("en")
    texts = [c.value for c in model.sheet("summary").cells.values() if isinstance(c.value, str)]
    for key in ("brand", "user", "sales", "channel"):
        assert labels("objectives.figure_progress", dimension=labels(f"objectives.dimensions.{key}")) in texts
    for key in ("figure_total", "figure_cap", "figure_headroom", "figure_ok"):
        assert labels(f"initiatives.{key}") in texts


def test_compact_chart_cells_render_and_evaluate_as_their_formula_objects() -> None:
    model = build_model(Plan.from_dict(TRICKY).spec)
    model.evaluate()
    names = model.sheet_names
    counts = {WeekCell: 0, MonthCell: 0}
    for (row, col), cell in model.sheet("timeline").cells.items():
        if isinstance(cell.value, RowCell):
            formula = cell.value.formula()
            assert isinstance(formula, Expr) and not isinstance(formula, RowCell)
            for sheet in ("timeline", "summary"):
                assert render(cell.value, sheet, names) == render(formula, sheet, names)
            got, want = cell.value.evaluate(model.evaluator), formula.evaluate(model.evaluator)
            assert got == want and type(got) is type(want)
            counts[type(cell.value)] += 1
    assert counts == {WeekCell: 53 * 10, MonthCell: 12 * 10}


def test_inputs_are_named_with_their_spec_fields_and_the_chart_is_drawn_from_the_dates(tmp_path: Path) -> None:
    path = Plan.from_dict(TRICKY).save(tmp_path / "t.xlsx")
    book = Book(path)
    fields = {"GoalCurrent": "objectives.goals[*].current", "InitiativeActuals": "initiatives.items[*].actual",
              "InitiativeBudgets": "initiatives.items[*].budget", "InitiativeStarts": "initiatives.items[*].start",
              "BudgetCap": "initiatives.budget_cap", "MaxStretch": "objectives.max_stretch"}
    from mktplan_xl import names
    catalogue = {e.name: e.info.field for e in names.catalogue()}
    for name, field in fields.items():
        assert catalogue[name] == field
        for row in book.cells(name):
            for cell in row:
                assert cell.protection.locked is False
    starts = book.cells("InitiativeStarts")
    assert starts[0][0].value == dt.datetime(2026, 6, 15) and starts[0][0].number_format != "General"
    gantt = book.sheet_of("TimelineGantt")
    _, (c1, r1, c2, r2) = name_destination(book.book, "TimelineGantt")
    rules = [rule for cf in gantt.conditional_formatting for rule in cf.rules if rule.type == "expression"]
    start_col = openpyxl.utils.get_column_letter(c1 - 3)   # start, end and days sit left of the chart
    assert any(f"${start_col}{r1}<=" in rule.formula[0] for rule in rules), [r.formula for r in rules]
    assert book.sheet_of("GoalIDs").title == Labels("en")("sheets.objectives")


@pytest.mark.parametrize("seed", range(4))
def test_indexed_lookups_render_and_evaluate_as_their_formulas(seed: int) -> None:
    from mktplan_xl.lookups import ExactPosition, SumByRow

    spec = random_spec(100 + seed, language="en")
    goals, items = spec["objectives"]["goals"], spec["initiatives"]["items"]

    def rename(index: int, new: str) -> None:
        old = goals[index]["id"]
        goals[index]["id"] = new
        for goal in goals:
            if goal.get("parent") == old:
                goal["parent"] = new.lower()                 # ids match ignoring case
        for item in items:
            if item["goal"] == old:
                item["goal"] = new.upper()

    if seed == 0:
        rename(1, "Đơn vị 1")                               # not ASCII: the formula itself decides
    rename(2, f"u*?~{seed}")                                # wildcards are taken literally
    rename(3, f"g{seed}")
    model = build_model(Plan.from_dict(spec).spec)
    model.evaluate()
    names = model.sheet_names
    found = {ExactPosition: 0, SumByRow: 0}
    for sheet in ("objectives", "initiatives"):
        for cell in model.sheet(sheet).cells.values():
            stack = [cell.value]
            while stack:
                node = stack.pop()
                if isinstance(node, (ExactPosition, SumByRow)):
                    got, want = node.evaluate(model.evaluator), node.call.evaluate(model.evaluator)
                    assert got == want and type(got) is type(want), (got, want)
                    assert render(node, sheet, names) == render(node.call, sheet, names)
                    found[type(node)] += 1
                elif isinstance(node, Expr):
                    stack.extend(node.children())
    assert found[ExactPosition] > 50 and found[SumByRow] > 20
