"""The `mktplan` command: exit codes, messages, and never a lost or half-written file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import EXAMPLES
from xlsx_tools import Book, expected_sheet_names
from xlsx_tools import run_cli as run




def test_new_writes_a_blank_plan_for_the_current_year(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.xlsx"
    assert run("new", str(out)) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    book = Book(out)
    assert book.visible_sheetnames == expected_sheet_names("en")
    assert book.visible_sheetnames[:1] == ["About"]
    assert str(dt.date.today().year) in book.value("BudgetMonthHeaders")


def test_entry_point_runs_as_a_command(tmp_path: Path) -> None:
    out = tmp_path / "cmd.xlsx"
    done = subprocess.run([sys.executable, "-m", "mktplan_xl", "new", str(out), "--lang", "vi"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Theo dõi ngân sách" in Book(out).visible_sheetnames


def test_existing_output_needs_force(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"user's precious file")
    assert run("new", str(out)) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == b"user's precious file"
    assert run("new", str(out), "--force") == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "About"


def test_open_workbook_is_not_touched(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"open in Excel")
    (tmp_path / "~$plan.xlsx").write_bytes(b"lock")
    assert run("new", str(out), "--force") == 2
    err = capsys.readouterr().err
    assert "open in Excel" in err and "close plan.xlsx" in err
    assert out.read_bytes() == b"open in Excel"


def test_failure_while_writing_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"old")

    def broken(model, path):
        Path(path).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("mktplan_xl.plan.write_workbook", broken)
    assert run("new", str(out), "--force") == 2
    assert "cannot write" in capsys.readouterr().err
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


@pytest.mark.parametrize("spec_text, words", [
    ("budget:\n  activities:\n    - {name: A, plan: [1, -2]}\n", "budget.activities[0].plan[1]"),
    ("plan: {language: fr}\n", "plan.language"),
    ("plan: {currency: XYZ}\n", "plan.currency"),
    ("budget:\n  activities:\n    - {name: A, plan: [1,1,1,1,1,1,1,1,1,1,1,1,1]}\n",
     "budget.activities[0].plan[12]"),
    ("plan: [unclosed\n", "invalid YAML at line 2"),
    ("plan: {colour: red}\n", "plan.colour: unknown field"),
])
def test_bad_spec_exits_2_naming_the_field_and_writes_nothing(tmp_path: Path, capsys,
                                                              spec_text: str, words: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    out = tmp_path / "plan.xlsx"
    assert run("new", str(out), "--spec", str(spec)) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.startswith("mktplan: error:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.yaml"]


@pytest.mark.parametrize("args, words", [
    (["--fiscal-start", "13"], "--fiscal-start"),
    (["--fiscal-start", "April"], "--fiscal-start"),
    (["--lang", "fr"], "--lang"),
    (["--year", "20x7"], "--year"),
])
def test_bad_options_exit_2(tmp_path: Path, capsys, args: list[str], words: str) -> None:
    with pytest.raises(SystemExit) as info:
        run("new", str(tmp_path / "p.xlsx"), *args)
    assert info.value.code == 2
    assert words in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_output_problems(tmp_path: Path, capsys) -> None:
    assert run("new", str(tmp_path / "plan.xls")) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert run("new", str(tmp_path / "missing" / "plan.xlsx")) == 2
    assert "does not exist" in capsys.readouterr().err
    assert run("new", str(tmp_path / "p.xlsx"), "--spec", str(tmp_path / "nope.yaml")) == 2
    assert "spec file not found" in capsys.readouterr().err


def test_options_override_the_spec(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    assert run("new", str(out), "--spec", str(EXAMPLES / "en.yaml"), "--lang", "zh",
               "--year", "2030", "--fiscal-start", "7", "--currency", "cny") == 0
    book = Book(out)
    assert book.visible_sheetnames == expected_sheet_names("zh")
    assert {"说明", "预算跟踪", "销售预测", "汇总"} <= set(book.visible_sheetnames)
    first_month = book.value("BudgetMonthHeaders")
    assert first_month.startswith("2030") and "7" in first_month
    assert any("CNY" in text for text in book.texts(book.sheet_of("BudgetPlanInputs")))
    assert book.value("BudgetLineNames") == "Market research"  # spec names stay as given


@pytest.mark.parametrize("language", ["en", "vi", "zh"])
def test_spec_example_prints_a_valid_spec(tmp_path: Path, capsys, language: str) -> None:
    assert run("spec", "--example", "--lang", language) == 0
    text = capsys.readouterr().out
    data = yaml.safe_load(text)
    assert data["plan"]["language"] == language
    spec = tmp_path / "s.yaml"
    spec.write_text(text, encoding="utf-8")
    assert run("spec", "--check", str(spec)) == 0
    assert "valid" in capsys.readouterr().out
    assert run("new", str(tmp_path / "p.xlsx"), "--spec", str(spec)) == 0


def test_spec_check_reports_problems(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("sales: {products: []}\n", encoding="utf-8")
    assert run("spec", "--check", str(spec)) == 2
    assert "sales.products" in capsys.readouterr().err


def test_recalc_command_checks_its_inputs(tmp_path: Path, capsys) -> None:
    assert run("recalc", str(tmp_path / "none.xlsx"), "--out-dir", str(tmp_path / "o")) == 2
    assert "no such workbook" in capsys.readouterr().err


def test_new_with_udfs_adds_the_add_in_sheets(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    assert run("new", str(out), "--udfs", "--lang", "zh") == 0
    book = Book(out)
    assert book.visible_sheetnames[-1] == "函数"
    assert book.book["xlwings.conf"].sheet_state == "hidden"


def test_output_cut_short_by_the_reader_is_no_error(tmp_path: Path) -> None:
    """`mktplan read plan.xlsx | head -1`: the pipe closes early; no "internal error", exit 0."""
    plan = tmp_path / "plan.xlsx"
    assert run("new", str(plan)) == 0
    reader = subprocess.Popen([sys.executable, "-m", "mktplan_xl", "read", str(plan), "--format", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()          # what `head` does once it has its lines (here before the first one)
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 0
    assert "internal error" not in err and "Traceback" not in err
