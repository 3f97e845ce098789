"""Issue 7, `mktplan recalc`: never a stale file reported as new, no overwrite without
--force, no two inputs onto one output, clear messages for a bad OUT_DIR, .xlsm handled."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mktplan_xl import Plan, cli


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    return Plan.default(year=2027).save(tmp_path_factory.mktemp("src") / "plan.xlsx")


def recalc(*args: str) -> int:
    return cli.main(["recalc", *args])


def test_out_dir_that_is_a_file_is_an_error(tmp_path: Path, workbook: Path, capsys) -> None:
    out = tmp_path / "out"
    out.write_text("a file")
    assert recalc(str(workbook), "--out-dir", str(out)) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_two_inputs_with_one_output_name_are_refused(tmp_path: Path, workbook: Path, capsys) -> None:
    other = tmp_path / "b" / "plan.xlsx"
    other.parent.mkdir()
    other.write_bytes(workbook.read_bytes())
    assert recalc(str(workbook), str(other), "--out-dir", str(tmp_path / "out")) == 2
    err = capsys.readouterr().err
    assert str(workbook) in err and str(other) in err and "both be written as" in err
    assert not (tmp_path / "out").exists()


def test_existing_output_needs_force(tmp_path: Path, workbook: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.xlsx").write_bytes(b"precious")
    assert recalc(str(workbook), "--out-dir", str(out)) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert (out / "plan.xlsx").read_bytes() == b"precious"


def test_only_workbooks_are_taken(tmp_path: Path, capsys) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert recalc(str(text), "--out-dir", str(tmp_path / "out")) == 2
    assert ".xlsx or .xlsm" in capsys.readouterr().err


def test_failed_conversion_never_reports_a_stale_file(soffice: str, tmp_path: Path, workbook: Path,
                                                      capsys) -> None:
    broken = tmp_path / "in" / "broken.xlsx"
    broken.parent.mkdir()
    broken.write_bytes(b"not a zip file")
    out = tmp_path / "out"
    out.mkdir()
    (out / "broken.xlsx").write_bytes(b"stale")
    assert recalc(str(broken), str(workbook), "--out-dir", str(out), "--force") == 2
    captured = capsys.readouterr()
    assert "did not write broken.xlsx" in captured.err and "nothing was written" in captured.err
    assert "wrote" not in captured.out
    assert sorted(p.name for p in out.iterdir()) == ["broken.xlsx"]   # no plan.xlsx, no staging folder
    assert (out / "broken.xlsx").read_bytes() == b"stale"


def test_xlsm_is_converted_to_xlsx_and_reported(soffice: str, tmp_path: Path, workbook: Path,
                                                capsys) -> None:
    source = tmp_path / "in" / "macro.xlsm"
    source.parent.mkdir()
    source.write_bytes(workbook.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "macro.xlsx").write_bytes(b"old")
    assert recalc(str(source), "--out-dir", str(out), "--force") == 0
    assert f"wrote {out / 'macro.xlsx'} (from macro.xlsm; macros are not kept)" in capsys.readouterr().out
    assert openpyxl.load_workbook(out / "macro.xlsx").sheetnames[0] == "About"
    assert sorted(p.name for p in out.iterdir()) == ["macro.xlsx"]
