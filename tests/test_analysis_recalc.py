"""The analysis and control sheets recalculated in LibreOffice (en, vi, zh, blank plans, edge cases
and inputs typed with openpyxl), all in one run: no error cell, cached == recalculated, the
defined names equal figures computed independently from the spec, typed inputs flow through,
and another life-cycle stage changes the recommendations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

import openpyxl
import pytest

from analysis_expected import STAGES, expected_analysis, pest_scores, top_factors, top_scores
from conftest import EXAMPLES
from mktplan_xl import Plan
from mktplan_xl.recalc import recalculate
from mktplan_xl.templates import Labels
from xlsx_tools import formula_cells, is_error, name_destination, same, values
from xlsx_tools import name_value as _value, named_column as _column

EDGE = {
    "plan": {"language": "en", "year": 2028, "fiscal_year_start": 7, "check_tolerance": 0.001},
    "analysis": {
        "pest": {"framework": "slept", "factors": [
            {"area": "social", "factor": "=SUM(A1:A2) looks like a formula", "impact": 3, "likelihood": 4,
             "effect": "threat"},
            {"area": "legal", "factor": "Ties with the first: 4 × 3", "impact": 4, "likelihood": 3,
             "effect": "opportunity"},
            {"area": "economic", "factor": "No likelihood yet", "impact": 5},
            {"area": "political", "factor": "Long " + "x" * 995, "impact": 5, "likelihood": 5},
            {"area": "technological", "factor": "Lowest", "impact": 1, "likelihood": 1, "effect": "threat"},
            *({"area": "economic", "factor": f"Filler {i}", "impact": 2, "likelihood": 2} for i in range(9)),
        ]},
        "swot": {
            "strengths": [{"factor": "S1", "weight": 0.5, "rating": 4}, {"factor": "S2 has no rating", "weight": 0.2}],
            "weaknesses": [{"factor": "W1", "weight": 0.2, "rating": 1}],     # internal weights 0.9: not OK
            "opportunities": [{"factor": "O1 has nothing"}],
            "threats": [{"factor": "T*?<1", "rating": 2}],                   # no external weights: passes
            "strategies": {"WT": ["Only a WT strategy"]},
            "threshold": 2,
        },
        "competitors": [{"name": "A", "share": 0.6, "kind": "direct", "level": "high"},
                        {"name": "<5", "share": 0.5, "kind": "indirect"}],
        "our_company": {"share": 0.1},                                      # 120 % in all: not OK
        "life_cycle": {"stage": "decline"},
        "controls": [],
    },
}

BALANCED = {
    "plan": {"language": "zh", "year": 2027, "fiscal_year_start": 4},
    "analysis": {
        "pest": {"framework": "STEEPLE", "factors": [
            {"area": "ethical", "factor": "公平贸易", "impact": 2, "likelihood": 5, "effect": "opportunity"},
            {"area": "environmental", "factor": "气候", "impact": 5, "likelihood": 2, "effect": "threat"}]},
        "swot": {
            "strengths": [{"factor": "S", "weight": 0.3, "rating": 4}, {"factor": "S2", "weight": 0.3, "rating": 3}],
            "weaknesses": [{"factor": "W", "weight": 0.4, "rating": 2}],
            "opportunities": [{"factor": "O", "weight": 0.35, "rating": 1}],
            "threats": [{"factor": "T", "weight": 0.65, "rating": 2}],
        },
        "competitors": [{"name": "X", "share": 0.55}, {"name": "Y", "share": 0.45}],
        "life_cycle": {},
    },
}


def _cases() -> dict[str, Callable[[], Plan]]:
    return {
        "en-example": lambda: Plan.from_file(EXAMPLES / "en.yaml"),
        "vi-example": lambda: Plan.from_file(EXAMPLES / "vi.yaml"),
        "zh-example-fy7": lambda: Plan.from_file(EXAMPLES / "zh.yaml", fiscal_year_start=7),
        "default-en": lambda: Plan.default(language="en", year=2027),
        "default-vi": lambda: Plan.default(language="vi", year=2027),
        "edge-en": lambda: Plan.from_dict(EDGE),
        "balanced-zh": lambda: Plan.from_dict(BALANCED),
    }


def _cell(book: openpyxl.Workbook, name: str, row: int = 0) -> Any:
    """The ``row``-th cell of a defined name, in a workbook loaded for editing."""
    sheet, (c1, r1, _, _) = name_destination(book, name)
    return book[sheet].cell(row=r1 + row, column=c1)


def _edit_blank_vi(source: Path, target: Path) -> dict[str, Any]:
    """Type a factor, SWOT factors, shares and a stage (as its spec key) into a blank vi plan."""
    labels = Labels("vi")
    book = openpyxl.load_workbook(source)
    typed = {
        ("PestAreas", 0): labels("pest.areas.economic"), ("PestFactors", 0): "Gõ tay",
        ("PestImpact", 0): 4, ("PestLikelihood", 0): 5, ("PestEffect", 0): labels("pest.effects.threat"),
        ("PestFactors", 1): "Thứ hai", ("PestImpact", 1): 5, ("PestLikelihood", 1): 4,
        ("SwotStrengths", 0): "S", ("SwotStrengthWeights", 0): 1, ("SwotStrengthRatings", 0): 3,
        ("SwotOpportunities", 0): "O", ("SwotOpportunityWeights", 0): 1, ("SwotOpportunityRatings", 0): 2,
        ("CompetitorShares", 0): 0.3, ("OurShare", 0): 0.2, ("LifeCycleStage", 0): "maturity",
    }
    for (name, row), value in typed.items():
        _cell(book, name, row).value = value
    book.save(target)
    return {"PestTopScores": [20, 20], "PestTopFactors": ["Gõ tay", "Thứ hai"], "InternalFactorScore": 3,
            "ExternalFactorScore": 2, "SwotWeightsOK": True, "SwotPosition": "ST", "CompetitorShareTotal": 0.5,
            "LifeCycleStageNo": 3, "ChecksOK": True,
            "LifeCycleRecommendations": [labels(f"lifecycle.table.maturity.{k}") for k in
                                         ("objective", "product", "price", "place", "promotion")]}


def _edit_stage(source: Path, target: Path, stage: str) -> None:
    book = openpyxl.load_workbook(source)
    _cell(book, "LifeCycleStage").value = stage
    book.save(target)


@pytest.fixture(scope="module")
def recalculated(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    source_dir = tmp_path_factory.mktemp("analysis")
    out_dir = tmp_path_factory.mktemp("analysis-recalculated")
    cases: dict[str, dict] = {}
    for key, factory in _cases().items():
        plan = factory()
        cases[key] = {"plan": plan, "source": plan.save(source_dir / f"{key}.xlsx", today=dt.date(2027, 1, 15))}
    edited = source_dir / "edited-default-vi.xlsx"
    cases["edited-default-vi"] = {"source": edited,
                                  "expected": _edit_blank_vi(cases["default-vi"]["source"], edited)}
    for language, stage in (("en", "Decline"), ("vi", "decline")):
        path = source_dir / f"stage-{language}.xlsx"
        _edit_stage(cases[f"{language}-example"]["source"], path, stage)
        cases[f"stage-{language}"] = {"source": path}
    outputs = recalculate([c["source"] for c in cases.values()], out_dir)
    for case, output in zip(cases.values(), outputs):
        case["recalculated"] = output
    return cases


PLAIN = list(_cases())
ALL = PLAIN + ["edited-default-vi", "stage-en", "stage-vi"]


@pytest.mark.parametrize("key", ALL)
def test_no_error_cells(recalculated: dict, key: str) -> None:
    cells = values(recalculated[key]["recalculated"])
    assert {k: v for k, v in cells.items() if is_error(v)} == {}


@pytest.mark.parametrize("key", PLAIN)
def test_cached_values_equal_recalculated(recalculated: dict, key: str) -> None:
    case = recalculated[key]
    cached, fresh = values(case["source"]), values(case["recalculated"])
    mismatches = [(f.sheet, f.coordinate, f.formula, cached[(f.sheet, f.coordinate)],
                   fresh[(f.sheet, f.coordinate)]) for f in formula_cells(case["source"])
                  if not same(cached[(f.sheet, f.coordinate)], fresh[(f.sheet, f.coordinate)])]
    assert mismatches == []


@pytest.mark.parametrize("key", PLAIN)
def test_names_equal_independent_figures(recalculated: dict, key: str) -> None:
    case = recalculated[key]
    for name, expected in expected_analysis(case["plan"].spec).items():
        for path in (case["recalculated"], case["source"]):
            got = _value(path, name)
            assert same(got, expected), f"{name} in {path.name}: {got!r}, expected {expected!r}"


@pytest.mark.parametrize("key", PLAIN)
def test_scores_and_the_top_factors(recalculated: dict, key: str) -> None:
    case = recalculated[key]
    spec, path = case["plan"].spec, case["recalculated"]
    scores = _column(path, "PestScores")
    expected = pest_scores(spec)
    assert len(scores) == len(expected) + 5                      # spare rows below the spec's factors
    assert all(same(got, want) for got, want in zip(scores, expected + [None] * 5)), scores
    shown = _column(path, "PestTopScores")
    assert [s for s in shown if s not in (None, "")] == top_scores(spec)
    factors = _column(path, "PestTopFactors")
    assert [f for f in factors if f not in (None, "")] == top_factors(spec)


def test_the_checks_fail_where_weights_or_shares_are_wrong(recalculated: dict) -> None:
    path = recalculated["edge-en"]["recalculated"]
    assert _value(path, "SwotWeightsOK") is False
    assert _value(path, "ChecksOK") is False
    assert _value(path, "CompetitorShareTotal") == pytest.approx(1.2)
    assert _value(path, "CompetitorShareRest") == 0
    assert _value(path, "SwotPosition") in (None, "")            # no external weights: no position
    assert _value(recalculated["balanced-zh"]["recalculated"], "SwotPosition") == "ST"


def test_typed_inputs_flow_through(recalculated: dict) -> None:
    case = recalculated["edited-default-vi"]
    path, expected = case["recalculated"], case["expected"]
    assert _column(path, "PestTopScores")[:2] == expected["PestTopScores"]
    assert _column(path, "PestTopFactors")[:2] == expected["PestTopFactors"]
    for name in ("InternalFactorScore", "ExternalFactorScore", "SwotWeightsOK", "SwotPosition",
                 "CompetitorShareTotal", "LifeCycleStageNo", "ChecksOK"):
        assert same(_value(path, name), expected[name]), name
    assert _column(path, "LifeCycleRecommendations")[:5] == expected["LifeCycleRecommendations"]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_another_stage_changes_the_recommendations(recalculated: dict, language: str) -> None:
    labels = Labels(language)
    before = _column(recalculated[f"{language}-example"]["recalculated"], "LifeCycleRecommendations")
    after = _column(recalculated[f"stage-{language}"]["recalculated"], "LifeCycleRecommendations")
    stage = recalculated[f"{language}-example"]["plan"].spec.analysis.life_cycle.stage
    keys = ("objective", "product", "price", "place", "promotion")
    assert before[:5] == [labels(f"lifecycle.table.{stage}.{k}") for k in keys]
    assert after[:5] == [labels(f"lifecycle.table.decline.{k}") for k in keys]
    assert before != after
    assert _value(recalculated[f"stage-{language}"]["recalculated"], "LifeCycleStageNo") == 4


def test_a_blank_plan_shows_blanks_and_passes(recalculated: dict) -> None:
    path = recalculated["default-en"]["recalculated"]
    assert set(_column(path, "PestScores")) <= {None, ""}
    assert set(_column(path, "PestTopFactors")) <= {None, ""}
    assert _value(path, "LifeCycleStage") is None
    assert _column(path, "LifeCycleRecommendations")[0] == Labels("en")("lifecycle.none")
    assert _value(path, "ChecksOK") is True
    assert STAGES == ["introduction", "growth", "maturity", "decline"]
