"""The LibreOffice helpers: skip locally without soffice, fail under CI; clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest
from mktplan_xl import RecalcError
from mktplan_xl import recalc


def test_missing_soffice_skips_locally(monkeypatch) -> None:
    monkeypatch.setattr(conftest, "find_soffice", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        conftest.require_soffice()


def test_missing_soffice_fails_under_ci(monkeypatch) -> None:
    monkeypatch.setattr(conftest, "find_soffice", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        conftest.require_soffice()


def test_recalculate_refuses_without_soffice(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(recalc, "find_soffice", lambda: None)
    source = tmp_path / "in" / "a.xlsx"
    source.parent.mkdir()
    source.write_bytes(b"x")
    with pytest.raises(RecalcError, match="not installed"):
        recalc.recalculate([source], tmp_path / "out")


def test_recalculate_needs_another_folder(tmp_path: Path) -> None:
    source = tmp_path / "a.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(RecalcError, match="must differ"):
        recalc.recalculate([source], tmp_path)


def test_a_file_libreoffice_cannot_read_is_reported(soffice: str, tmp_path: Path) -> None:
    """soffice exits 0 when a conversion fails; the missing output is what tells."""
    source = tmp_path / "in" / "broken.xlsx"
    source.parent.mkdir()
    source.write_bytes(b"this is not a zip file")
    with pytest.raises(RecalcError, match="did not write broken.xlsx"):
        recalc.recalculate([source], tmp_path / "out")
