"""The xlwings Lite bundle: files, overwrite rules, and the same results as the core.

The generated ``main.py`` is imported in a separate, isolated Python process
with only the bundle folder added to ``sys.path`` and ``mktplan_*`` imports
blocked, as in xlwings Lite where only the pasted code exists.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import xlwings

from mktplan_xl import finance as fin
from mktplan_xl.cli import main as cli_main
from mktplan_xl.finance import breakeven, engine
from mktplan_xl.lite import (
    LiteBundleExistsError,
    LiteExportError,
    build_main_py,
    build_requirements_txt,
    write_lite_bundle,
)

ROOT = Path(__file__).resolve().parent.parent


def classic_module() -> ModuleType:
    """``mktplan_udfs``, installed or loaded from the repository's ``udfs/``."""
    if importlib.util.find_spec("mktplan_udfs") is not None:
        return importlib.import_module("mktplan_udfs")
    spec = importlib.util.spec_from_file_location("mktplan_udfs_repo", ROOT / "udfs" / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def r(*values: Any) -> list[list[Any]]:
    """A one-row range as xlwings delivers it."""
    return [list(values)]


def c(*values: Any) -> list[list[Any]]:
    """A one-column range as xlwings delivers it."""
    return [[v] for v in values]


# Inputs as xlwings passes them (ndim=2): worked examples plus every kind of error.
CASES: list[tuple[str, list[Any]]] = [
    (info.excel_name, [v if isinstance(v, list) and v and isinstance(v[0], list) else
                       (r(*v) if isinstance(v, list) else [[v]]) for v in info.example.args])
    for info in fin.FUNCTIONS
] + [
    ("MKT_BREAKEVEN_UNITS", [c(300000, 1000, -5, "x", None), [[20]], [[10]], None]),
    ("MKT_BREAKEVEN_UNITS", [[[300000]], c(20, 10, 8), [[10]], [[200000]]]),
    ("MKT_BREAKEVEN_UNITS", [[[300000]], [[20]], [[10]], [[None]]]),
    ("MKT_BREAKEVEN_REVENUE", [c(300000, 0), [[20]], c(10, 20), None]),
    ("MKT_BREAKEVEN_PRICE", [[[300000]], [[10]], r(50000, 0, -1), [[-400000]]]),
    ("MKT_CONTRIBUTION_MARGIN", [r(20, 0, 5), [[10]], r(True, True, False)]),
    ("MKT_CONTRIBUTION_MARGIN", [[[20]], [[10]], [["maybe"]]]),
    ("MKT_MARGIN_OF_SAFETY", [r(50000, 0, 20000), [[300000]], [[20]], [[10]]]),
    ("MKT_UNIT_COST", [[[10]], [[300000]], r(50000, 0, "#N/A")]),
    ("MKT_MARKUP_PRICE", [[[16]], r(0.25, 0.2, 1.0, -0.1), r("cost", "PRICE", "price", "cost")]),
    ("MKT_MARKUP_PRICE", [[[16]], [[0.2]], [["retail"]]]),
    ("MKT_MARKUP_CONVERT", [c(0.25, 0.2, 1.0), c("cost", "price", "price")]),
    ("MKT_TARGET_RETURN_PRICE", [[[16]], [[1000000]], r(0.2, -0.1), [[50000]]]),
    ("MKT_NET_PRICE", [c(40, 100, -1), r(0.5, 0.02)]),
    ("MKT_NET_PRICE", [[[100]], [[0.1, 0.2], [0.3, 0.4]]]),
    ("MKT_NET_PRICE", [[[100]], c(0.2, None, 1.5)]),
    ("MKT_PRICE_INDEX", [r(6000, 7000), c(7000, 6500, None)]),
    ("MKT_PRICE_INDEX", [[[6000]], c(None, None)]),
    ("MKT_VARIANCE", [r(1, 2, 3), r(1, 2)]),
    ("MKT_VARIANCE", [[["#REF!"]], [[True]]]),
    ("MKT_VARIANCE", [[[1e308]], [[-1e308]]]),
    ("MKT_VARIANCE_PCT", [r(85, 90, -50), r(100, 0, -100)]),
    ("MKT_VARIANCE_FLAG", [c(85, 120, 100, 104), [[100]], c("cost", "cost", "revenue", "Revenue"), [[5]]]),
    ("MKT_VARIANCE_FLAG", [[[85]], [[100]], [["loss"]], None]),
    ("MKT_PACING", [r(12, 12, 12, 12), r(20, 0, 20, 20), r(0.5, 0.5, 0, 1.5)]),
    ("MKT_ALLOCATE", [[[1000]], [[1, None, 2], [3, 0, 4]]]),
    ("MKT_ALLOCATE", [[[100]], c(3, -2)]),
    ("MKT_ALLOCATE", [r(100, 200), c(3, 2)]),
    ("MKT_PROGRESS", [r(560, 80, 1), r(500, 100, 5), r(650, 70, 5)]),
    ("MKT_ROMI", [[[150]], r(35, 0, 35), r(0.4, 0.4, 1.2)]),
    ("MKT_ROMI", [[[150]], [[50]], None]),
]

_CHILD = r'''
import importlib.abc, json, sys
sys.dont_write_bytecode = True  # leave the bundle folder as it was written
bundle = sys.argv[1]
sys.path.insert(0, bundle)
attempts = []

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mktplan_xl", "mktplan_udfs"):
            attempts.append(name)
            raise ImportError(f"{name} is not available in xlwings Lite")
        return None

sys.meta_path.insert(0, Block())

import xlwings
recorded = {}

def func(f=None, **options):
    def inner(g):
        recorded.setdefault(g.__name__, {"args": {}})["func"] = options
        return g
    return inner(f) if f is not None else inner

def arg(name, convert=None, **options):
    def inner(g):
        recorded.setdefault(g.__name__, {"args": {}})["args"][name] = options
        return g
    return inner

if sys.argv[2] == "record":
    xlwings.func, xlwings.arg = func, arg
import main

cases = json.load(sys.stdin)
results = [getattr(main, name)(*args) for name, args in cases]
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("mktplan_xl", "mktplan_udfs"))
json.dump({"results": results, "recorded": recorded, "attempts": attempts, "loaded": loaded,
           "main_file": main.__file__}, sys.stdout)
'''


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("lite") / "bundle"
    write_lite_bundle(directory)
    return directory


def _run_bundle(bundle: Path, cwd: Path, mode: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-I", "-c", _CHILD, str(bundle), mode],
        input=json.dumps(CASES), capture_output=True, text=True, timeout=120, cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def lite_run(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Import the bundle in a clean, isolated interpreter and run every case there,
    recording what the xlwings decorators are given."""
    return _run_bundle(bundle, tmp_path_factory.mktemp("cwd"), "record")


def test_lite_runs_with_plain_xlwings_decorators(bundle: Path, lite_run: dict[str, Any],
                                                 tmp_path: Path) -> None:
    """The same cases with xlwings' own (unpatched) decorators give the same results."""
    plain = _run_bundle(bundle, tmp_path, "plain")
    assert plain["recorded"] == {} and plain["loaded"] == []
    assert plain["results"] == lite_run["results"]


def test_bundle_files(bundle: Path) -> None:
    assert sorted(p.name for p in bundle.iterdir()) == ["main.py", "requirements.txt"]
    requirements = (bundle / "requirements.txt").read_text().splitlines()
    assert requirements == [f"xlwings=={xlwings.__version__}", "numpy"]
    assert (bundle / "main.py").read_text(encoding="utf-8") == build_main_py()


def test_main_py_is_self_contained(bundle: Path) -> None:
    tree = ast.parse((bundle / "main.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "dataclasses", "logging", "math", "typing", "numpy", "xlwings"}
    froms = {(n.module, a.name) for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    assert {("xlwings", "func"), ("xlwings", "arg")} <= froms


def test_main_py_embeds_the_core_source() -> None:
    text = build_main_py()
    for function in (breakeven._units, engine.evaluate, fin.excel_call, fin.allocate):
        assert inspect.getsource(function) in text


def test_lite_runs_without_the_package(lite_run: dict[str, Any], bundle: Path) -> None:
    assert lite_run["attempts"] == [] and lite_run["loaded"] == []
    assert Path(lite_run["main_file"]).resolve() == (bundle / "main.py").resolve()


def core_result(name: str, args: list[Any]) -> Any:
    """The core's cell value for a case: required arguments by position, optional ones by name."""
    info = fin.FUNCTION_INDEX[name]
    positional = [a for spec, a in zip(info.args, args) if not spec.optional]
    optional = {spec.name: a for spec, a in zip(info.args, args) if spec.optional}
    return fin.excel_call(info.python, *positional, **optional)


def test_lite_results_identical_to_classic_and_core(lite_run: dict[str, Any]) -> None:
    classic = classic_module()
    expected = [getattr(classic, name)(*args) for name, args in CASES]
    assert lite_run["results"] == expected
    assert expected == [core_result(name, args) for name, args in CASES]
    shown = json.dumps(expected)
    for code in ("#DIV/0!", "#NUM!", "#VALUE!", "#N/A", "#REF!"):
        assert code in shown  # the cases cover every error kind


def test_lite_results_match_worked_examples(lite_run: dict[str, Any]) -> None:
    for info, result in zip(fin.FUNCTIONS, lite_run["results"]):
        if isinstance(info.example.result, (str, list)):
            assert result == info.example.result
        else:
            assert result == pytest.approx(info.example.result, rel=1e-12)


def test_lite_decorators_carry_names_and_help(lite_run: dict[str, Any]) -> None:
    recorded = lite_run["recorded"]
    assert set(recorded) == {info.excel_name for info in fin.FUNCTIONS}
    for info in fin.FUNCTIONS:
        entry = recorded[info.excel_name]
        assert entry["func"] == {"category": fin.CATEGORY}
        assert set(entry["args"]) == {a.name for a in info.args}
        for spec in info.args:
            assert entry["args"][spec.name] == {"ndim": 2, "err_to_str": True, "doc": spec.help}


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("pandas\n")
    with pytest.raises(LiteBundleExistsError, match="--force"):
        write_lite_bundle(tmp_path)
    assert not (tmp_path / "main.py").exists()
    assert (tmp_path / "requirements.txt").read_text() == "pandas\n"
    written = write_lite_bundle(tmp_path, force=True)
    assert [p.name for p in written] == ["main.py", "requirements.txt"]
    assert (tmp_path / "requirements.txt").read_text() == build_requirements_txt()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.py", "requirements.txt"]  # no temp files left


def test_target_must_be_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(LiteExportError):
        write_lite_bundle(target)


def test_cli_udfs_lite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "lite"
    assert cli_main(["udfs", "lite", str(target)]) == 0
    assert "main.py" in capsys.readouterr().out
    assert cli_main(["udfs", "lite", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert cli_main(["udfs", "lite", str(target), "--force"]) == 0
