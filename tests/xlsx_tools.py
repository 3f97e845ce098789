"""Reading generated workbooks back: cells found by defined names, cached vs recalculated values."""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import openpyxl
from openpyxl.utils.cell import range_boundaries

ERROR_TEXTS = ("#DIV/0!", "#VALUE!", "#NUM!", "#N/A", "#REF!", "#NAME?", "#NULL!", "Err:")


@dataclass
class FormulaCell:
    sheet: str
    coordinate: str
    formula: str


def formula_cells(path: Path) -> Iterator[FormulaCell]:
    book = openpyxl.load_workbook(path, data_only=False)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    yield FormulaCell(ws.title, cell.coordinate, cell.value)


def values(path: Path) -> dict[tuple[str, str], Any]:
    """{(sheet, coordinate): value} as cached in the file."""
    book = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, cell.coordinate): cell.value
            for ws in book.worksheets for row in ws.iter_rows() for cell in row}


def is_error(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(ERROR_TEXTS)


def _serial(value: Any) -> Any:
    """A date or datetime read by openpyxl as the serial number a spreadsheet holds."""
    if isinstance(value, dt.datetime):
        return (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    if isinstance(value, dt.date):
        return (value - dt.date(1899, 12, 30)).days
    return value


def same(a: Any, b: Any, rel: float = 1e-9) -> bool:
    """Equal as a spreadsheet shows them: blank == "", numbers within rounding, dates as serials."""
    a, b = _serial(a), _serial(b)
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)
    return a == b


@functools.lru_cache(maxsize=8)
def _loaded(path: str, stamp: tuple[int, int], data_only: bool) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path, data_only=data_only)


def _read_only_book(path: Path, data_only: bool = False) -> openpyxl.Workbook:
    """A workbook to read (never to change): loaded once per file version, not once per name."""
    stat = Path(path).stat()
    return _loaded(str(path), (stat.st_mtime_ns, stat.st_size), data_only)


def name_destination(book: openpyxl.Workbook, name: str) -> tuple[str, tuple[int, int, int, int]]:
    """(sheet, (min_col, min_row, max_col, max_row)) of a workbook-scoped defined name."""
    (sheet, ref), = list(book.defined_names[name].destinations)
    return sheet, range_boundaries(ref.replace("$", ""))


def defined_name_cell(path: Path, name: str) -> tuple[str, str]:
    """(sheet, top-left coordinate) of a workbook-scoped defined name."""
    book = _read_only_book(path)
    dn = book.defined_names[name]
    (sheet, ref), = list(dn.destinations)
    return sheet, ref.replace("$", "").split(":")[0]


def defined_name_area(path: Path, name: str) -> tuple[str, tuple[int, int, int, int]]:
    """(sheet, (min_col, min_row, max_col, max_row)) of a defined range."""
    return name_destination(_read_only_book(path), name)


def name_value(path: Path, name: str) -> Any:
    sheet, coordinate = defined_name_cell(path, name)
    return _read_only_book(path, data_only=True)[sheet][coordinate].value


class Book:
    """An openpyxl workbook whose cells tests find by defined name, never by address."""

    def __init__(self, path: Path, data_only: bool = False):
        self.path = Path(path)
        self.book = openpyxl.load_workbook(path, data_only=data_only)

    def sheet_of(self, name: str) -> Any:
        """The worksheet a defined name points into."""
        return self.book[name_destination(self.book, name)[0]]

    def cells(self, name: str) -> list[list[Any]]:
        """The openpyxl cells of a defined name, rows of columns."""
        sheet, (c1, r1, c2, r2) = name_destination(self.book, name)
        ws = self.book[sheet]
        return [[ws.cell(row=r, column=c) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def cell(self, name: str, row: int = 0, col: int = 0) -> Any:
        return self.cells(name)[row][col]

    def values(self, name: str) -> list[list[Any]]:
        return [[c.value for c in row] for row in self.cells(name)]

    def value(self, name: str) -> Any:
        return self.cell(name).value

    @property
    def visible_sheetnames(self) -> list[str]:
        return [ws.title for ws in self.book.worksheets if ws.sheet_state == "visible"]

    def texts(self, sheet: Any) -> list[str]:
        return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def expected_sheet_names(language: str, udfs: bool = False, spec: Any = None) -> list[str]:
    """The visible sheets a plan workbook should have, in tab order, from the sheet registry
    (the add-in's xlwings.conf sheet is hidden)."""
    from mktplan_xl.sheets import REGISTRY
    from mktplan_xl.sheets.protocol import BuildOptions
    from mktplan_xl.templates import Labels

    labels = Labels(language)
    options = BuildOptions(udfs=udfs)
    names = [labels(f"sheets.{cls.key}") for cls in sorted(REGISTRY, key=lambda c: c.tab)
             if cls.wanted(spec, options)]
    return names


def named_column(path: Path, name: str, col: int = 0) -> list[Any]:
    """The cached values of one column of a defined name's area, top to bottom."""
    book = _read_only_book(path, data_only=True)
    sheet, (c1, r1, _, r2) = name_destination(book, name)
    return [book[sheet].cell(row=r, column=c1 + col).value for r in range(r1, r2 + 1)]


_GENERATED: dict[str, bytes] = {}


def generated_copy(key: str, make: Callable[[Path], Path], target: Path) -> Path:
    """``target`` holding the workbook ``make(target)`` writes; made once per ``key`` in a session,
    then copied."""
    if key not in _GENERATED:
        _GENERATED[key] = make(target).read_bytes()
    else:
        target.write_bytes(_GENERATED[key])
    return target


def months(values: list) -> list[float]:
    """Twelve monthly numbers: blanks as 0, missing months as 0."""
    return [float(v or 0) for v in values] + [0.0] * (12 - len(values))


def run_cli(*args: str) -> int:
    """`mktplan ARGS...` in this process; returns the exit code."""
    from mktplan_xl import cli
    return cli.main(list(args))
