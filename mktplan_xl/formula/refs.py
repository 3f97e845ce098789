"""References: one cell (:class:`Ref`), a range (:class:`Area`), the same relative to the
formula's own cell (:class:`Offset`, :class:`OffsetArea`) and defined names (:class:`Name`).

Rows and columns are 0-based; ``sheet`` is the sheet key, which renders as the
sheet's display name (:class:`~.expr.RenderContext`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from ..errors import FormulaError
from .a1 import a1
from .expr import EvalContext, Expr, RenderContext, nodes
from .values import Array, Value, keep

#: Ranges of at least this many cells keep their value for the evaluation run (small ones are
#: cheaper to read again than to keep: a plan has hundreds of thousands of 3-cell quarter sums).
_CACHED_AREA = 24


@dataclass(slots=True)
class Ref(Expr):
    """One cell. ``sheet`` is the sheet key; rows and columns are 0-based."""

    sheet: str
    row: int
    col: int
    abs_row: bool = False
    abs_col: bool = False
    scalar_leaf = True

    def render(self, ctx: RenderContext) -> str:
        return ctx.prefix(self.sheet) + a1(self.row, self.col, self.abs_row, self.abs_col)

    def evaluate(self, ctx: EvalContext) -> Value:
        return ctx.cell_value(self.sheet, self.row, self.col)

    def absolute(self) -> "Ref":
        return Ref(self.sheet, self.row, self.col, True, True)

    def offset(self, rows: int = 0, cols: int = 0) -> "Ref":
        return Ref(self.sheet, self.row + rows, self.col + cols, self.abs_row, self.abs_col)


@dataclass(slots=True)
class Area(Expr):
    """A rectangular range, first and last row/column inclusive, 0-based."""

    sheet: str
    row1: int
    col1: int
    row2: int
    col2: int
    abs_rows: bool = False
    abs_cols: bool = False

    def __post_init__(self) -> None:
        if self.row2 < self.row1 or self.col2 < self.col1:
            raise FormulaError(f"empty range {self}")

    def render(self, ctx: RenderContext) -> str:
        first_cell = a1(self.row1, self.col1, self.abs_rows, self.abs_cols)
        last_cell = a1(self.row2, self.col2, self.abs_rows, self.abs_cols)
        return ctx.prefix(self.sheet) + f"{first_cell}:{last_cell}"

    def evaluate(self, ctx: EvalContext) -> Value:
        cache = getattr(ctx, "array_cache", None)
        key = (self.sheet, self.row1, self.col1, self.row2, self.col2)
        if cache is not None and key in cache:
            return cache[key]
        block = getattr(ctx, "block_flat", None)
        if block is not None:
            value = Array.of(block(self.sheet, self.row1, self.col1, self.row2, self.col2),
                             self.col2 - self.col1 + 1)
        else:
            cell = ctx.cell_value
            sheet, cols = self.sheet, range(self.col1, self.col2 + 1)
            value = Array([[cell(sheet, r, c) for c in cols] for r in range(self.row1, self.row2 + 1)])
        size = (self.row2 - self.row1 + 1) * (self.col2 - self.col1 + 1)
        if cache is not None and size >= _CACHED_AREA:
            keep(cache, key, value, size)
        return value

    def absolute(self) -> "Area":
        return Area(self.sheet, self.row1, self.col1, self.row2, self.col2, True, True)

    @property
    def shape(self) -> tuple[int, int]:
        return self.row2 - self.row1 + 1, self.col2 - self.col1 + 1

    def cell(self, row: int = 0, col: int = 0) -> Ref:
        """The cell at (row, col) inside the area, 0-based, with the area's anchoring."""
        return Ref(self.sheet, self.row1 + row, self.col1 + col, self.abs_rows, self.abs_cols)

    def contains(self, sheet: str, row: int, col: int) -> bool:
        return sheet == self.sheet and self.row1 <= row <= self.row2 and self.col1 <= col <= self.col2


@dataclass(slots=True)
class Offset(Expr):
    """A relative reference: the cell ``rows`` down and ``cols`` across from the formula's own
    cell, on ``sheet`` (None: the formula's sheet). With ``abs_row`` (``abs_col``), ``rows``
    (``cols``) is the row (column) itself, written with ``$``. One object serves a whole column
    of cells that share a formula, as Excel's shared formulas do, so a large plan keeps one
    expression per column instead of one per cell."""

    rows: int
    cols: int
    sheet: Optional[str] = None
    abs_row: bool = False
    abs_col: bool = False
    relative = True

    def at(self, row: int, col: int) -> tuple[int, int]:
        """The cell this reference points to from a formula in (row, col)."""
        return (self.rows if self.abs_row else row + self.rows,
                self.cols if self.abs_col else col + self.cols)

    def render(self, ctx: RenderContext) -> str:
        row, col = self.at(ctx.row, ctx.col)
        return ctx.prefix(self.sheet or ctx.sheet) + a1(row, col, self.abs_row, self.abs_col)

    def evaluate(self, ctx: EvalContext) -> Value:
        sheet, row, col = ctx.anchor  # type: ignore[attr-defined]
        row, col = self.at(row, col)
        return ctx.cell_value(self.sheet or sheet, row, col)


@dataclass(slots=True)
class OffsetArea(Expr):
    """A relative range: rows ``rows1``..``rows2`` and columns ``cols1``..``cols2`` counted
    from the formula's own cell, or (``abs_rows``, ``abs_cols``) given as they are (see
    :class:`Offset`)."""

    rows1: int
    cols1: int
    rows2: int
    cols2: int
    sheet: Optional[str] = None
    abs_rows: bool = False
    abs_cols: bool = False
    relative = True

    def __post_init__(self) -> None:
        if self.rows2 < self.rows1 or self.cols2 < self.cols1:
            raise FormulaError(f"empty range {self}")

    def resolve(self, sheet: str, row: int, col: int) -> Area:
        r, c = (0 if self.abs_rows else row), (0 if self.abs_cols else col)
        return Area(self.sheet or sheet, r + self.rows1, c + self.cols1, r + self.rows2, c + self.cols2,
                    self.abs_rows, self.abs_cols)

    def render(self, ctx: RenderContext) -> str:
        return self.resolve(ctx.sheet, ctx.row, ctx.col).render(ctx)

    def evaluate(self, ctx: EvalContext) -> Value:
        return self.resolve(*ctx.anchor).evaluate(ctx)  # type: ignore[attr-defined]


@dataclass(slots=True)
class Name(Expr):
    """A workbook-scoped defined name."""

    name: str

    def render(self, ctx: RenderContext) -> str:
        return self.name

    def evaluate(self, ctx: EvalContext) -> Value:
        return ctx.name_target(self.name).evaluate(ctx)


def references(expr: Expr) -> list[Union[Ref, Area, Name, Offset, OffsetArea]]:
    """Every reference an expression makes (cells, ranges, names), without evaluating it."""
    return [n for n in nodes(expr) if isinstance(n, (Ref, Area, Name, Offset, OffsetArea))]
