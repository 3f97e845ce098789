"""The objectives and initiatives spec sections: what is accepted, and bad input named by its field."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from mktplan_xl.cli import main
from mktplan_xl.errors import SpecError
from mktplan_xl.spec import validate_spec

BASE = {
    "budget": {"activities": [{"name": "Digital marketing", "plan": [100] * 12}, {"name": "PR", "plan": [50]}]},
    "sales": {"products": [{"name": "P"}]},
    "objectives": {"goals": [
        {"id": "E1", "level": "enterprise", "goal": "Share to 15%", "deadline": "2027-12-31"},
        {"id": "U1", "level": "unit", "parent": "E1", "contribution": 3},
        {"id": "G1", "level": "sub_goal", "parent": "U1", "dimension": "sales", "relevance": "high"},
    ]},
    "initiatives": {"budget_cap": 1000, "items": [
        {"id": "I1", "goal": "G1", "budget": 200, "start": "2027-09-01", "end": "2027-09-30",
         "budget_line": "Digital marketing"},
    ]},
}


def spec_with(path: str, value, base: dict = BASE) -> dict:
    """BASE with one field set (``objectives.goals[1].parent``); a value of ... deletes it."""
    data = copy.deepcopy(base)
    node = data
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    if value is ...:
        del node[int(last) if last.isdigit() else last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data


def problems(data: dict) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as caught:
        validate_spec(data)
    return caught.value.problems


def test_the_base_spec_is_valid_and_defaults_fill_in() -> None:
    spec = validate_spec(BASE)
    assert spec.objectives.max_stretch == 0.5
    assert spec.objectives.goals[2].level == "sub_goal" and spec.objectives.goals[2].dimension == "sales"
    assert spec.initiatives.items[0].start == dt.date(2027, 9, 1)
    empty = validate_spec({"budget": BASE["budget"], "sales": BASE["sales"]})
    assert empty.objectives.goals == [] and empty.initiatives.items == [] and empty.initiatives.budget_cap is None


def test_friendly_forms_are_accepted() -> None:
    data = spec_with("objectives.goals[2].level", "Sub-goal")
    data["objectives"]["goals"][2]["dimension"] = " Sales "
    data["objectives"]["goals"][0]["id"] = 7                       # an id written as a number
    data["objectives"]["goals"][1]["parent"] = 7
    data["objectives"]["goals"][0]["deadline"] = dt.datetime(2027, 12, 31)   # midnight: a date
    data["initiatives"]["items"][0]["budget_line"] = "digital MARKETING"      # lines match ignoring case
    data["initiatives"]["items"][0]["goal"] = "g1"                             # ids match ignoring case
    spec = validate_spec(data)
    assert spec.objectives.goals[0].id == "7" and spec.objectives.goals[2].level == "sub_goal"
    assert spec.objectives.goals[2].dimension == "sales"
    assert spec.objectives.goals[0].deadline == dt.date(2027, 12, 31)


def test_a_stored_spec_validates_again_the_same() -> None:
    spec = validate_spec(BASE)
    assert validate_spec(json.loads(json.dumps(spec.model_dump(mode="json")))) == spec


@pytest.mark.parametrize("path, value, field, words", [
    ("objectives.goals[1].parent", "E9", "objectives.goals[1].parent", "no goal has the id 'E9'"),
    ("objectives.goals[2].parent", "E1", "objectives.goals[2].parent", "must be a unit goal"),
    ("objectives.goals[0].parent", "U1", "objectives.goals[0].parent", "cycle"),
    ("objectives.goals[0].level", "unit", "objectives.goals[1].parent", "must be an enterprise goal"),
    ("objectives.goals[2].id", "e1", "objectives.goals[2].id", "duplicate id"),
    ("objectives.goals[2].dimension", "price", "objectives.goals[2].dimension", "unknown dimension"),
    ("objectives.goals[2].relevance", "top", "objectives.goals[2].relevance", "unknown relevance"),
    ("objectives.goals[1].level", "division", "objectives.goals[1].level", "unknown level"),
    ("objectives.goals[0].deadline", "2027 Q4", "objectives.goals[0].deadline", "not a date"),
    ("objectives.goals[0].deadline", 2027, "objectives.goals[0].deadline", "not a date"),
    ("objectives.goals[0].deadline", "2027-02-30", "objectives.goals[0].deadline", "not a date"),
    ("objectives.goals[0].deadline", dt.datetime(2027, 1, 1, 9, 30), "objectives.goals[0].deadline", "time of day"),
    ("objectives.goals[1].contribution", -1, "objectives.goals[1].contribution", "must not be negative"),
    ("objectives.max_stretch", -0.1, "objectives.max_stretch", "must not be negative"),
    ("objectives.goals[0].id", ..., "objectives.goals[0].id", "required"),
    ("initiatives.items[0].end", "2027-08-31", "initiatives.items[0].end", "before its start"),
    ("initiatives.items[0].start", "someday", "initiatives.items[0].start", "not a date"),
    ("initiatives.items[0].budget", -5, "initiatives.items[0].budget", "must not be negative"),
    ("initiatives.budget_cap", -1, "initiatives.budget_cap", "must not be negative"),
    ("initiatives.items[0].budget_line", "Billboards", "initiatives.items[0].budget_line", "no activity"),
    ("initiatives.items[0].goal", "G9", "initiatives.items[0].goal", "no goal"),
    ("initiatives.items[0].goal", "U1", "initiatives.items[0].goal", "serves a sub-goal"),
    ("initiatives.items[0].owner", "a\x01b", "initiatives.items[0].owner", "control character"),
    ("initiatives.items[0].colour", "red", "initiatives.items[0].colour", "unknown field"),
])
def test_bad_input_names_its_field(path: str, value, field: str, words: str) -> None:
    found = problems(spec_with(path, value))
    assert len(found) == 1, found
    assert found[0][0] == field and words in found[0][1], found


def test_a_duplicate_initiative_id_and_a_self_parent() -> None:
    data = copy.deepcopy(BASE)
    data["initiatives"]["items"].append({"id": "i1", "goal": "G1"})
    (field, message), = problems(data)
    assert field == "initiatives.items[1].id" and "duplicate id" in message
    found = problems(spec_with("objectives.goals[1].parent", "U1"))
    assert found[0][0] == "objectives.goals[1].parent" and "cycle: U1 → U1" in found[0][1]


def test_the_command_line_gives_exit_2_and_one_message_naming_the_field(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plan.yaml"
    text = (
        "budget: {activities: [{name: Ads, plan: [10]}]}\n"
        "objectives:\n  goals:\n    - {id: E1, level: enterprise, deadline: 2027-02-30}\n")
    path.write_text(text, encoding="utf-8")
    assert main(["spec", "--check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "objectives.goals[0].deadline" in err and err.count("\n") == 1
    path.write_text("budget: {activities: [{name: Ads, plan: [10]}]}\n"
                    "objectives: {goals: [{id: G1, level: sub_goal}]}\n"
                    "initiatives: {items: [{id: I1, goal: G1, budget_line: Billboards}]}\n", encoding="utf-8")
    assert main(["new", str(tmp_path / "p.xlsx"), "--spec", str(path)]) == 2
    err = capsys.readouterr().err
    assert "initiatives.items[0].budget_line" in err and not (tmp_path / "p.xlsx").exists()
