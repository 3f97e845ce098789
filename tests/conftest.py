"""Shared fixtures: example specs, and workbooks recalculated in LibreOffice.

A test needs LibreOffice (soffice, its UNO bridge or poppler's pdftotext) when its fixtures
include ``soffice``; such tests get the ``libreoffice`` marker here, so
``python -m pytest -q -m "not libreoffice"`` is the fast lane. An unmarked test that reaches
LibreOffice fails, naming itself. LibreOffice tests skip when soffice is missing, except under
CI (``CI`` set), where they fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: the same examples on every run under CI, so a green build stays green.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

from mktplan_xl.recalc import find_soffice

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbook_templates" / "examples"


def require_soffice() -> str:
    soffice = find_soffice()
    if soffice:
        return soffice
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is required under CI but is not installed")
    pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice binary; a test or fixture that needs LibreOffice asks for this fixture."""
    return require_soffice()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test whose fixtures include ``soffice`` as a ``libreoffice`` test."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)


@pytest.fixture(autouse=True)
def _libreoffice_only_when_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unmarked test that starts LibreOffice fails: the fast lane never waits for soffice."""
    if request.node.get_closest_marker("libreoffice"):
        return

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail(f"{request.node.nodeid} starts LibreOffice: ask for the `soffice` fixture")

    from mktplan_xl import pdf, recalc
    monkeypatch.setattr(recalc, "run_soffice", refuse)
    monkeypatch.setattr(pdf, "run_soffice", refuse)


@pytest.fixture
def example_workbook(tmp_path: Path):
    """``example_workbook("en")``: a fresh copy of the generated en/vi/zh example plan in this test's
    folder (``plan.xlsx``); each example is generated once per session."""
    from mktplan_xl import Plan
    from xlsx_tools import generated_copy

    def copy(language: str, name: str = "plan.xlsx") -> Path:
        return generated_copy(f"example-{language}",
                              lambda target: Plan.from_file(EXAMPLES / f"{language}.yaml").save(target),
                              tmp_path / name)

    return copy
