"""The analysis spec section and the structure of the analysis, control and About sheets
(no LibreOffice): field paths of bad input, figures of the model, names, validations,
highlights, the contents page, print settings and the footer."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest

from analysis_expected import expected_analysis, pest_scores, top_scores
from conftest import EXAMPLES
from mktplan_xl import Plan, SpecError, cli
from mktplan_xl.formula import Expr, Name, references
from mktplan_xl.templates import Labels
from test_analysis_recalc import BALANCED, EDGE
from xlsx_tools import Book, name_destination

CONTRACT = ["InternalFactorScore", "ExternalFactorScore", "SwotWeightsOK", "LifeCycleStage", "CompetitorShareTotal"]
ANALYSIS = {"plan": {"year": 2027}, "analysis": copy.deepcopy(EDGE["analysis"])}


def _problems(analysis: dict) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as info:
        Plan.from_dict({"analysis": analysis})
    return info.value.problems


@pytest.mark.parametrize("analysis, path, words", [
    ({"pest": {"framework": "PEST", "factors": [{"area": "economic", "factor": "y"}, {"area": "legal", "factor": "x"}]}},
     "analysis.pest.factors[1].area", "legal is not an area of PEST"),
    ({"pest": {"framework": "PESTEL"}}, "analysis.pest.framework", "PESTLE"),
    ({"pest": {"factors": [{"area": "economic", "factor": "x", "impact": 6}]}},
     "analysis.pest.factors[0].impact", "less than or equal to 5"),
    ({"pest": {"factors": [{"area": "economic", "factor": "x", "likelihood": 2.5}]}},
     "analysis.pest.factors[0].likelihood", "integer"),
    ({"pest": {"factors": [{"area": "economic", "factor": "x", "effect": "risk"}]}},
     "analysis.pest.factors[0].effect", "opportunity"),
    ({"pest": {"factors": [{"area": "economic", "factor": "  "}]}}, "analysis.pest.factors[0].factor", "at least 1"),
    ({"swot": {"strengths": [{"factor": "x", "rating": 5}]}}, "analysis.swot.strengths[0].rating", "4"),
    ({"swot": {"threats": [{"factor": "x", "weight": 1.5}]}}, "analysis.swot.threats[0].weight", "1"),
    ({"swot": {"weaknesses": [{"factor": "x", "weight": -0.1}]}}, "analysis.swot.weaknesses[0].weight",
     "negative"),
    ({"swot": {"strategies": {"SO": ["x" * 1001]}}}, "analysis.swot.strategies.SO[0]", "1000"),
    ({"swot": {"strategies": {"OS": ["x"]}}}, "analysis.swot.strategies.OS", "unknown field"),
    ({"competitors": [{"name": "A", "share": 35}]}, "analysis.competitors[0].share", "1"),
    ({"competitors": [{"name": "A", "kind": "partner"}]}, "analysis.competitors[0].kind", "direct"),
    ({"competitors": [{"name": "A", "level": "very high"}]}, "analysis.competitors[0].level", "high"),
    ({"competitors": [{"share": 0.1}]}, "analysis.competitors[0].name", "missing"),
    ({"competitors": [{"name": "A", "strengths": "a\x01b"}]}, "analysis.competitors[0].strengths",
     "control character"),
    ({"life_cycle": {"stage": "youth"}}, "analysis.life_cycle.stage", "growth"),
    ({"controls": [{"kind": "budget"}]}, "analysis.controls[0].kind", "annual_plan"),
    ({"controls": [{"frequency": "monthly"}]}, "analysis.controls[0].kind", "missing"),
    ({"colour": "red"}, "analysis.colour", "unknown field"),
])
def test_bad_analysis_names_the_field(analysis: dict, path: str, words: str) -> None:
    problems = _problems(analysis)
    assert any(p == path and words in m for p, m in problems), problems


def test_choices_ignore_case_and_texts_take_1000_characters() -> None:
    spec = Plan.from_dict({"analysis": {
        "pest": {"framework": "pestle", "factors": [{"area": " Economic ", "factor": "f" * 1000,
                                                     "effect": "THREAT"}]},
        "competitors": [{"name": "A", "kind": "Direct", "level": "Low", "positioning": "p" * 1000}],
        "life_cycle": {"stage": "Maturity"},
        "controls": [{"kind": "Annual plan", "frequency": "Annually"}, {"kind": "strategic",
                                                                         "frequency": "every spring"}]}}).spec
    analysis = spec.analysis
    assert analysis.pest.framework == "PESTLE" and analysis.pest.factors[0].area == "economic"
    assert analysis.pest.factors[0].effect == "threat" and analysis.competitors[0].kind == "direct"
    assert analysis.life_cycle.stage == "maturity"
    assert [c.kind for c in analysis.controls] == ["annual_plan", "strategic"]
    assert [c.frequency for c in analysis.controls] == ["yearly", "every spring"]


def test_check_command_reports_the_path(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("analysis:\n  swot:\n    strengths:\n      - {factor: x, rating: 9}\n", encoding="utf-8")
    assert cli.main(["spec", "--check", str(spec)]) == 2
    assert "analysis.swot.strengths[0].rating" in capsys.readouterr().err


@pytest.mark.parametrize("spec", [ANALYSIS, BALANCED], ids=["edge", "balanced"])
def test_model_figures_equal_independent_ones(spec: dict) -> None:
    plan = Plan.from_dict(copy.deepcopy(spec))
    model = plan.model()
    for name, expected in expected_analysis(plan.spec).items():
        assert model.value_of(name) == pytest.approx(expected) if isinstance(expected, float) \
            else model.value_of(name) == expected, name
    scores = [row[0] for row in model.values_of("PestScores")]
    assert scores[:len(plan.spec.analysis.pest.factors)] == [s if s is not None else "" for s in pest_scores(plan.spec)]
    assert [row[0] for row in model.values_of("PestTopScores") if row[0] != ""] == top_scores(plan.spec)


def test_default_plan_has_the_analysis_sheets_and_passes() -> None:
    model = Plan.default(language="vi").model()
    names = [s.name for s in model.sheets if s.visibility == "visible"]
    labels = Labels("vi")
    for key in ("pest", "competitors", "swot", "lifecycle", "control"):
        assert labels(f"sheets.{key}") in names
    assert names.index(labels("sheets.pest")) < names.index(labels("sheets.budget")) \
        < names.index(labels("sheets.control")) < names.index(labels("sheets.summary"))
    assert model.value_of("ChecksOK") is True and model.value_of("SwotWeightsOK") is True
    assert [row[0] for row in model.values_of("CompetitorNames")][:4] == [
        labels("competitors.default_name", n=n) for n in range(1, 5)]
    assert [row[0] for row in model.values_of("ControlKinds")][:4] == [
        labels(f"control.kinds.{k}") for k in ("annual_plan", "profitability", "efficiency", "strategic")]


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return Plan.from_file(EXAMPLES / "en.yaml").save(tmp_path_factory.mktemp("analysis") / "en.xlsx", udfs=True)


def test_contract_names_are_single_cells(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    for name in CONTRACT:
        sheet, (c1, r1, c2, r2) = name_destination(book, name)
        assert (c1, r1) == (c2, r2), name


def test_choices_are_validation_lists(example: Path) -> None:
    book = Book(example)
    pest = book.sheet_of("PestAreas")
    lists = {str(dv.sqref): dv for dv in pest.data_validations.dataValidation if dv.type == "list"}
    assert len(lists) == 4                                   # area, impact, likelihood, effect
    assert any(dv.formula1 == '"1,2,3,4,5"' for dv in lists.values())
    life = book.sheet_of("LifeCycleStage")
    stage_lists = [dv for dv in life.data_validations.dataValidation if dv.type == "list"]
    assert len(stage_lists) == 1 and ":" in stage_lists[0].formula1
    assert [c for (c,) in book.values("LifeCycleStages")] == ["Introduction", "Growth", "Maturity", "Decline"]
    swot = book.sheet_of("SwotStrengths")
    assert {dv.type for dv in swot.data_validations.dataValidation} >= {"list", "decimal"}
    competitors = book.sheet_of("CompetitorShares")
    assert {dv.type for dv in competitors.data_validations.dataValidation} >= {"list", "decimal"}


def test_chosen_stage_highlight_and_implied_strategy_highlight(example: Path) -> None:
    book = Book(example)
    life = book.sheet_of("LifeCycleStage")
    rules = [r for cf in life.conditional_formatting for r in cf.rules if r.type == "expression"]
    assert rules and "$A" in rules[0].formula[0]
    swot = book.sheet_of("SwotPosition")
    formulas = [r.formula[0] for cf in swot.conditional_formatting for r in cf.rules if r.type == "expression"]
    assert sum('="SO"' in f or '="WO"' in f or '="ST"' in f or '="WT"' in f for f in formulas) == 4


def test_long_text_stays_text_and_rows_fit(tmp_path: Path) -> None:
    path = Plan.from_dict(copy.deepcopy(ANALYSIS)).save(tmp_path / "p.xlsx")
    book = Book(path)
    cell = book.cell("PestFactors")
    assert cell.value == "=SUM(A1:A2) looks like a formula" and cell.data_type == "s"
    long = book.cell("PestFactors", 3)
    assert len(long.value) == 1000
    ws = book.sheet_of("PestFactors")
    assert 30 < ws.row_dimensions[long.row].height <= 409
    assert book.cell("CompetitorNames", 1).value == "<5"


def test_about_is_a_contents_page_linking_every_sheet(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    about = book.worksheets[0]
    links = {c.value: (c.hyperlink.location, about.cell(row=c.row, column=c.column + 1).value)
             for row in about.iter_rows() for c in row if c.hyperlink is not None}
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert list(links) == visible
    labels = Labels("en")
    for name, (location, holds) in links.items():
        assert location.split("!")[0].strip("'") == name
        if name == "xlwings.conf":
            assert holds is None                             # no contents label: the name alone
        else:
            assert holds and len(holds) > 20
    assert links["SWOT"][1] == labels("contents.swot")


def test_every_sheet_prints_with_a_footer_and_the_analysis_sheets_fit_the_width(example: Path) -> None:
    book = openpyxl.load_workbook(example)
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        footer = ws.oddFooter
        assert "&P" in footer.right.text and "&N" in footer.right.text, ws.title
        assert footer.left.text == "2027 Marketing Plan" and footer.center.text == "&A", ws.title
    labels = Labels("en")
    for key in ("about", "pest", "competitors", "swot", "lifecycle", "control"):
        ws = book[labels(f"sheets.{key}")]
        assert ws.print_area, key
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, None), key


def test_footer_escapes_ampersands_and_cuts_long_names() -> None:
    model = Plan.default(name="R&D &P plan " + "n" * 200).model()
    footer = model.sheets[0].page.footer
    assert footer.startswith("&LR&&D &&P plan ") and "…" in footer and len(footer) < 255


def test_control_shows_progress_where_the_workbook_has_it() -> None:
    """Goal and initiative progress are one value per row: the control shows their average."""
    blank = Plan.default().model()
    assert [row[0] for row in blank.values_of("ControlIndicators")][-3:] == ["—", "—", True]
    spec = {"budget": {"activities": [{"name": "Ads", "plan": [100] * 12}]},
            "objectives": {"goals": [
                {"id": "E", "level": "enterprise", "baseline": 0, "target": 10, "current": 4},
                {"id": "U", "level": "unit", "parent": "E", "baseline": 0, "target": 4, "current": 1},
                {"id": "G", "level": "sub_goal", "parent": "U", "baseline": 10, "target": 20}]},
            "initiatives": {"budget_cap": 500, "items": [
                {"id": "I1", "goal": "G", "budget": 100, "target": 10, "actual": 5},
                {"id": "I2", "goal": "G", "budget": 100, "target": 10}]}}
    model = Plan.from_dict(spec).model()
    indicators = [row[0] for row in model.values_of("ControlIndicators")]
    assert indicators[-3:] == [pytest.approx((0.4 + 0.25) / 2), pytest.approx(0.5), True]
    control = model.sheet("control")
    assert any(isinstance(c.value, Expr) and any(isinstance(n, Name) and n.name == "GoalProgress"
                                                 for n in references(c.value)) for c in control.cells.values())
