"""Issue 7, spec input: bad text, hostile or huge files, duplicate keys, overflow.

Each case: exit code 2, one message naming the field or file (and line), nothing
written, no traceback, within seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mktplan_xl import Plan, SpecError, SpecFileError, cli
from mktplan_xl.spec import read_spec_file, validate_spec
from mktplan_xl.spec.base import MAX_ITEMS
from mktplan_xl.spec.files import MAX_SPEC_BYTES
from mktplan_xl.spec.safe_yaml import load_yaml

MINIMAL = {"budget": {"activities": [{"name": "Ads", "plan": [1, 2]}]},
           "sales": {"products": [{"name": "Milk", "units": [1], "price": 2}]}}


def new(tmp_path: Path, spec_name: str, text: str, capsys) -> tuple[int, str]:
    """Run `mktplan new` on a spec text; returns (exit code, stderr)."""
    spec = tmp_path / spec_name
    spec.write_text(text, encoding="utf-8")
    code = cli.main(["new", str(tmp_path / "plan.xlsx"), "--spec", str(spec)])
    err = capsys.readouterr().err
    assert not (tmp_path / "plan.xlsx").exists() or code == 0
    assert "Traceback" not in err
    return code, err


def run_command(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mktplan_xl", *args], capture_output=True,
                          text=True, timeout=timeout)


# 1. control characters ---------------------------------------------------------------
@pytest.mark.parametrize("char, kind", [("\x01", "a control character"), ("\x1f", "a control character"),
                                        ("\x0b", "a control character"), ("\ufffe", "a noncharacter"),
                                        ("\uffff", "a noncharacter")])
def test_control_character_in_yaml_names_the_field_and_position(tmp_path, capsys, char, kind) -> None:
    escaped = json.dumps("A" + char + "z")  # a YAML double-quoted string with an escape
    text = f"budget:\n  activities:\n    - {{name: {escaped}, plan: [1]}}\n"
    code, err = new(tmp_path, "s.yaml", text, capsys)
    assert code == 2
    assert f"budget.activities[0].name: contains {kind} U+{ord(char):04X} at position 2" in err


@pytest.mark.parametrize("field, value, words", [
    ("plan.name", "\x00Plan", "plan.name: contains a control character U+0000 at position 1"),
    ("plan.company", "Co\ud800", "plan.company: contains a lone surrogate U+D800 at position 3"),
    ("group", "G\x07", "budget.activities[0].group: contains a control character U+0007"),
    ("unit", "box\x1b", "sales.products[0].unit: contains a control character U+001B"),
])
def test_control_character_in_json_names_the_field(tmp_path, capsys, field, value, words) -> None:
    data = json.loads(json.dumps(MINIMAL))
    if field.startswith("plan."):
        data["plan"] = {field[5:]: value}
    elif field == "group":
        data["budget"]["activities"][0]["group"] = value
    else:
        data["sales"]["products"][0]["unit"] = value
    code, err = new(tmp_path, "s.json", json.dumps(data), capsys)
    assert code == 2 and words in err


def test_tab_line_feed_and_carriage_return_are_text() -> None:
    spec = validate_spec({**MINIMAL, "plan": {"company": "A\tB\nC\rD"}})
    assert spec.plan.company == "A\tB\nC\rD"


def test_raw_control_character_in_yaml_is_refused_by_line(tmp_path, capsys) -> None:
    code, err = new(tmp_path, "s.yaml", "plan:\n  name: A\x01z\n", capsys)
    assert code == 2 and "line 2" in err and "U+0001" in err


# 2. alias bombs, endless and huge input ------------------------------------------------
BILLION_LAUGHS = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "plan: {name: *i}\n"


def test_alias_bomb_is_refused_quickly_and_small(tmp_path) -> None:
    spec = tmp_path / "bomb.yaml"
    spec.write_text(BILLION_LAUGHS, encoding="utf-8")
    start = time.perf_counter()
    done = run_command("new", str(tmp_path / "p.xlsx"), "--spec", str(spec), timeout=30)
    assert done.returncode == 2, done.stderr
    assert "aliases" in done.stderr and "expand to more than 1,000,000 values" in done.stderr
    assert time.perf_counter() - start < 10
    assert not (tmp_path / "p.xlsx").exists()


def test_modest_aliases_and_merge_keys_still_work(tmp_path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("budget:\n  activities:\n    - &ads {name: Ads, plan: &p [1, 2, 3]}\n"
                    "    - {<<: *ads, name: More ads}\n    - {name: PR, plan: *p}\n", encoding="utf-8")
    activities = Plan.from_file(spec).spec.budget.activities
    assert [(a.name, a.plan) for a in activities] == [("Ads", [1, 2, 3]), ("More ads", [1, 2, 3]),
                                                     ("PR", [1, 2, 3])]


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(ValueError, match="contains it"):
        load_yaml("a: &a [1, *a]\n")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_refused_without_reading(tmp_path) -> None:
    done = run_command("new", str(tmp_path / "p.xlsx"), "--spec", "/dev/zero", timeout=30)
    assert done.returncode == 2
    assert "/dev/zero is not a regular file" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_is_refused_without_waiting(tmp_path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    done = run_command("spec", "--check", str(fifo), timeout=30)
    assert done.returncode == 2 and "not a regular file" in done.stderr


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, capsys) -> None:
    spec = tmp_path / "huge.yaml"
    with open(spec, "wb") as handle:  # sparse: no disk space used
        handle.truncate(MAX_SPEC_BYTES + 10 * 2**20)
    assert cli.main(["spec", "--check", str(spec)]) == 2
    assert "is 60.0 MB; a spec file may be at most 50 MB" in capsys.readouterr().err


@pytest.mark.parametrize("name, text", [
    ("deep.yaml", "[" * 200_000),                      # libyaml's scanner stops on its own limit
    ("deep.json", "[" * 200_000),                      # json raises RecursionError
    ("mapping.yaml", "{a: " * 5_000),
    ("block.yaml", "".join(" " * i + "-\n" for i in range(0, 400, 2))),
])
def test_deep_nesting_is_refused_not_a_crash(tmp_path, name, text) -> None:
    """Exit 2, one line naming the file, in the product's words whichever parser stopped first."""
    spec = tmp_path / name
    spec.write_text(text, encoding="utf-8")
    done = run_command("spec", "--check", str(spec), timeout=30)
    assert done.returncode == 2, (name, done.returncode, done.stderr[-300:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(spec) in lines[0], done.stderr[-300:]
    assert lines[0].endswith("nested more than 64 levels deep") and "Traceback" not in done.stderr


def test_over_long_list_fails_while_parsing(tmp_path, capsys) -> None:
    spec = tmp_path / "long.yaml"
    spec.write_text("budget:\n  activities:\n" + "    - {name: a}\n" * (MAX_ITEMS + 5), encoding="utf-8")
    start = time.perf_counter()
    assert cli.main(["spec", "--check", str(spec)]) == 2
    assert time.perf_counter() - start < 10
    err = capsys.readouterr().err
    assert "budget.activities[100000]: a list of more than 100,000 items" in err


def test_over_long_json_list_is_refused_before_validation(tmp_path) -> None:
    spec = tmp_path / "long.json"
    spec.write_text(json.dumps({"sales": {"products": [1] * (MAX_ITEMS + 1)}}), encoding="utf-8")
    with pytest.raises(SpecFileError, match=r"sales.products: a list of more than 100,000 items"):
        read_spec_file(spec)


def test_long_value_is_cut_in_the_message(tmp_path, capsys) -> None:
    data = json.loads(json.dumps(MINIMAL))
    data["budget"]["activities"][0]["name"] = ["x" * 1000] * 6000   # a 6 MB list in a text field
    code, err = new(tmp_path, "s.json", json.dumps(data), capsys)
    assert code == 2 and "budget.activities[0].name" in err
    assert len(err) < 600 and "(6,000 items)" in err


def test_many_problems_are_counted_not_all_listed() -> None:
    data = {"budget": {"activities": [{"name": "A", "plan": [-1] * 12} for _ in range(10)]},
            "sales": MINIMAL["sales"]}
    with pytest.raises(SpecError) as info:
        validate_spec(data)
    assert len(info.value.problems) == 120
    assert "... and 100 more problems" in str(info.value) and str(info.value).count("\n") == 21


# 3. duplicate keys ---------------------------------------------------------------------
def test_duplicate_key_in_yaml_names_key_and_lines(tmp_path, capsys) -> None:
    text = "budget:\n  activities:\n    - {name: A}\nsales: {products: [{name: P}]}\nbudget: {}\n"
    code, err = new(tmp_path, "s.yaml", text, capsys)
    assert code == 2
    assert "s.yaml, line 5: (top level): duplicate key 'budget' (first at line 1)" in err


def test_duplicate_key_in_json_names_key_path_and_lines(tmp_path, capsys) -> None:
    text = ('{"budget": {"activities": [\n  {"name": "A, {tricky}", "plan": [1]},\n'
            '  {"name": "B",\n   "name": "C"}]}}')
    code, err = new(tmp_path, "s.json", text, capsys)
    assert code == 2
    assert "s.json, line 4: budget.activities[1]: duplicate key 'name' (first at line 3)" in err


# 4. numbers ----------------------------------------------------------------------------
def test_huge_amounts_are_refused_by_spec_check(tmp_path, capsys) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("budget:\n  activities:\n    - {name: A, plan: [1.0e+308, 1.0e+308]}\n", encoding="utf-8")
    assert cli.main(["spec", "--check", str(spec)]) == 2
    err = capsys.readouterr().err
    assert "budget.activities[0].plan[0]: must be at most 1e15" in err
    assert "budget.activities[0].plan[1]" in err


def test_units_times_price_cannot_overflow() -> None:
    with pytest.raises(SpecError) as info:
        validate_spec({**MINIMAL, "sales": {"products": [{"name": "P", "units": [1e200], "price": 1e200}]}})
    assert {p for p, _ in info.value.problems} >= {"sales.products[0].units[0]", "sales.products[0].price[0]"}


def test_integer_too_large_for_a_float_is_named() -> None:
    with pytest.raises(SpecError) as info:
        validate_spec({**MINIMAL, "budget": {"activities": [{"name": "A", "plan": [10 ** 400]}]}})
    path, message = info.value.problems[0]
    assert path == "budget.activities[0].plan[0]" and "too large" in message and len(message) < 200


def test_plain_yaml_exponent_is_a_number(tmp_path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("budget:\n  activities:\n    - {name: A, plan: [1e5, 2.5e3, 1E+2, 1_000]}\n", encoding="utf-8")
    assert Plan.from_file(spec).spec.budget.activities[0].plan == [100000.0, 2500.0, 100.0, 1000.0]
    assert load_yaml("a: 1e308")["a"] == 1e308


def test_quoted_number_says_how_to_write_it() -> None:
    with pytest.raises(SpecError) as info:
        validate_spec({**MINIMAL, "budget": {"activities": [{"name": "A", "plan": ["1e5"]}]}})
    assert "write the number without quotes" in info.value.problems[0][1]


def test_number_with_thousands_of_digits_is_refused(tmp_path, capsys) -> None:
    for name, text in (("s.yaml", "plan: {year: " + "9" * 5000 + "}\n"), ("s.json", '{"plan": {"year": ' + "9" * 5000 + "}}")):
        code, err = new(tmp_path, name, text, capsys)
        assert code == 2 and "too many digits" in err


# 8. empty specs ------------------------------------------------------------------------
@pytest.mark.parametrize("name, text", [("e.yaml", ""), ("e.yaml", "# only a comment\n"),
                                        ("e.json", ""), ("e.json", " \n"), ("e.json", "null")])
def test_empty_yaml_and_json_are_the_same_error(tmp_path, capsys, name, text) -> None:
    code, err = new(tmp_path, name, text, capsys)
    assert code == 2 and "the spec file is empty" in err


def test_yaml_loader_agrees_with_safe_load_on_the_examples() -> None:
    import yaml

    from conftest import EXAMPLES
    for path in EXAMPLES.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text)
    text = "a: [1, -2, 0x1F, 0o17, 1:30, .inf, -.5, 2027-01-15, ~, yes, No, '1e5', !!str 12]\n"
    assert load_yaml(text) == yaml.safe_load(text)


def test_second_yaml_document_is_refused(tmp_path, capsys) -> None:
    code, err = new(tmp_path, "s.yaml", "plan: {}\n---\nplan: {}\n", capsys)
    assert code == 2 and "one YAML document" in err


def test_folder_as_spec_is_a_clear_error(tmp_path, capsys) -> None:
    assert cli.main(["new", str(tmp_path / "p.xlsx"), "--spec", str(tmp_path)]) == 2
    assert "spec path is a folder" in capsys.readouterr().err
