"""Formula expressions: references, constants, operators and function calls.

Each expression renders to Excel text (``render``) and evaluates in Python
(``evaluate``) with Excel's semantics, so every formula cell can carry a cached
value. Functions are looked up in :data:`FUNCTIONS` (filled by
:mod:`.functions`), which checks each call's arity when the formula is built.
"""

from __future__ import annotations

import datetime as _dt
import math
import operator
from dataclasses import dataclass
from typing import Any, Callable, Optional, Protocol, Union

from ..errors import FormulaError
from .a1 import a1, quote_sheet
from .values import (DIV0, NUM, PLAIN_NUMBER, Array, Scalar, Value, XlError, broadcast2,
                     date_serial, elementwise, first, keep, to_number, to_text)


class EvalContext(Protocol):
    """What ``evaluate`` needs from a workbook: cell values and defined names."""

    def cell_value(self, sheet: str, row: int, col: int) -> Scalar: ...

    def name_target(self, name: str) -> "Expr": ...


@dataclass(slots=True)
class RenderContext:
    """Where a formula is written: the sheet key, the sheets' display names and the cell
    (row, col; what relative references such as :class:`Offset` count from)."""

    sheet: str
    sheet_names: dict
    row: int = 0
    col: int = 0

    def prefix(self, sheet: str) -> str:
        if sheet == self.sheet:
            return ""
        return quote_sheet(self.sheet_names.get(sheet, sheet)) + "!"


#: Ranges of at least this many cells keep their value for the evaluation run (small ones are
#: cheaper to read again than to keep: a plan has hundreds of thousands of 3-cell quarter sums).
_CACHED_AREA = 24

_PRECEDENCE = {"=": 1, "<>": 1, "<": 1, "<=": 1, ">": 1, ">=": 1, "&": 2,
               "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}


class Expr:
    """Base class of formula expressions; supports + - * / ** and unary minus."""

    __slots__ = ()
    precedence = 9

    def render(self, ctx: RenderContext) -> str:
        raise NotImplementedError

    def evaluate(self, ctx: EvalContext) -> Value:
        raise NotImplementedError

    def children(self) -> tuple["Expr", ...]:
        return ()

    # arithmetic -----------------------------------------------------------
    def __add__(self, other: "Operand") -> "Expr":
        return BinOp("+", self, wrap(other))

    def __radd__(self, other: "Operand") -> "Expr":
        return BinOp("+", wrap(other), self)

    def __sub__(self, other: "Operand") -> "Expr":
        return BinOp("-", self, wrap(other))

    def __rsub__(self, other: "Operand") -> "Expr":
        return BinOp("-", wrap(other), self)

    def __mul__(self, other: "Operand") -> "Expr":
        return BinOp("*", self, wrap(other))

    def __rmul__(self, other: "Operand") -> "Expr":
        return BinOp("*", wrap(other), self)

    def __truediv__(self, other: "Operand") -> "Expr":
        return BinOp("/", self, wrap(other))

    def __rtruediv__(self, other: "Operand") -> "Expr":
        return BinOp("/", wrap(other), self)

    def __pow__(self, other: "Operand") -> "Expr":
        return BinOp("^", self, wrap(other))

    def __neg__(self) -> "Expr":
        return Neg(self)

    # comparisons (methods, so == keeps its dataclass meaning) ---------------
    def eq(self, other: "Operand") -> "Expr":
        return BinOp("=", self, wrap(other))

    def ne(self, other: "Operand") -> "Expr":
        return BinOp("<>", self, wrap(other))

    def lt(self, other: "Operand") -> "Expr":
        return BinOp("<", self, wrap(other))

    def le(self, other: "Operand") -> "Expr":
        return BinOp("<=", self, wrap(other))

    def gt(self, other: "Operand") -> "Expr":
        return BinOp(">", self, wrap(other))

    def ge(self, other: "Operand") -> "Expr":
        return BinOp(">=", self, wrap(other))

    def concat(self, other: "Operand") -> "Expr":
        return BinOp("&", self, wrap(other))


Operand = Union[Expr, float, int, str, bool, _dt.date]


@dataclass(slots=True)
class Const(Expr):
    """A constant; a date renders as ``DATE(y,m,d)`` and evaluates to its serial number."""

    value: Union[float, int, str, bool, _dt.date]

    def render(self, ctx: RenderContext) -> str:
        v = self.value
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, str):
            return '"' + v.replace('"', '""') + '"'
        if isinstance(v, _dt.date):
            return f"DATE({v.year},{v.month},{v.day})"
        if isinstance(v, float):
            if not math.isfinite(v):
                raise FormulaError(f"non-finite constant {v!r} in a formula")
            return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
        return str(v)

    @property
    def precedence(self) -> int:  # type: ignore[override]
        # a negative number needs brackets where an operand of higher precedence is expected
        v = self.value
        return 6 if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0 else 9

    def evaluate(self, ctx: EvalContext) -> Value:
        v = self.value
        return date_serial(v) if isinstance(v, _dt.date) else v


@dataclass(slots=True)
class Ref(Expr):
    """One cell. ``sheet`` is the sheet key; rows and columns are 0-based."""

    sheet: str
    row: int
    col: int
    abs_row: bool = False
    abs_col: bool = False

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


@dataclass(slots=True)
class Neg(Expr):
    operand: Expr
    precedence = 6

    def render(self, ctx: RenderContext) -> str:
        inner = self.operand.render(ctx)
        if self.operand.precedence < 9:
            inner = f"({inner})"
        return "-" + inner

    def evaluate(self, ctx: EvalContext) -> Value:
        return memoized(self, ctx, lambda: elementwise(_negate, self.operand.evaluate(ctx)))

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)


@dataclass(slots=True)
class BinOp(Expr):
    op: str
    left: Expr
    right: Expr

    def __post_init__(self) -> None:
        if self.op not in _PRECEDENCE:
            raise FormulaError(f"unknown operator {self.op!r}")

    @property
    def precedence(self) -> int:  # type: ignore[override]
        return _PRECEDENCE[self.op]

    def render(self, ctx: RenderContext) -> str:
        left = self.left.render(ctx)
        right = self.right.render(ctx)
        if self.left.precedence < self.precedence:
            left = f"({left})"
        if self.right.precedence <= self.precedence:
            right = f"({right})"
        return f"{left}{self.op}{right}"

    def evaluate(self, ctx: EvalContext) -> Value:
        left, right = self.left, self.right
        if type(left) in _SCALAR_LEAVES and type(right) in _SCALAR_LEAVES:
            # two single values (the most common case): no array to keep, no broadcasting
            a, b = left.evaluate(ctx), right.evaluate(ctx)
            op = self.op
            if op in _COMPARE:
                return compare(_COMPARE[op], a, b)
            if op == "&":
                return _concat(a, b)
            return _arith(_ARITH[op], a, b)
        return memoized(self, ctx, lambda: self._compute(ctx))

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def _compute(self, ctx: EvalContext) -> Value:
        a = self.left.evaluate(ctx)
        b = self.right.evaluate(ctx)
        op = self.op
        if op in _COMPARE:
            if op in ("=", "<>") and isinstance(a, Array) and type(b) is str:
                return _equal_text(a, b, op == "=")
            fn = _COMPARE[op]
            return broadcast2(lambda x, y: compare(fn, x, y), a, b)
        if op == "&":
            return broadcast2(_concat, a, b)
        fn = _ARITH[op]
        if op in _PLAIN_ARITH and isinstance(a, Array) and isinstance(b, Array) and a.shape == b.shape:
            return Array.of(_plain_arith(fn, a.values, b.values), a.cols)
        return broadcast2(lambda x, y: _arith(fn, x, y), a, b)


@dataclass(frozen=True)
class FunctionSpec:
    """An Excel function the engine offers: its arity, ``_xlfn.`` prefix and Python meaning."""

    name: str
    min_args: int
    max_args: Optional[int]                       # None: no upper limit (Excel allows 255)
    impl: Callable[[EvalContext, tuple], Value]   # gets the unevaluated argument expressions
    xlfn: bool = False                            # added after Excel 2007: written _xlfn.NAME

    def check(self, count: int) -> None:
        high = 255 if self.max_args is None else self.max_args
        if not self.min_args <= count <= high:
            wanted = (f"{self.min_args}" if self.min_args == high else
                      f"{self.min_args} to {high}")
            raise FormulaError(f"{self.name} takes {wanted} arguments, not {count}")


#: The function registry; :mod:`.functions` fills it.
FUNCTIONS: dict[str, FunctionSpec] = {}


@dataclass(slots=True)
class Call(Expr):
    func: str
    args: tuple

    def __post_init__(self) -> None:
        spec = FUNCTIONS.get(self.func)
        if spec is None:
            raise FormulaError(f"function {self.func} is not supported")
        spec.check(len(self.args))

    def render(self, ctx: RenderContext) -> str:
        prefix = "_xlfn." if FUNCTIONS[self.func].xlfn else ""
        return f"{prefix}{self.func}(" + ",".join(a.render(ctx) for a in self.args) + ")"

    def evaluate(self, ctx: EvalContext) -> Value:
        return FUNCTIONS[self.func].impl(ctx, self.args)

    def children(self) -> tuple[Expr, ...]:
        return self.args


@dataclass(slots=True)
class AsNumber(Expr):
    """``--(expr)``: logicals to 1/0, the idiom SUMPRODUCT conditions need."""

    operand: Expr
    precedence = 6

    def render(self, ctx: RenderContext) -> str:
        return "--(" + self.operand.render(ctx) + ")"

    def evaluate(self, ctx: EvalContext) -> Value:
        return memoized(self, ctx, lambda: _as_numbers(self.operand.evaluate(ctx)))

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)


#: Expressions whose value is always a single value (a cell, a constant).
_SCALAR_LEAVES = frozenset({Ref, Const})


def as_number(expr: Expr) -> Expr:
    """``--(expr)``: logicals to 1/0, the idiom SUMPRODUCT conditions need."""
    return AsNumber(expr)


def wrap(value: Operand) -> Expr:
    """Turn a Python constant into a :class:`Const`; pass expressions through."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, (int, float, str, bool, _dt.date)):
        return Const(value)
    raise FormulaError(f"cannot use {value!r} in a formula")


def render(expr: Expr, sheet: str, sheet_names: dict, row: int = 0, col: int = 0) -> str:
    """Excel text of ``expr`` as written on ``sheet`` in cell (row, col) (no leading ``=``)."""
    return expr.render(RenderContext(sheet, sheet_names, row, col))


def evaluate(expr: Expr, ctx: EvalContext) -> Scalar:
    """Value of a cell formula; an array result gives its top-left value, as Excel does."""
    value = first(expr.evaluate(ctx))
    return 0 if value is None else value  # a formula showing an empty cell shows 0


def references(expr: Expr) -> list[Union[Ref, Area, Name, Offset, OffsetArea]]:
    """Every reference an expression makes (cells, ranges, names), without evaluating it."""
    return [n for n in _nodes(expr) if isinstance(n, (Ref, Area, Name, Offset, OffsetArea))]


# --------------------------------------------------------------------------- operator semantics

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "<>": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}


def _divide(a: float, b: float) -> Union[float, XlError]:
    return DIV0 if b == 0 else a / b


def _power(a: float, b: float) -> Union[float, XlError]:
    if a == 0 and b < 0:
        return DIV0
    try:
        result = a ** b
    except (OverflowError, ZeroDivisionError):
        return NUM
    return NUM if isinstance(result, complex) else result


_ARITH: dict[str, Callable[[float, float], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide, "^": _power}


def _checked(result: Any) -> Any:
    """Excel shows #NUM! where a result overflows a double."""
    if type(result) is float and not math.isfinite(result):
        return NUM
    return result


def memoized(expr: Expr, ctx: EvalContext, compute: Callable[[], Value]) -> Value:
    """Array results are kept per expression object for one evaluation run. An expression's
    value does not depend on the cell it is written in, unless it holds a relative reference
    (:class:`Offset`): then it is kept for that cell only."""
    cache = getattr(ctx, "array_cache", None)
    if cache is None:
        return compute()
    key = id(expr)
    hit = cache.get(key)
    if hit is not None and (hit[1] is None or hit[1] == ctx.anchor):  # type: ignore[attr-defined]
        return hit[2]
    value = compute()
    if isinstance(value, Array):
        # Kept from the second evaluation on: most expressions are evaluated once, and keeping every
        # array until the run ends would hold a copy of each large range (memory of big plans).
        seen = cache.get(_SEEN)
        if seen is None:
            seen = cache[_SEEN] = set()
        if key not in seen:
            seen.add(key)   # an id reused by another expression only makes that one cached sooner
            return value
        relative = any(isinstance(node, (Offset, OffsetArea)) for node in _nodes(expr))
        # keep expr alive so its id is not reused
        keep(cache, key, (expr, ctx.anchor if relative else None, value), len(value.values))  # type: ignore
    return value


#: Key of the set of expression ids :func:`memoized` has evaluated once.
_SEEN = ("memoized", "seen")


def _nodes(expr: Expr) -> list[Expr]:
    found, stack = [], [expr]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children())
    return found


def _arith(fn: Callable[[float, float], Any], x: Scalar, y: Scalar) -> Scalar:
    if type(x) in PLAIN_NUMBER and type(y) in PLAIN_NUMBER:
        return _checked(fn(x, y))
    a = to_number(x)
    if isinstance(a, XlError):
        return a
    b = to_number(y)
    if isinstance(b, XlError):
        return b
    return _checked(fn(a, b))


def _negate(v: Scalar) -> Scalar:
    if type(v) in PLAIN_NUMBER:
        return -v
    n = to_number(v)
    return n if isinstance(n, XlError) else -n


def _type_rank(v: Scalar) -> int:
    if isinstance(v, bool):
        return 2
    if isinstance(v, str):
        return 1
    return 0


def compare(fn: Callable[[Any, Any], bool], x: Scalar, y: Scalar) -> Scalar:
    """Excel's comparison: text case-insensitive, numbers < text < logicals, blank as the other side."""
    tx, ty = type(x), type(y)
    if tx is str and ty is str:
        return fn(x.lower(), y.lower())
    if tx in PLAIN_NUMBER and ty in PLAIN_NUMBER:
        return fn(x, y)
    for v in (x, y):
        if isinstance(v, XlError):
            return v
    # An empty cell compares as 0 with numbers, "" with text, FALSE with booleans.
    if x is None:
        x = "" if isinstance(y, str) else (False if isinstance(y, bool) else 0)
    if y is None:
        y = "" if isinstance(x, str) else (False if isinstance(x, bool) else 0)
    if isinstance(x, str) and isinstance(y, str):
        a, b = x.lower(), y.lower()
    elif _type_rank(x) != _type_rank(y):
        a, b = _type_rank(x), _type_rank(y)
    else:
        a, b = x, y
    return fn(a, b)


def _equal_text(a: Array, text: str, equal: bool) -> Array:
    """``a = text`` (or ``a <> text``) element by element, as :func:`compare` gives it: text
    ignoring case, a blank cell as "", numbers and logicals never equal to text, errors kept."""
    key = text.lower()
    blank = (key == "") == equal
    other = not equal
    out = []
    append = out.append
    for x in a.values:
        tx = type(x)
        if tx is str:
            append((x.lower() == key) == equal)
        elif x is None:
            append(blank)
        elif isinstance(x, XlError):
            append(x)
        else:
            append(other)
    return Array.of(out, a.cols)


#: Operators :func:`_plain_arith` computes directly for plain numbers (they cannot divide by 0).
_PLAIN_ARITH = frozenset({"+", "-", "*"})
_NUMERIC_TYPES = frozenset({int, float, bool})


def _plain_arith(fn: Callable[[float, float], Any], xs: list, ys: list) -> list:
    """``fn`` over two equal-length lists: numbers and logicals directly (an overflow is #NUM!),
    anything else as :func:`_arith` does."""
    out = []
    append = out.append
    numeric = _NUMERIC_TYPES
    for x, y in zip(xs, ys):
        if type(x) in numeric and type(y) in numeric:
            result = fn(x, y)
            append(NUM if type(result) is float and not math.isfinite(result) else result)
        else:
            append(_arith(fn, x, y))
    return out


def _as_numbers(value: Value) -> Value:
    """``--value``: logicals to 1/0 (an array element by element), otherwise as :func:`to_number`."""
    if not isinstance(value, Array):
        return to_number(value)
    out = [1 if x is True else 0 if x is False else (x if type(x) in PLAIN_NUMBER else to_number(x))
           for x in value.values]
    return Array.of(out, value.cols)


def _concat(x: Scalar, y: Scalar) -> Scalar:
    for v in (x, y):
        if isinstance(v, XlError):
            return v
    return to_text(x) + to_text(y)
