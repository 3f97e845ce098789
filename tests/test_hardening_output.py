"""Issue 7, output: well-formed XML always, a full disk, file modes, symbolic links."""

from __future__ import annotations

import errno
import math
import os
import stat
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES
from mktplan_xl import Plan, cli
from mktplan_xl.builder import build_model
from mktplan_xl.render import write_workbook
from xml_check import xml_problems

TRICKY = {"plan": {"name": "=HYPERLINK(\"http://x\",\"y\") & <b>", "company": "A&B \"Co\" 'Ltd' _x0041_",
                   "prepared_by": "tab\there\nline\rcr"},
          "budget": {"activities": [{"name": "]]> <!-- -->", "group": "<5", "plan": [1]},
                                    {"name": "\u202e RTL \U0001F600 emoji", "group": "\u00a0", "plan": [2]}]},
          "sales": {"products": [{"name": "😀" * 200, "unit": "&amp;", "units": [3], "price": 4}]}}


@pytest.mark.parametrize("make", [
    lambda: Plan.default(language="en"), lambda: Plan.default(language="vi", fiscal_year_start=4),
    lambda: Plan.default(language="zh"), lambda: Plan.from_file(EXAMPLES / "en.yaml"),
    lambda: Plan.from_file(EXAMPLES / "vi.yaml"), lambda: Plan.from_dict(TRICKY),
], ids=["default-en", "default-vi-fy4", "default-zh", "example-en", "example-vi", "tricky-text"])
def test_every_xml_part_of_a_generated_workbook_parses(tmp_path: Path, make) -> None:
    path = make().save(tmp_path / "p.xlsx", udfs=True)
    assert xml_problems(path) == []


def test_render_guard_never_writes_invalid_xml_or_a_non_finite_number(tmp_path: Path) -> None:
    """Last line of defence: even text or values that bypassed the spec stay well-formed."""
    plan = Plan.from_dict({"budget": {"activities": [{"name": "Ads", "plan": [1]}]}})
    model = build_model(plan.spec)
    budget = model.sheet("budget")
    row, col = next(k for k, c in budget.cells.items() if c.value == "Ads")
    budget.cells[(row, col)].value = "A\x01\ufffe\ud800z"
    evaluate = model.evaluate

    def poisoned() -> dict:
        values = evaluate()
        numbers = [k for k, v in values.items() if isinstance(v, float)]
        texts = [k for k, v in values.items() if isinstance(v, str)]
        values[numbers[0]], values[numbers[1]] = float("inf"), float("nan")
        values[texts[0]] = "bad\x02\uffff"
        return values

    model.evaluate = poisoned
    path = tmp_path / "guarded.xlsx"
    write_workbook(model, path)
    assert xml_problems(path) == []
    with zipfile.ZipFile(path) as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<v>inf</v>" not in sheets and b"<v>nan</v>" not in sheets
    assert sheets.count(b't="e"') >= 2 and b"#NUM!" in sheets
    texts = {c.value for ws in openpyxl.load_workbook(path) for r in ws.iter_rows() for c in r}
    assert "A\ufffd\ufffd\ufffdz" in texts


def _no_space(monkeypatch) -> None:
    calls = []
    real = zipfile.ZipFile.write

    def write(self, *args, **kwargs):
        calls.append(args)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", write)


def test_full_disk_gives_one_message_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch, capsys) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "plan.xlsx").write_bytes(b"old")
    _no_space(monkeypatch)
    assert cli.main(["new", str(out_dir / "plan.xlsx"), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"mktplan: error: cannot write {out_dir / 'plan.xlsx'}: the disk is full" in err
    assert [p.name for p in out_dir.iterdir()] == ["plan.xlsx"]
    assert (out_dir / "plan.xlsx").read_bytes() == b"old"
    assert list(scratch.iterdir()) == []   # XlsxWriter's temporary files are gone too


def test_new_file_honours_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        path = Plan.default().save(tmp_path / "p.xlsx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"old")
    path.chmod(0o604)
    Plan.default().save(path, force=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_force_writes_through_a_symbolic_link(tmp_path: Path, capsys) -> None:
    real = tmp_path / "real" / "plan.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    assert cli.main(["new", str(link)]) == 2
    assert "already exists" in capsys.readouterr().err and real.read_bytes() == b"old"
    assert cli.main(["new", str(link), "--force"]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert openpyxl.load_workbook(real).sheetnames[0] == "About"
    assert sorted(p.name for p in real.parent.iterdir()) == ["plan.xlsx"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
@pytest.mark.parametrize("force", [False, True])
def test_dangling_symbolic_link_is_not_overwritten(tmp_path: Path, capsys, force: bool) -> None:
    link = tmp_path / "plan.xlsx"
    link.symlink_to(tmp_path / "elsewhere" / "gone.xlsx")
    assert cli.main(["new", str(link), *(["--force"] if force else [])]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_unexpected_error_is_one_line_not_a_traceback(tmp_path: Path, monkeypatch, capsys) -> None:
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("mktplan_xl.plan.build_model", broken)
    monkeypatch.delenv("MKTPLAN_DEBUG", raising=False)
    assert cli.main(["new", str(tmp_path / "p.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mktplan: internal error (ZeroDivisionError: a bug)") and "Traceback" not in err


def test_largest_amounts_give_finite_cached_values(tmp_path: Path) -> None:
    top = [1e15] * 12
    plan = Plan.from_dict({"budget": {"contingency_pct": 1, "activities": [{"name": "A", "plan": top, "actual": top}]},
                           "sales": {"products": [{"name": "P", "units": top, "price": 1e15}]}})
    path = plan.save(tmp_path / "max.xlsx")
    assert xml_problems(path) == []
    cached = [c.value for ws in openpyxl.load_workbook(path, data_only=True) for r in ws.iter_rows() for c in r]
    numbers = [v for v in cached if isinstance(v, float)]
    assert numbers and all(map(math.isfinite, numbers)) and max(numbers) >= 1.2e31
