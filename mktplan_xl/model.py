"""In-memory workbook model that sheet builders fill and the renderer writes.

Builders place cells (constants, dates, links or :mod:`formula` objects, each
with a style key from :mod:`styles`), names, validations, conditional formats
and charts, all in the model's own terms: formulas are ``Expr`` objects,
never Excel text. The model evaluates every formula in Python
(``WorkbookModel.evaluate``) so the renderer can cache the values; it never
touches files.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

from .errors import SheetDefinitionError, WorkbookLimitError
from .formula import Area, Expr, Operand, Ref, Scalar

if TYPE_CHECKING:
    from .evaluator import CachedValues, Evaluator

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NAME_PATTERN = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.]*$")
_CELL_LIKE = re.compile(r"^(?:[A-Za-z]{1,3}[0-9]+|[RrCc][0-9]*([RrCc][0-9]*)?)$")
LIST_SOURCE_LIMIT = 255      # characters of an inline validation list
VALIDATION_TITLE_LIMIT = 32
VALIDATION_MESSAGE_LIMIT = 255


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


@dataclass(frozen=True)
class Link:
    """A hyperlink to a cell of another sheet of the workbook, shown as ``text``."""

    text: str
    sheet: str          # sheet key
    row: int = 0
    col: int = 0


CellValue = Union[Expr, float, int, str, bool, None, _dt.date, Link]


class _Unset:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<not evaluated>"


UNSET = _Unset()


@dataclass(slots=True)
class Cell:
    """A cell's value (constant or formula), its style key and, once evaluated, a formula's value."""

    value: CellValue
    style: Optional[str] = None
    cached: Any = UNSET


class CellMap:
    """A sheet's cells by ``(row, col)``, kept row by row (``{row: {col: Cell}}``): no key tuple
    per cell, and rows come out in order without sorting a whole sheet (a 20,000-line plan
    holds over a million cells). Reads like a dict of ``(row, col) -> Cell``."""

    __slots__ = ("_rows", "_count")

    def __init__(self) -> None:
        self._rows: dict[int, dict[int, Cell]] = {}
        self._count = 0

    def at(self, row: int, col: int) -> Optional[Cell]:
        found = self._rows.get(row)
        return None if found is None else found.get(col)

    def get(self, key: tuple[int, int], default: Any = None) -> Any:
        found = self._rows.get(key[0])
        return default if found is None else found.get(key[1], default)

    def __getitem__(self, key: tuple[int, int]) -> Cell:
        return self._rows[key[0]][key[1]]

    def __setitem__(self, key: tuple[int, int], cell: Cell) -> None:
        row, col = key
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = {}
        if col not in cells:
            self._count += 1
        cells[col] = cell

    def pop(self, key: tuple[int, int], *default: Any) -> Any:
        cells = self._rows.get(key[0])
        if cells is None or key[1] not in cells:
            if default:
                return default[0]
            raise KeyError(key)
        self._count -= 1
        cell = cells.pop(key[1])
        if not cells:
            del self._rows[key[0]]
        return cell

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and self.at(*key) is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Any:
        return (key for key, _ in self.items())

    def keys(self) -> Any:
        return iter(self)

    def items(self) -> Any:
        """((row, col), cell) in the order rows were first used."""
        return (((row, col), cell) for row, cells in self._rows.items() for col, cell in cells.items())

    def values(self) -> Any:
        return (cell for cells in self._rows.values() for cell in cells.values())

    def sorted_items(self) -> Any:
        """((row, col), cell) row by row, left to right."""
        for row in sorted(self._rows):
            cells = self._rows[row]
            for col in sorted(cells):
                yield (row, col), cells[col]


# --------------------------------------------------------------------------- validations

@dataclass
class Validation:
    """Data validation over an area; messages are cut to Excel's limits when rendered."""

    area: Area
    error_title: str = ""
    error_message: str = ""
    input_title: str = ""
    input_message: str = ""
    ignore_blank: bool = True


@dataclass
class ListValidation(Validation):
    """A choice from a list: a range (any length) or a few constant texts (≤ 255 characters joined)."""

    source: Union[Area, Expr, tuple[str, ...]] = ()
    dropdown: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.source, (tuple, list)):
            self.source = tuple(self.source)
            joined = ",".join(self.source)
            if len(joined) > LIST_SOURCE_LIMIT or any("," in s or '"' in s for s in self.source):
                raise WorkbookLimitError(
                    "an inline validation list must be at most 255 characters without commas or "
                    f"quotes; put the choices in cells instead: {joined[:60]!r}")


Criteria = Literal["between", "not between", "==", "!=", ">", "<", ">=", "<="]


@dataclass
class NumberValidation(Validation):
    """A whole number (``whole=True``) or a decimal, compared with constants or formulas."""

    whole: bool = False
    criteria: Criteria = ">="
    minimum: Optional[Operand] = None     # the value for one-sided criteria
    maximum: Optional[Operand] = None


@dataclass
class DateValidation(Validation):
    criteria: Criteria = "between"
    minimum: Optional[Union[_dt.date, Expr]] = None
    maximum: Optional[Union[_dt.date, Expr]] = None


# --------------------------------------------------------------------------- conditional formats

@dataclass
class ConditionalFormat:
    area: Area
    style: Optional[str] = None         # a style key ("cf_good" ...) where the rule formats cells
    stop_if_true: bool = False


@dataclass
class CellRule(ConditionalFormat):
    """Format cells whose value meets ``criteria`` against ``value`` (and ``maximum`` for between)."""

    criteria: Criteria = "=="
    value: Operand = 0
    maximum: Optional[Operand] = None


@dataclass
class FormulaRule(ConditionalFormat):
    """Format cells where ``formula`` is TRUE; written for the area's top-left cell (relative refs move)."""

    formula: Optional[Expr] = None


# --------------------------------------------------------------------------- charts

@dataclass
class ChartSeries:
    name: Union[Ref, str]
    categories: Area
    values: Area
    color: Optional[str] = None
    line: bool = False          # in a scatter chart: draw lines, no markers


@dataclass
class Chart:
    kind: str                       # "column", "bar", "line", "pie", "scatter"
    title: str
    anchor: tuple[int, int]
    series: list[ChartSeries]
    size: tuple[int, int] = (720, 300)
    subtype: Optional[str] = None   # "stacked", "percent_stacked", "straight" (scatter)
    x_title: Optional[str] = None
    y_title: Optional[str] = None
    y_format: str = "#,##0"


# --------------------------------------------------------------------------- sheets

@dataclass
class PageSetup:
    """How a sheet prints: A4, orientation, fit, repeated rows, print area, header and footer."""

    landscape: bool = True
    fit_width: int = 1              # pages wide (0: no fit)
    fit_height: int = 0             # pages tall (0: as many as needed)
    repeat_rows: Optional[tuple[int, int]] = None
    repeat_cols: Optional[tuple[int, int]] = None
    print_area: Optional[tuple[int, int, int, int]] = None
    header: str = ""
    footer: str = ""
    paper: int = 9                  # A4
    scale: int = 0                  # print scale in % (0: the default; used when nothing is fitted)
    v_breaks: tuple[int, ...] = ()  # manual page breaks before these columns


Visibility = Literal["visible", "hidden", "very_hidden"]


@dataclass
class SheetModel:
    """One worksheet: ``key`` is the stable id used in references, ``name`` the shown name."""

    key: str
    name: str
    cells: CellMap = field(default_factory=CellMap)
    col_widths: dict[int, float] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)
    row_heights: dict[int, float] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    conditional_formats: list[ConditionalFormat] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    freeze: Optional[tuple[int, int]] = None
    page: PageSetup = field(default_factory=PageSetup)
    protect: bool = True
    tab_color: Optional[str] = None
    visibility: Visibility = "visible"
    #: Formula templates shared by the rows of a block (see formula.Offset), kept by the builders.
    templates: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        check_sheet_name(self.name)

    # page setup shortcuts kept for the builders
    @property
    def landscape(self) -> bool:
        return self.page.landscape

    @landscape.setter
    def landscape(self, value: bool) -> None:
        self.page.landscape = value

    @property
    def repeat_rows(self) -> Optional[tuple[int, int]]:
        return self.page.repeat_rows

    @repeat_rows.setter
    def repeat_rows(self, value: Optional[tuple[int, int]]) -> None:
        self.page.repeat_rows = value

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

    def add(self, item: Union[Validation, ConditionalFormat, Chart]) -> None:
        """Add a validation, conditional format or chart to this sheet."""
        if isinstance(item, Validation):
            self.validations.append(item)
        elif isinstance(item, ConditionalFormat):
            self.conditional_formats.append(item)
        elif isinstance(item, Chart):
            self.charts.append(item)
        else:
            raise TypeError(f"cannot add {type(item).__name__} to a sheet")

    def highlight(self, area: Area, style: str, criteria: Criteria = "==", value: Operand = 0) -> None:
        """Shortcut: format cells of ``area`` whose value meets ``criteria``."""
        self.add(CellRule(area, style, criteria=criteria, value=value))


@dataclass(frozen=True)
class CheckCell:
    """A check as placed in the workbook: its label, the sheet that declared it, its TRUE/FALSE cell."""

    label: str
    sheet: str
    ok: Ref


@dataclass
class WorkbookModel:
    sheets: list[SheetModel] = field(default_factory=list)
    names: dict[str, Union[Ref, Area]] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    custom_properties: dict[str, Union[str, int, float, bool]] = field(default_factory=dict)
    active_sheet: Optional[str] = None
    styles: dict[str, dict] = field(default_factory=dict)
    checks: list[CheckCell] = field(default_factory=list)   # every check ChecksOK includes
    exports: dict[str, Any] = field(default_factory=dict)   # sheet key -> what the sheet exports
    _evaluator: Optional["Evaluator"] = field(default=None, repr=False)

    # building --------------------------------------------------------------
    def add_sheet(self, key: str, name: str, **options: Any) -> SheetModel:
        lowered = {s.name.lower() for s in self.sheets}
        if name.lower() in lowered:
            raise WorkbookLimitError(f"two sheets would be named {name!r}")
        if any(s.key == key for s in self.sheets):
            raise SheetDefinitionError(f"two sheets would have the key {key!r}")
        sheet = SheetModel(key, name, **options)
        self.sheets.append(sheet)
        self._evaluator = None
        return sheet

    def sheet(self, key: str) -> SheetModel:
        for sheet in self.sheets:
            if sheet.key == key:
                return sheet
        raise KeyError(key)

    def define(self, name: str, target: Union[Ref, Area]) -> None:
        check_defined_name(name)
        if name.lower() in (n.lower() for n in self.names):
            raise SheetDefinitionError(f"defined name {name} is defined twice")
        self.names[name] = target

    @property
    def sheet_names(self) -> dict[str, str]:
        return {s.key: s.name for s in self.sheets}

    # evaluation (the evaluator holds the state: see mktplan_xl.evaluator) ----------------
    @property
    def evaluator(self) -> "Evaluator":
        """The evaluator of this model's formulas (made again when a sheet is added)."""
        if self._evaluator is None:
            from .evaluator import Evaluator

            self._evaluator = Evaluator(self)
        return self._evaluator

    def evaluate(self) -> "CachedValues":
        """Compute every formula cell; returns the values as {(sheet key, row, col): value}."""
        return self.evaluator.evaluate()

    def evaluate_cell(self, sheet: str, row: int, col: int) -> Scalar:
        """Value of one cell (computed if it is not yet)."""
        return self.evaluator.evaluate_cell(sheet, row, col)

    def block_values(self, sheet: str, row1: int, col1: int, row2: int, col2: int) -> list[list[Scalar]]:
        """Values of a rectangle of cells, rows of columns."""
        return self.evaluator.block_values(sheet, row1, col1, row2, col2)

    def value_of(self, name: str) -> Scalar:
        """Value of a single-cell defined name."""
        return self.evaluator.value_of(name)

    def values_of(self, name: str) -> list[list[Scalar]]:
        """Values of a defined range, rows of columns."""
        return self.evaluator.values_of(name)

    def area_values(self, area: Area) -> list[list[Scalar]]:
        """Values of an area (a sheet's export, say), rows of columns."""
        return self.evaluator.area_values(area)


