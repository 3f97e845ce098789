"""Shared fixtures: example specs, and workbooks recalculated in LibreOffice.

LibreOffice tests skip when soffice is missing, except under CI (``CI`` set),
where they fail instead.
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
    return require_soffice()
