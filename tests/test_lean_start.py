"""A lean start: importing the package and setting up the command line import nothing heavy.

`mktplan --help` must not pay for pydantic, the sheets, XlsxWriter, pandas, openpyxl or
calamine (benchmarks/bench_start.py measures it); each is imported when a command needs it.
The checks run in a fresh interpreter, as `sys.modules` of the test session holds everything.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest

import mktplan_xl
from mktplan_xl import cli

ROOT = Path(mktplan_xl.__file__).resolve().parent.parent
HEAVY = ("pydantic", "pydantic_core", "xlsxwriter", "pandas", "numpy", "openpyxl", "python_calamine",
         "yaml", "defusedxml", "rich", "xlwings")
#: Package modules the command line's setup may import; anything else waits for its command.
LEAN = {"mktplan_xl", "mktplan_xl.cli", "mktplan_xl.errors", "mktplan_xl.lite", "mktplan_xl.reader",
        "mktplan_xl.reader.commands"}
COMMANDS = ("new", "spec", "recalc", "pdf", "read", "check", "rollup", "actuals", "diff", "udfs")


def loaded_after(code: str) -> dict[str, list[str]]:
    """The heavy and the package modules a fresh interpreter has loaded after running ``code``."""
    probe = (f"{code}\nimport json, sys\n"
             f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
             "ours = sorted(m for m in sys.modules if m.split('.')[0] == 'mktplan_xl')\n"
             "sys.__stdout__.write('\\n' + json.dumps({'heavy': heavy, 'ours': ours}))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_importing_the_package_imports_nothing_else() -> None:
    found = loaded_after("import mktplan_xl")
    assert found == {"heavy": [], "ours": ["mktplan_xl"]}


def test_help_of_every_command_imports_nothing_heavy() -> None:
    argvs = [["--help"], *([command, "--help"] for command in COMMANDS), ["udfs", "lite", "--help"]]
    found = loaded_after(
        "import contextlib, io\nfrom mktplan_xl.cli import build_parser\n"
        f"for argv in {argvs!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        build_parser().parse_args(argv)\n")
    assert found["heavy"] == []
    assert set(found["ours"]) <= LEAN, sorted(set(found["ours"]) - LEAN)


def test_public_names_are_imported_on_first_use() -> None:
    found = loaded_after("from mktplan_xl import SpecError")
    assert "pydantic" not in found["heavy"] and "mktplan_xl.plan" not in found["ours"]
    from mktplan_xl import Plan, PlanRead, ReadError, SpecError, read_plan  # noqa: F401
    from mktplan_xl.plan import Plan as PlanItself

    assert Plan is PlanItself
    for name in mktplan_xl.__all__:
        assert getattr(mktplan_xl, name) is not None
    assert set(mktplan_xl.__all__) <= set(dir(mktplan_xl))
    from mktplan_xl import names  # a submodule is still imported by `from … import`

    assert names.__name__ == "mktplan_xl.names"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        mktplan_xl.nothing  # noqa: B018


def test_the_reader_package_is_lazy_too() -> None:
    found = loaded_after("import mktplan_xl.reader.commands")
    assert found["heavy"] == []
    from mktplan_xl.reader import ReadError, read_plan
    from mktplan_xl.reader.core import read_plan as read_plan_itself
    from mktplan_xl.reader.safety import ReadError as ReadErrorItself

    assert read_plan is read_plan_itself and ReadError is ReadErrorItself


def test_version_is_the_installed_distributions() -> None:
    assert mktplan_xl.__version__ == importlib.metadata.version(mktplan_xl.DISTRIBUTION)
    assert mktplan_xl.DISTRIBUTION == "mktplan-xl"


def test_version_without_an_installed_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert mktplan_xl._installed_version() == "0+unknown"


def test_version_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"mktplan {mktplan_xl.__version__}\n"


def test_the_command_lines_copies_of_choices() -> None:
    from mktplan_xl.spec import LANGUAGES
    from mktplan_xl.styles import DISPLAY_UNITS

    assert cli.LANGUAGE_CHOICES == tuple(LANGUAGES)
    assert cli.DISPLAY_UNIT_CHOICES == tuple(DISPLAY_UNITS)
