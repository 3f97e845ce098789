"""Spec validation: every bad input names its field path; good input fills defaults."""

from __future__ import annotations

import copy
import json

import pytest

from conftest import EXAMPLES
from mktplan_xl import Plan, SpecError, SpecFileError
from mktplan_xl.spec import PlanSpec, read_spec_file, validate_spec
from mktplan_xl.templates import complete_spec, example_spec

GOOD = {
    "plan": {"name": "Plan", "year": 2027, "fiscal_year_start": 4, "currency": "VND", "language": "vi"},
    "budget": {"activities": [
        {"name": "Research", "group": "R", "plan": [1] * 12, "actual": [1, 2]},
        {"name": "Ads", "plan": [5, 5]},
        {"name": "PR", "group": "P", "plan": [0] * 12},
    ]},
    "sales": {"products": [{"name": "Milk", "units": [10] * 12, "price": 7000}]},
}


def _with(path: str, value: object) -> dict:
    """GOOD with one field replaced; path like 'budget.activities.2.plan'."""
    data = copy.deepcopy(GOOD)
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data


def _problems(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as info:
        validate_spec(data)
    return info.value.problems


@pytest.mark.parametrize("path, value, expected_path, words", [
    ("budget.activities.2.plan", [1] * 13, "budget.activities[2].plan[12]", "12 months"),
    ("budget.activities.1.plan.1", -5, "budget.activities[1].plan[1]", "negative"),
    ("budget.activities.0.actual", "lots", "budget.activities[0].actual", "list"),
    ("budget.activities.0.plan.0", "100", "budget.activities[0].plan[0]", "number"),
    ("budget.activities.0.plan.0", True, "budget.activities[0].plan[0]", "number"),
    ("budget.activities.0.name", 42, "budget.activities[0].name", "string"),
    ("budget.activities.0.colour", "red", "budget.activities[0].colour", "unknown field"),
    ("plan.fiscal_year_start", 13, "plan.fiscal_year_start", "12"),
    ("plan.fiscal_year_start", 0, "plan.fiscal_year_start", "1"),
    ("plan.language", "fr", "plan.language", "en, vi, zh"),
    ("plan.currency", "XYZ", "plan.currency", "unknown currency"),
    ("plan.year", "2027", "plan.year", "integer"),
    ("sales.products.0.price", [1, 2, 3], "sales.products[0].price", "one price or 12"),
    ("sales.products.0.units.3", float("nan"), "sales.products[0].units[3]", "finite"),
    ("budget.contingency_pct", 1.5, "budget.contingency_pct", "1"),
    ("budget.as_of_month", 13, "budget.as_of_month", "12"),
    ("budget.activities", [], "budget.activities", "at least 1"),
])
def test_bad_field_is_named_by_path(path: str, value: object, expected_path: str, words: str) -> None:
    problems = _problems(_with(path, value))
    assert len(problems) == 1, problems
    got_path, message = problems[0]
    assert got_path == expected_path
    assert words.lower() in message.lower()


def test_unknown_top_level_key() -> None:
    assert _problems({**GOOD, "budgte": {}})[0][0] == "budgte"


def test_every_problem_is_listed_in_one_message() -> None:
    data = _with("plan.language", "fr")
    data["budget"]["activities"][0]["plan"][0] = -1
    with pytest.raises(SpecError) as info:
        validate_spec(data, "plan.yaml")
    text = str(info.value)
    assert "plan.yaml" in text and "plan.language" in text and "budget.activities[0].plan[0]" in text


def test_contingency_actual_needs_the_percentage() -> None:
    problems = _problems(_with("budget.contingency_actual", [1, 2]))
    assert problems[0][0] == "budget" and "contingency_pct" in problems[0][1]


def test_good_spec_defaults() -> None:
    spec = validate_spec(GOOD)
    assert spec.plan.currency == "VND"
    assert spec.budget.months_reported == 2
    assert spec.sales.products[0].price == [7000.0] * 12
    assert validate_spec(_with("plan.currency", "usd")).plan.currency == "USD"
    assert validate_spec(_with("plan.language", "zh")).plan.currency == "VND"  # given, kept


def test_currency_defaults_by_language() -> None:
    for language, currency in (("en", "USD"), ("vi", "VND"), ("zh", "CNY")):
        assert Plan.default(language=language).spec.plan.currency == currency


def test_complete_spec_fills_only_missing_sections() -> None:
    done = complete_spec({"plan": {"language": "vi"}, "sales": {"products": [{"name": "X"}]}},
                         {"year": 2030, "language": None})
    assert done["plan"] == {"language": "vi", "year": 2030}
    assert done["budget"]["activities"][0]["name"] == "Nghiên cứu thị trường"
    assert done["sales"]["products"] == [{"name": "X"}]


def test_overrides_beat_the_spec() -> None:
    plan = Plan.from_dict(GOOD, language="en", year=2031, currency="CNY", fiscal_year_start=1)
    assert (plan.spec.plan.language, plan.spec.plan.year, plan.spec.plan.currency,
            plan.spec.plan.fiscal_year_start) == ("en", 2031, "CNY", 1)
    with pytest.raises(TypeError):
        Plan.from_dict(GOOD, colour="red")


@pytest.mark.parametrize("language", ["en", "vi", "zh"])
def test_example_specs_are_valid_and_complete(language: str, tmp_path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(example_spec(language), encoding="utf-8")
    plan = Plan.from_file(path)
    assert plan.spec.plan.language == language
    raw = read_spec_file(path)
    assert set(raw) == set(PlanSpec.model_fields)  # complete: every section, nothing left to defaults
    assert (EXAMPLES / f"{language}.yaml").read_text(encoding="utf-8").count("#") > 5  # commented


def test_spec_files(tmp_path) -> None:
    with pytest.raises(SpecFileError, match="not found"):
        read_spec_file(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan:\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecFileError, match="invalid YAML at line"):
        read_spec_file(broken)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"plan": }', encoding="utf-8")
    with pytest.raises(SpecFileError, match="invalid JSON at line 1"):
        read_spec_file(bad_json)
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(SpecFileError, match="mapping"):
        read_spec_file(listing)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD), encoding="utf-8")
    assert Plan.from_file(good).spec.plan.year == 2027
    for name in ("empty.yaml", "empty.json"):  # both formats alike: an error, not the default plan
        empty = tmp_path / name
        empty.write_text("", encoding="utf-8")
        with pytest.raises(SpecFileError, match="the spec file is empty"):
            Plan.from_file(empty)
