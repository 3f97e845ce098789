"""The evaluator: computes a workbook model's formulas in Python, so every formula cell has a cached value.

Formulas (:mod:`mktplan_xl.formula`) evaluate against a context that gives cell
values (``cell_value``, ``block_flat``), defined names (``name_target``), the
cell being computed (``anchor``, for relative references) and a cache of range
values (``array_cache``): the :class:`Evaluator` of a :class:`~mktplan_xl.model.WorkbookModel`.
Chains of formulas of any depth are computed without deep recursion; a circular
reference is a :class:`~mktplan_xl.errors.FormulaError`.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from .errors import FormulaError
from .formula import Area, Expr, Ref, Scalar, a1, date_serial, evaluate
from .formula.values import ArrayCache
from .model import UNSET, CellValue, Link, SheetModel

if TYPE_CHECKING:
    from .model import WorkbookModel

#: Formula cells evaluated inside one another before the evaluation steps back (no deep recursion).
_MAX_NESTING = 40


class Evaluator:
    """Computes the formula cells of one model; the values are cached in the cells."""

    def __init__(self, model: "WorkbookModel"):
        self.model = model
        self._pending: set[int] = set()
        self.anchor: tuple[str, int, int] = ("", 0, 0)   # the cell being evaluated
        self._index: dict[str, SheetModel] = {}
        self.array_cache = ArrayCache()

    def cell_value(self, sheet: str, row: int, col: int) -> Scalar:
        owner = (self._index or self._sheet_index()).get(sheet)
        cell = owner.cells.at(row, col) if owner is not None else None
        if cell is None:
            return None
        value = cell.value
        if not isinstance(value, Expr):
            return value if type(value) in _PLAIN_CONSTANTS else _constant(value)
        if cell.cached is not UNSET:
            return cell.cached
        pending = self._pending
        marker = id(cell)
        if marker in pending:
            raise FormulaError(f"circular reference at {owner.name}!{a1(row, col)}")
        if len(pending) >= _MAX_NESTING:
            raise _Deeper((sheet, row, col))  # evaluate this one first, then come back (see evaluate_cell)
        pending.add(marker)
        outer, self.anchor = self.anchor, (sheet, row, col)
        try:
            result = evaluate(value, self)
        finally:
            pending.discard(marker)
            self.anchor = outer
        cell.cached = result
        return result

    def evaluate_cell(self, sheet: str, row: int, col: int) -> Scalar:
        """Value of one cell; chains of any depth are evaluated without deep recursion."""
        stack = [(sheet, row, col)]
        while stack:
            try:
                value = self.cell_value(*stack[-1])
            except _Deeper as deeper:
                if deeper.key in stack:
                    where = f"{self.model.sheet(deeper.key[0]).name}!{a1(deeper.key[1], deeper.key[2])}"
                    raise FormulaError(f"circular reference at {where}") from None
                stack.append(deeper.key)
                continue
            stack.pop()
        return value

    def block_flat(self, sheet: str, row1: int, col1: int, row2: int, col2: int) -> list[Scalar]:
        """Values of a rectangle of cells, row by row (the value of a range)."""
        owner = self._sheet_index().get(sheet)
        if owner is None:
            return [None] * ((row2 - row1 + 1) * (col2 - col1 + 1))
        rows, compute = owner.cells._rows.get, self.cell_value
        out: list[Scalar] = []
        append = out.append
        cols = range(col1, col2 + 1)
        empty: dict = {}
        for r in range(row1, row2 + 1):
            cells = (rows(r) or empty).get
            for c in cols:
                cell = cells(c)
                if cell is None:
                    append(None)
                elif not isinstance(cell.value, Expr):
                    value = cell.value
                    append(value if type(value) in _PLAIN_CONSTANTS else _constant(value))
                elif cell.cached is not UNSET:
                    append(cell.cached)
                else:
                    append(compute(sheet, r, c))
        return out

    def block_values(self, sheet: str, row1: int, col1: int, row2: int, col2: int) -> list[list[Scalar]]:
        """Values of a rectangle of cells, rows of columns."""
        flat, cols = self.block_flat(sheet, row1, col1, row2, col2), col2 - col1 + 1
        return [flat[i:i + cols] for i in range(0, len(flat), cols)]

    def _sheet_index(self) -> dict[str, SheetModel]:
        if not self._index:
            self._index = {s.key: s for s in self.model.sheets}
        return self._index

    def name_target(self, name: str) -> Expr:
        try:
            return self.model.names[name]
        except KeyError:
            raise FormulaError(f"formula uses undefined name {name}") from None

    def evaluate(self) -> "CachedValues":
        """Compute every formula cell; returns the values as {(sheet key, row, col): value}."""
        self._pending.clear()
        self._index = {s.key: s for s in self.model.sheets}
        for sheet in self.model.sheets:
            for cell in sheet.cells.values():
                cell.cached = UNSET
        try:
            compute = self.cell_value
            for sheet in self.model.sheets:
                key = sheet.key
                for (row, col), cell in sheet.cells.items():
                    if cell.cached is UNSET and isinstance(cell.value, Expr):
                        try:
                            compute(key, row, col)
                        except _Deeper:  # a long chain: evaluate it step by step
                            self.evaluate_cell(key, row, col)
        finally:
            self.array_cache.clear()
        return CachedValues(self)

    def value_of(self, name: str) -> Scalar:
        """Value of a single-cell defined name (after :meth:`evaluate`)."""
        target = self.model.names[name]
        if not isinstance(target, Ref):
            raise FormulaError(f"{name} is a range, not a single cell")
        return self.evaluate_cell(target.sheet, target.row, target.col)

    def values_of(self, name: str) -> list[list[Scalar]]:
        """Values of a defined range, rows of columns."""
        target = self.model.names[name]
        if isinstance(target, Ref):
            return [[self.value_of(name)]]
        return self.area_values(target)

    def area_values(self, area: Area) -> list[list[Scalar]]:
        """Values of an area, rows of columns (each cell computed first)."""
        for r in range(area.row1, area.row2 + 1):
            for c in range(area.col1, area.col2 + 1):
                self.evaluate_cell(area.sheet, r, c)
        return self.block_values(area.sheet, area.row1, area.col1, area.row2, area.col2)


class CachedValues:
    """The values of a model's formula cells, read as {(sheet key, row, col): value}."""

    def __init__(self, evaluator: Evaluator):
        self._evaluator = evaluator

    def __getitem__(self, key: tuple[str, int, int]) -> Scalar:
        sheet, row, col = key
        cell = self._evaluator._sheet_index()[sheet].cells.get((row, col))
        if cell is None or cell.cached is UNSET:
            raise KeyError(key)
        return cell.cached

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except (KeyError, TypeError, ValueError):
            return False
        return True


#: Constant cell values formulas see as they are (dates and links are converted).
_PLAIN_CONSTANTS = frozenset({int, float, str, bool, type(None)})


class _Deeper(Exception):
    """Raised when formulas nest deeper than ``_MAX_NESTING``: evaluate ``key`` first."""

    def __init__(self, key: tuple[str, int, int]):
        super().__init__(key)
        self.key = key


def _constant(value: CellValue) -> Scalar:
    """A constant cell's value as formulas see it: dates as serial numbers, links as their text."""
    if isinstance(value, _dt.date):
        return date_serial(value)
    if isinstance(value, Link):
        return value.text
    return value  # type: ignore[return-value]
