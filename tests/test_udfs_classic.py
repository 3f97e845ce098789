"""The classic add-in module ``mktplan_udfs``: registration metadata and results.

On Windows, ``xlwings.func``/``arg`` are ``xlwings.udfs.xlfunc``/``xlarg``,
which store what "Import Functions" registers in ``f.__xlfunc__``. Elsewhere
they are no-ops, so to check that metadata on any OS the ``registered``
fixture imports the real ``xlwings.udfs`` with its Windows-only imports
(pythoncom, pywintypes, win32com) stubbed, and re-imports ``mktplan_udfs``
with those decorators. No licence key is involved.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import xlwings

from mktplan_xl import finance as fin

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "README.md"


def import_udfs() -> ModuleType:
    """Import ``mktplan_udfs`` afresh: installed, or straight from the repository's ``udfs/``."""
    sys.modules.pop("mktplan_udfs", None)
    if importlib.util.find_spec("mktplan_udfs") is not None:
        return importlib.import_module("mktplan_udfs")
    spec = importlib.util.spec_from_file_location("mktplan_udfs", ROOT / "udfs" / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["mktplan_udfs"] = module
    spec.loader.exec_module(module)
    return module


def _windows_stubs() -> dict[str, ModuleType]:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = type("com_error", (Exception,), {})
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *args, **kwargs: None
    win32com.client = client
    return {"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com, "win32com.client": client}


@pytest.fixture(scope="module")
def registered() -> ModuleType:
    """``mktplan_udfs`` as decorated by xlwings' real classic UDF decorators."""
    had_udfs = "xlwings.udfs" in sys.modules
    with pytest.MonkeyPatch.context() as patch:
        for name, stub in _windows_stubs().items():
            if name not in sys.modules:
                patch.setitem(sys.modules, name, stub)
        xl_udfs = importlib.import_module("xlwings.udfs")
        patch.setattr(xlwings, "func", xl_udfs.xlfunc)
        patch.setattr(xlwings, "arg", xl_udfs.xlarg)
        patch.setattr(xlwings, "ret", xl_udfs.xlret)
        module = import_udfs()
    if not had_udfs:
        sys.modules.pop("xlwings.udfs", None)
        if hasattr(xlwings, "udfs"):
            delattr(xlwings, "udfs")
    sys.modules.pop("mktplan_udfs", None)  # the next import gets the plain decorators again
    return module


@pytest.fixture(scope="module")
def plain() -> ModuleType:
    return import_udfs()


def registered_functions(module: ModuleType) -> dict[str, Any]:
    return {name: obj for name, obj in vars(module).items() if hasattr(obj, "__xlfunc__")}


def test_every_registry_function_is_registered(registered: ModuleType) -> None:
    assert set(registered_functions(registered)) == {info.excel_name for info in fin.FUNCTIONS}


@pytest.mark.parametrize("info", fin.FUNCTIONS, ids=lambda info: info.excel_name)
def test_registration_metadata(registered: ModuleType, info: fin.FunctionInfo) -> None:
    meta = getattr(registered, info.excel_name).__xlfunc__
    assert meta["name"] == info.excel_name
    assert meta["category"] == "Marketing Plan"
    assert meta["sub"] is False and meta["volatile"] is False and meta["async_mode"] is None
    assert meta["ret"]["doc"] == info.description
    assert [a["name"] for a in meta["args"]] == [a.name for a in info.args]
    for xl_arg, spec in zip(meta["args"], info.args):
        assert xl_arg["doc"] == spec.help and len(xl_arg["doc"]) <= 255  # Excel's MacroOptions limit
        assert xl_arg["options"] == {"ndim": 2, "err_to_str": True}
        assert ("optional" in xl_arg) == spec.optional
        assert not xl_arg["vararg"] and xl_arg["vba"] is None
    assert len(meta["ret"]["doc"]) <= 255
    assert meta["ret"]["options"] == {}  # no legacy expand: results spill natively


@pytest.mark.parametrize("info", fin.FUNCTIONS, ids=lambda info: info.excel_name)
def test_wrappers_give_worked_examples(plain: ModuleType, info: fin.FunctionInfo) -> None:
    as_ranges = [excel_arg(value) for value in info.example.args]
    result = getattr(plain, info.excel_name)(*as_ranges)
    expected = info.example.result
    if isinstance(expected, list):
        assert result == expected
    elif isinstance(expected, str):
        assert result == expected
    else:
        assert result == pytest.approx(expected, rel=1e-12)


def test_plain_import_has_no_metadata_off_windows(plain: ModuleType) -> None:
    if sys.platform.startswith("win"):
        pytest.skip("on Windows the decorators register for real")
    assert not registered_functions(plain)
    assert plain.MKT_VARIANCE([[85.0]], [[100.0]]) == -15.0


# --------------------------------------------------------------------------- docs tables

def excel_arg(value: Any) -> Any:
    """A Python example argument as xlwings delivers it with ndim=2."""
    if isinstance(value, (list, tuple)):
        rows = value if value and isinstance(value[0], (list, tuple)) else [value]
        return [list(row) for row in rows]
    return [[value]]


def parse_literal(text: str) -> Any:
    """An Excel literal from the docs: number, "text", TRUE/FALSE, #ERROR, {array}; blank is None."""
    text = text.strip()
    if text == "":
        return None
    if text.startswith('"'):
        return text[1:-1].replace('""', '"')
    if text in ("TRUE", "FALSE"):
        return text == "TRUE"
    if text.startswith("#"):
        return text
    if text.startswith("{"):
        return [[parse_literal(v) for v in row.split(",")] for row in text[1:-1].split(";")]
    return float(text)


def split_args(body: str) -> list[str]:
    """Split formula arguments at top-level commas (not inside "text" or {arrays})."""
    args, current, depth, quoted = [], "", 0, False
    for char in body:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "{}":
            depth += 1 if char == "{" else -1
        if char == "," and not quoted and depth == 0:
            args.append(current)
            current = ""
        else:
            current += char
    return args + [current]


def parse_formula(formula: str) -> tuple[str, list[Any]]:
    match = re.fullmatch(r"=(MKT_\w+)\((.*)\)", formula)
    assert match, formula
    return match.group(1), [parse_literal(arg) for arg in split_args(match.group(2))]


def test_formula_parser() -> None:
    assert parse_formula('=MKT_X(,1,"a,b",{1,2;3,#N/A},TRUE,)') == (
        "MKT_X", [None, 1.0, "a,b", [[1.0, 2.0], [3.0, "#N/A"]], True, None])


def to_xlwings(value: Any) -> Any:
    """A parsed literal as xlwings passes it: ranges 2-D, scalars 1x1, an omitted argument None."""
    if value is None or isinstance(value, list):
        return value
    return [[value]]


def error_table_rows() -> list[tuple[str, str]]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("### Errors", 1)[1].split("\n### ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2].startswith("`="):
            rows.append((cells[2].strip("`"), cells[3].strip("`")))
    return rows


def test_docs_error_table_is_complete() -> None:
    rows = error_table_rows()
    assert len(rows) >= 30
    gives = {expected for _, expected in rows}
    assert {"#DIV/0!", "#NUM!", "#VALUE!", "#N/A"} <= gives


@pytest.mark.parametrize(("formula", "expected"), error_table_rows())
def test_docs_error_table_holds(plain: ModuleType, formula: str, expected: str) -> None:
    name, args = parse_formula(formula)
    result = getattr(plain, name)(*[to_xlwings(a) for a in args])
    want = parse_literal(expected)
    if isinstance(want, list):
        assert result == [[w if isinstance(w, str) else pytest.approx(w) for w in row] for row in want]
    elif isinstance(want, float):
        assert result == pytest.approx(want)
    else:
        assert result == want


def test_docs_list_every_function() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for info in fin.FUNCTIONS:
        assert f"`{info.signature()}`" in text
        assert f"`{info.example_formula()}`" in text
