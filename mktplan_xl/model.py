"""In-memory workbook model that sheet builders fill and the renderer writes.

Builders place cells (constants or :mod:`formula` objects, each with a style
key from :mod:`styles`), names, validations, conditional formats and charts.
The model evaluates every formula in Python (``WorkbookModel.evaluate``) so the
renderer can cache the values; it never touches files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from .errors import FormulaError, WorkbookLimitError
from .formula import Area, Expr, Ref, Scalar, evaluate

CellValue = Union[Expr, float, int, str, bool, None]

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NAME_PATTERN = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.]*$")
_CELL_LIKE = re.compile(r"^(?:[A-Za-z]{1,3}[0-9]+|[RrCc][0-9]*([RrCc][0-9]*)?)$")


def check_sheet_name(name: str) -> str:
    """Return ``name`` if Excel accepts it as a sheet name, else raise."""
    if not name or len(name) > 31:
        raise WorkbookLimitError(f"sheet name {name!r} must have 1 to 31 characters")
    if _SHEET_NAME_FORBIDDEN.search(name) or name.startswith("'") or name.endswith("'"):
        raise WorkbookLimitError(f"sheet name {name!r} may not contain []:*?/\\ or start/end with '")
    if name.lower() == "history":
        raise WorkbookLimitError("'History' is reserved by Excel")
    return name


def check_defined_name(name: str) -> str:
    """Return ``name`` if Excel accepts it as a defined name, else raise."""
    if len(name) > 255 or not _NAME_PATTERN.match(name) or _CELL_LIKE.match(name):
        raise WorkbookLimitError(f"{name!r} is not a valid Excel defined name")
    return name


@dataclass(slots=True)
class Cell:
    value: CellValue
    style: Optional[str] = None


@dataclass
class Validation:
    """Data validation over an area, in XlsxWriter's option vocabulary."""

    area: Area
    options: dict


@dataclass
class ConditionalFormat:
    area: Area
    options: dict          # XlsxWriter options; "format" is a style key, criteria may be an Expr
    style: Optional[str] = None


@dataclass
class ChartSeries:
    name: Union[Ref, str]
    categories: Area
    values: Area


@dataclass
class Chart:
    kind: str                       # "column", "line", "pie", "bar"
    title: str
    anchor: tuple[int, int]
    series: list[ChartSeries]
    size: tuple[int, int] = (720, 300)


@dataclass
class SheetModel:
    """One worksheet: ``key`` is the stable id used in references, ``name`` the shown name."""

    key: str
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    col_widths: dict[int, float] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)
    row_heights: dict[int, float] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    conditional_formats: list[ConditionalFormat] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    freeze: Optional[tuple[int, int]] = None
    landscape: bool = True
    fit_width: bool = True
    repeat_rows: Optional[tuple[int, int]] = None
    protect: bool = True
    tab_color: Optional[str] = None

    def __post_init__(self) -> None:
        check_sheet_name(self.name)

    def set(self, row: int, col: int, value: CellValue, style: Optional[str] = None) -> Ref:
        """Place a value or formula; returns a reference to the cell."""
        self.cells[(row, col)] = Cell(value, style)
        return Ref(self.key, row, col)

    def ref(self, row: int, col: int, absolute: bool = False) -> Ref:
        return Ref(self.key, row, col, absolute, absolute)

    def area(self, row1: int, col1: int, row2: int, col2: int, absolute: bool = False) -> Area:
        return Area(self.key, row1, col1, row2, col2, absolute, absolute)

    def merge(self, row1: int, col1: int, row2: int, col2: int, value: CellValue,
              style: Optional[str] = None) -> None:
        self.set(row1, col1, value, style)
        for r in range(row1, row2 + 1):
            for c in range(col1, col2 + 1):
                if (r, c) != (row1, col1):
                    self.cells.pop((r, c), None)
        self.merges.append((row1, col1, row2, col2))

    def validate(self, area: Area, **options: Any) -> None:
        self.validations.append(Validation(area, options))

    def highlight(self, area: Area, style: str, **options: Any) -> None:
        self.conditional_formats.append(ConditionalFormat(area, options, style))


@dataclass
class WorkbookModel:
    sheets: list[SheetModel] = field(default_factory=list)
    names: dict[str, Union[Ref, Area]] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    active_sheet: Optional[str] = None
    styles: dict[str, dict] = field(default_factory=dict)
    _values: dict[tuple[str, int, int], Scalar] = field(default_factory=dict, repr=False)
    _pending: set[tuple[str, int, int]] = field(default_factory=set, repr=False)
    _index: dict[str, SheetModel] = field(default_factory=dict, repr=False)
    array_cache: dict = field(default_factory=dict, repr=False)

    # building --------------------------------------------------------------
    def add_sheet(self, key: str, name: str, **options: Any) -> SheetModel:
        lowered = {s.name.lower() for s in self.sheets}
        if name.lower() in lowered:
            raise WorkbookLimitError(f"two sheets would be named {name!r}")
        sheet = SheetModel(key, name, **options)
        self.sheets.append(sheet)
        return sheet

    def sheet(self, key: str) -> SheetModel:
        for sheet in self.sheets:
            if sheet.key == key:
                return sheet
        raise KeyError(key)

    def define(self, name: str, target: Union[Ref, Area]) -> None:
        check_defined_name(name)
        if name in self.names:
            raise WorkbookLimitError(f"defined name {name} is defined twice")
        self.names[name] = target

    def order(self, keys: list[str]) -> None:
        """Put the sheets in this order (tab order in the file)."""
        by_key = {s.key: s for s in self.sheets}
        self.sheets = [by_key[k] for k in keys] + [s for s in self.sheets if s.key not in keys]

    @property
    def sheet_names(self) -> dict[str, str]:
        return {s.key: s.name for s in self.sheets}

    # evaluation ------------------------------------------------------------
    def cell_value(self, sheet: str, row: int, col: int) -> Scalar:
        key = (sheet, row, col)
        try:
            return self._values[key]
        except KeyError:
            pass
        owner = self._sheet_index().get(sheet)
        cell = owner.cells.get((row, col)) if owner is not None else None
        if cell is None:
            return None
        if not isinstance(cell.value, Expr):
            return cell.value
        if key in self._pending:
            raise FormulaError(f"circular reference at {sheet}!{row + 1},{col + 1}")
        self._pending.add(key)
        try:
            value = evaluate(cell.value, self)
        finally:
            self._pending.discard(key)
        self._values[key] = value
        return value

    def block_values(self, sheet: str, row1: int, col1: int, row2: int, col2: int) -> list[list[Scalar]]:
        """Values of a rectangle of cells, rows of columns (the value of a range)."""
        owner = self._sheet_index().get(sheet)
        if owner is None:
            return [[None] * (col2 - col1 + 1) for _ in range(row1, row2 + 1)]
        cells, values, compute = owner.cells.get, self._values, self.cell_value
        rows = []
        for r in range(row1, row2 + 1):
            row = []
            for c in range(col1, col2 + 1):
                cell = cells((r, c))
                if cell is None:
                    row.append(None)
                elif not isinstance(cell.value, Expr):
                    row.append(cell.value)
                else:
                    key = (sheet, r, c)
                    row.append(values[key] if key in values else compute(sheet, r, c))
            rows.append(row)
        return rows

    def _sheet_index(self) -> dict[str, SheetModel]:
        if not self._index:
            self._index = {s.key: s for s in self.sheets}
        return self._index

    def name_target(self, name: str) -> Expr:
        try:
            return self.names[name]
        except KeyError:
            raise FormulaError(f"formula uses undefined name {name}") from None

    def evaluate(self) -> dict[tuple[str, int, int], Scalar]:
        """Compute every formula cell; returns {(sheet key, row, col): value}."""
        self._values.clear()
        self._index = {s.key: s for s in self.sheets}
        try:
            for sheet in self.sheets:
                for (row, col), cell in sheet.cells.items():
                    if isinstance(cell.value, Expr):
                        self.cell_value(sheet.key, row, col)
        finally:
            self.array_cache.clear()
        return self._values

    def value_of(self, name: str) -> Scalar:
        """Value of a single-cell defined name (after :meth:`evaluate`)."""
        target = self.names[name]
        if not isinstance(target, Ref):
            raise FormulaError(f"{name} is a range, not a single cell")
        return self.cell_value(target.sheet, target.row, target.col)
