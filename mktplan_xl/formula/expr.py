"""Formula expressions: the base class, constants, operators and function calls.

Each expression renders to Excel text (``render``) and evaluates in Python
(``evaluate``) with Excel's semantics, so every formula cell can carry a cached
value. References are in :mod:`.refs`, what the operators compute in
:mod:`.operators`. Functions are looked up in :data:`FUNCTIONS` (filled by the
``func_*`` modules), which checks each call's arity when the formula is built.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from typing import Callable, Optional, Protocol, Union

from ..errors import FormulaError
from .a1 import quote_sheet
from .operators import (ARITH, COMPARE, PLAIN_ARITH, arith, as_numbers, concat, equal_text, negate,
                        plain_arith, compare)
from .values import Array, Scalar, Value, broadcast2, date_serial, elementwise, first, keep


class EvalContext(Protocol):
    """What ``evaluate`` needs from a workbook: cell values and defined names."""

    def cell_value(self, sheet: str, row: int, col: int) -> Scalar: ...

    def name_target(self, name: str) -> "Expr": ...


@dataclass(slots=True)
class RenderContext:
    """Where a formula is written: the sheet key, the sheets' display names and the cell
    (row, col; what relative references such as :class:`~.refs.Offset` count from)."""

    sheet: str
    sheet_names: dict
    row: int = 0
    col: int = 0

    def prefix(self, sheet: str) -> str:
        if sheet == self.sheet:
            return ""
        return quote_sheet(self.sheet_names.get(sheet, sheet)) + "!"


_PRECEDENCE = {"=": 1, "<>": 1, "<": 1, "<=": 1, ">": 1, ">=": 1, "&": 2,
               "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}


class Expr:
    """Base class of formula expressions; supports + - * / ** and unary minus."""

    __slots__ = ()
    precedence = 9
    #: One value read without the formula's own cell (a cell, a constant): BinOp's fast path.
    scalar_leaf = False
    #: Counted from the formula's own cell (:class:`~.refs.Offset`): its value depends on that cell.
    relative = False

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
    scalar_leaf = True

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
class Neg(Expr):
    operand: Expr
    precedence = 6

    def render(self, ctx: RenderContext) -> str:
        inner = self.operand.render(ctx)
        if self.operand.precedence < 9:
            inner = f"({inner})"
        return "-" + inner

    def evaluate(self, ctx: EvalContext) -> Value:
        return memoized(self, ctx, lambda: elementwise(negate, self.operand.evaluate(ctx)))

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
        if left.scalar_leaf and right.scalar_leaf:
            # two single values (the most common case): no array to keep, no broadcasting
            a, b = left.evaluate(ctx), right.evaluate(ctx)
            op = self.op
            if op in COMPARE:
                return compare(COMPARE[op], a, b)
            if op == "&":
                return concat(a, b)
            return arith(ARITH[op], a, b)
        return memoized(self, ctx, lambda: self._compute(ctx))

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)

    def _compute(self, ctx: EvalContext) -> Value:
        a = self.left.evaluate(ctx)
        b = self.right.evaluate(ctx)
        op = self.op
        if op in COMPARE:
            if op in ("=", "<>") and isinstance(a, Array) and type(b) is str:
                return equal_text(a, b, op == "=")
            fn = COMPARE[op]
            return broadcast2(lambda x, y: compare(fn, x, y), a, b)
        if op == "&":
            return broadcast2(concat, a, b)
        fn = ARITH[op]
        if op in PLAIN_ARITH and isinstance(a, Array) and isinstance(b, Array) and a.shape == b.shape:
            return Array.of(plain_arith(fn, a.values, b.values), a.cols)
        return broadcast2(lambda x, y: arith(fn, x, y), a, b)


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


#: The function registry; the ``func_*`` modules fill it (each with :func:`.functions.register`).
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
        return memoized(self, ctx, lambda: as_numbers(self.operand.evaluate(ctx)))

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)


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


def memoized(expr: Expr, ctx: EvalContext, compute: Callable[[], Value]) -> Value:
    """Array results are kept per expression object for one evaluation run. An expression's
    value does not depend on the cell it is written in, unless it holds a relative reference
    (:class:`~.refs.Offset`): then it is kept for that cell only."""
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
        relative = any(node.relative for node in nodes(expr))
        # keep expr alive so its id is not reused
        keep(cache, key, (expr, ctx.anchor if relative else None, value), len(value.values))  # type: ignore
    return value


#: Key of the set of expression ids :func:`memoized` has evaluated once.
_SEEN = ("memoized", "seen")


def nodes(expr: Expr) -> list[Expr]:
    """``expr`` and every expression inside it."""
    found, stack = [], [expr]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node.children())
    return found
