"""Media calendar, distribution policy and pricing & break-even recalculated in LibreOffice
(issue 9): every workbook in one run; no error cell; cached == recalculated; the named figures
equal hand arithmetic from the spec; numbers typed into the inputs change the totals and prices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import EXAMPLES
from expected_media import (EDGE, SPARSE, cpm, distribution_costs, expected_distribution, expected_media,
                            expected_pricing, media_lines, region_sales)
from mktplan_xl import Plan
from mktplan_xl.recalc import recalculate
from mktplan_xl.spec import validate_spec
from mktplan_xl.templates import Labels, complete_spec
from xlsx_tools import Book, formula_cells, is_error, same, values

PRICING = ["PricingPrice", "UnitCost", "MarkupPrice", "TargetReturnPrice", "ContributionMargin",
           "ContributionMarginRatio", "BreakevenUnits", "BreakevenRevenue", "MarginOfSafety", "PricingProfit",
           "CompetitorAveragePrice", "PriceIndex"]
EDITED = "edited-vi-example"
TEXT_TYPED = "text-typed-en-example"
#: Text typed (pasted past the validation) into number inputs: (name, row, col, text).
TEXT_EDITS = [("PricingVariableCost", 0, 0, "ten"), ("PricingTargetProfit", 0, 1, "n/a"),
              ("PricingMarkup", 0, 1, "high"), ("PricingCompetitorPrices", 0, 0, "?"),
              ("DistributionPolicyValues", 0, 1, "tbd"), ("DistributionRegionShares", 0, 2, "x"),
              ("CostOfCapital", 0, 0, "?"), ("MediaPlanInputs", 1, 3, "soon"),
              ("MediaImpressionsInputs", 2, 0, "many"),
              ("MediaBudgetLines", 7, 0, "sales PROMOTION"), ("MediaPlanInputs", 7, 0, 1000)]


def _vi_example() -> dict:
    import yaml
    return yaml.safe_load((EXAMPLES / "vi.yaml").read_text(encoding="utf-8"))


def _typed_spec() -> dict:
    """The vi example as the user's typing makes it (see _type_inputs)."""
    data = _vi_example()
    data["media"]["channels"][0]["spend"][0] = 500_000_000      # print: Quảng cáo now over its year plan
    data["media"]["channels"][6]["impressions"][0] = 7_000_000
    data["distribution"]["regions"][0]["sales"] = 10_000_000_000
    data["pricing"]["products"][0]["unit_variable_cost"] = 4500
    data["pricing"]["products"][0]["fixed_costs"] = 500_000_000
    return data


def _type_inputs(source: Path, target: Path) -> None:
    """Type numbers into the named inputs with openpyxl, as a user would."""
    book = Book(source)
    edits = [("MediaPlanInputs", 0, 0, 500_000_000), ("MediaImpressionsInputs", 6, 0, 7_000_000),
             ("DistributionRegionSales", 0, 0, 10_000_000_000), ("PricingVariableCost", 0, 0, 4500),
             ("PricingFixedCosts", 0, 0, 500_000_000)]
    for name, row, col, value in edits:
        book.cell(name, row, col).value = value
    book.book.save(target)


def _factories() -> dict[str, Callable[[], Plan]]:
    return {
        "en-example": lambda: Plan.from_file(EXAMPLES / "en.yaml"),
        "vi-example": lambda: Plan.from_file(EXAMPLES / "vi.yaml"),
        "zh-example-fy4-millions": lambda: Plan.from_file(EXAMPLES / "zh.yaml", fiscal_year_start=4,
                                                          display_unit=1000000),
        "edge-fy7": lambda: Plan.from_dict(EDGE),
        "sparse-fy12": lambda: Plan.from_dict(SPARSE),
        "default-vi": lambda: Plan.default(language="vi", year=2027),
        "default-zh-fy10": lambda: Plan.default(language="zh", year=2027, fiscal_year_start=10),
    }


@dataclass
class Case:
    spec: Any
    source: Path
    recalculated: Path | None = None


@pytest.fixture(scope="module")
def cases(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    folder = tmp_path_factory.mktemp("media")
    found: dict[str, Case] = {}
    for key, factory in _factories().items():
        plan = factory()
        found[key] = Case(plan.spec, plan.save(folder / f"{key}.xlsx", today=dt.date(2027, 1, 15)))
    typed = folder / f"{EDITED}.xlsx"
    _type_inputs(found["vi-example"].source, typed)
    found[EDITED] = Case(validate_spec(complete_spec(_typed_spec())), typed)
    text_typed = folder / f"{TEXT_TYPED}.xlsx"
    book = Book(found["en-example"].source)
    for name, row, col, text in TEXT_EDITS:
        book.cell(name, row, col).value = text
    book.book.save(text_typed)
    found[TEXT_TYPED] = Case(found["en-example"].spec, text_typed)
    outputs = recalculate([c.source for c in found.values()], folder / "out")
    for case, output in zip(found.values(), outputs):
        case.recalculated = output
    return found


ALL = [*_factories(), EDITED, TEXT_TYPED]
GENERATED = list(_factories())


@pytest.mark.parametrize("key", ALL)
def test_no_error_cells(cases: dict[str, Case], key: str) -> None:
    cells = values(cases[key].recalculated)
    assert {k: v for k, v in cells.items() if is_error(v)} == {}


@pytest.mark.parametrize("key", GENERATED)
def test_cached_values_equal_recalculated(cases: dict[str, Case], key: str) -> None:
    case = cases[key]
    cached, fresh = values(case.source), values(case.recalculated)
    mine = {Book(case.source).sheet_of(n).title for n in ("MediaPlanTotal",)}
    formulas = list(formula_cells(case.source))
    assert sum(f.sheet in mine for f in formulas) > 100
    wrong = [(f.sheet, f.coordinate, f.formula, cached[(f.sheet, f.coordinate)], fresh[(f.sheet, f.coordinate)])
             for f in formulas if not same(cached[(f.sheet, f.coordinate)], fresh[(f.sheet, f.coordinate)])]
    assert wrong == []


def _check(expected: Any, got: Any, what: str) -> None:
    if expected is None:                                   # blank input or impossible: blank or a text
        assert got is None or isinstance(got, str), (what, got)
    elif isinstance(expected, bool):
        assert got is expected, (what, got)
    else:
        assert same(got, expected, rel=1e-9), (what, got, expected)


@pytest.mark.parametrize("key, cached", [(key, cached) for key in [*_factories(), EDITED]
                                         for cached in (False, True)
                                         if not (cached and key == EDITED)])  # openpyxl keeps no cached values
def test_named_figures_equal_hand_arithmetic(cases: dict[str, Case], key: str, cached: bool) -> None:
    case = cases[key]
    spec = case.spec
    book = Book(case.source if cached else case.recalculated, data_only=True)
    for name, value in {**expected_media(spec), **expected_distribution(spec)}.items():
        _check(value, book.value(name), name)
    sales = region_sales(spec)
    for j, value in enumerate(sales):
        _check(value, book.values("DistributionSales")[0][j], f"DistributionSales[{j}]")
    costs = book.values("DistributionCosts")
    for i, row in enumerate(distribution_costs(spec)):
        for j, value in enumerate(row):
            _check(value, costs[i][j], f"DistributionCosts[{i}][{j}]")
    assert all(v in (None, "") for row in costs[len(spec.distribution.policies):] for v in row)  # spare rows blank
    for j, product in enumerate(spec.pricing.products):
        assert book.values("PricingProducts")[0][j] == product.name
        for name, value in expected_pricing(spec, j).items():
            _check(value, book.values(name)[0][j], f"{name}[{j}] {product.name}")
    grid = book.values("MediaCPM")
    for i, channel in enumerate(spec.media.channels):
        for m, value in enumerate(cpm(channel.spend, channel.impressions)):
            _check(value, grid[i][m], f"MediaCPM[{i}][{m}]")


@pytest.mark.parametrize("key", ["en-example", "edge-fy7", EDITED])
def test_one_check_per_budget_line_in_the_summary(cases: dict[str, Case], key: str) -> None:
    case = cases[key]
    book = Book(case.recalculated, data_only=True)
    summary = book.sheet_of("ChecksOK")
    labels = Labels(case.spec.plan.language)
    rows = {row[0].value: row for row in summary.iter_rows() if isinstance(row[0].value, str)}
    lines = media_lines(case.spec)
    assert lines
    for name, line in lines.items():
        row = rows[labels("checks.media_line", line=name)]
        headroom = sum(line["plan"]) - sum(line["spend"])
        assert same(row[1].value, headroom), name
        assert row[2].value is (headroom >= -0.005), name
    within = all(sum(x["plan"]) - sum(x["spend"]) >= -0.005 for x in lines.values())
    assert book.value("MediaWithinBudget") is within
    assert book.value("ChecksOK") is (within and key != "edge-fy7")


def test_typing_changes_totals_and_prices(cases: dict[str, Case]) -> None:
    before = Book(cases["vi-example"].recalculated, data_only=True)
    after = Book(cases[EDITED].recalculated, data_only=True)
    assert after.value("MediaPlanTotal") == before.value("MediaPlanTotal") + 500_000_000 - 10_000_000
    assert before.value("MediaWithinBudget") is True and after.value("MediaWithinBudget") is False
    assert after.value("DistributionCostTotal") > before.value("DistributionCostTotal")
    assert after.values("UnitCost")[0][0] == pytest.approx(4500 + 500_000_000 / 953_000)
    assert after.values("BreakevenUnits")[0][0] == pytest.approx(500_000_000 / (6500 - 4500))
    assert after.values("UnitCost")[0][1] == before.values("UnitCost")[0][1]     # the other product unchanged


def test_blank_plan_shows_blank_figures_not_zeros(cases: dict[str, Case]) -> None:
    book = Book(cases["default-vi"].recalculated, data_only=True)
    assert book.values("DistributionCosts")[0] == [0, 0, 0]       # items of the seed, nothing typed yet
    for name in PRICING:
        assert book.values(name)[0][0] in (None, ""), name
    assert book.values("MediaCPM")[0] == [None] * 17
    assert book.value("MediaWithinBudget") is True and book.value("ChecksOK") is True


def test_text_typed_into_number_inputs_shows_a_text_not_an_error(cases: dict[str, Case]) -> None:
    book = Book(cases[TEXT_TYPED].recalculated, data_only=True)
    not_number = Labels("en")("pricing.not_number")
    assert book.values("UnitCost")[0][0] == not_number
    assert book.values("MarkupPrice")[0][0] == not_number and book.values("BreakevenUnits")[0][0] == not_number
    assert book.values("BreakevenUnits")[0][1] == not_number
    assert book.values("MarkupPrice")[0][1] == not_number
    assert book.values("CompetitorAveragePrice")[0][0] == pytest.approx(20)       # the text is skipped
    assert book.values("DistributionCosts")[0][1] == Labels("en")("distribution.not_number")
    assert isinstance(book.value("DistributionCostTotal"), float)
    assert book.value("MediaPlanTotal") == 363000 + 1000               # radio's 0 in month 4 became text
    assert book.value("MediaSpendUnchecked") == 1000                  # a line picked in the workbook
    assert Book(cases["en-example"].recalculated, data_only=True).value("MediaSpendUnchecked") == 0
