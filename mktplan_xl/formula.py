"""Formula objects: render to Excel syntax and evaluate in Python.

Builders compose formulas from references and functions::

    total = SUM(Area("budget", 5, 3, 5, 14))
    share = IF(grand.eq(0), 0, total / grand)

``render(expr, sheet)`` gives the Excel text (without the leading ``=``) as
seen from ``sheet``; ``evaluate(expr, ctx)`` computes the value with Excel's
semantics for the functions used here, so every formula cell can be written
with a cached value and tests can compare LibreOffice's recalculation with it.
Only functions that exist in Excel 2010+ and LibreOffice 7.4 are offered.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from typing import Any, Callable, Protocol, Union

from .errors import FormulaError


# --------------------------------------------------------------------------- values

class XlError:
    """An Excel error value such as ``#DIV/0!``."""

    __slots__ = ("code",)

    def __init__(self, code: str):
        self.code = code

    def __repr__(self) -> str:
        return self.code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, XlError) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)


DIV0 = XlError("#DIV/0!")
VALUE = XlError("#VALUE!")
NUM = XlError("#NUM!")
NA = XlError("#N/A")
REF = XlError("#REF!")
ERROR_CODES = {e.code: e for e in (DIV0, VALUE, NUM, NA, REF, XlError("#NAME?"), XlError("#NULL!"))}


class Array:
    """A rectangular block of values (rows of columns), the value of a range."""

    __slots__ = ("rows", "numeric")

    def __init__(self, rows: list[list["Value"]]):
        self.rows = rows
        self.numeric: "list[float] | XlError | None" = None  # SUMPRODUCT's view, made once

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.rows[0]) if self.rows else 0

    def flat(self) -> list["Value"]:
        return [v for row in self.rows for v in row]

    def map(self, fn: Callable[["Value"], "Value"]) -> "Array":
        return Array([[fn(v) for v in row] for row in self.rows])


Scalar = Union[float, int, str, bool, None, XlError]
Value = Union[Scalar, Array]


class EvalContext(Protocol):
    """What ``evaluate`` needs from a workbook: cell values and defined names."""

    def cell_value(self, sheet: str, row: int, col: int) -> Scalar: ...

    def name_target(self, name: str) -> "Expr": ...


# --------------------------------------------------------------------------- A1 helpers

def col_letter(col: int) -> str:
    """0-based column index to letters: 0 -> A, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int, abs_row: bool = False, abs_col: bool = False) -> str:
    """0-based row/col to an A1 reference."""
    return f"{'$' if abs_col else ''}{col_letter(col)}{'$' if abs_row else ''}{row + 1}"


def quote_sheet(name: str) -> str:
    """Sheet name as it must appear before ``!`` in a formula."""
    return "'" + name.replace("'", "''") + "'"


# --------------------------------------------------------------------------- expressions

_PRECEDENCE = {"=": 1, "<>": 1, "<": 1, "<=": 1, ">": 1, ">=": 1, "&": 2,
               "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}


class Expr:
    """Base class of formula expressions; supports + - * / and unary minus."""

    __slots__ = ()
    precedence = 9

    def render(self, ctx: "RenderContext") -> str:
        raise NotImplementedError

    def evaluate(self, ctx: EvalContext) -> Value:
        raise NotImplementedError

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


Operand = Union[Expr, float, int, str, bool]


@dataclass(frozen=True, eq=True)
class RenderContext:
    """Where a formula is written: the sheet key and the sheets' display names."""

    sheet: str
    sheet_names: dict

    def prefix(self, sheet: str) -> str:
        if sheet == self.sheet:
            return ""
        return quote_sheet(self.sheet_names.get(sheet, sheet)) + "!"


@dataclass(slots=True)
class Const(Expr):
    value: Union[float, int, str, bool]

    def render(self, ctx: RenderContext) -> str:
        v = self.value
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, str):
            return '"' + v.replace('"', '""') + '"'
        if isinstance(v, float):
            if not math.isfinite(v):
                raise FormulaError(f"non-finite constant {v!r} in a formula")
            return repr(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
        return str(v)

    def evaluate(self, ctx: EvalContext) -> Value:
        return self.value


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
        first = a1(self.row1, self.col1, self.abs_rows, self.abs_cols)
        last = a1(self.row2, self.col2, self.abs_rows, self.abs_cols)
        return ctx.prefix(self.sheet) + f"{first}:{last}"

    def evaluate(self, ctx: EvalContext) -> Value:
        cache = getattr(ctx, "array_cache", None)
        key = (self.sheet, self.row1, self.col1, self.row2, self.col2)
        if cache is not None and key in cache:
            return cache[key]
        block = getattr(ctx, "block_values", None)
        if block is not None:
            value = Array(block(self.sheet, self.row1, self.col1, self.row2, self.col2))
        else:
            cell = ctx.cell_value
            sheet, cols = self.sheet, range(self.col1, self.col2 + 1)
            value = Array([[cell(sheet, r, c) for c in cols] for r in range(self.row1, self.row2 + 1)])
        if cache is not None:
            cache[key] = value
        return value

    def absolute(self) -> "Area":
        return Area(self.sheet, self.row1, self.col1, self.row2, self.col2, True, True)

    @property
    def shape(self) -> tuple[int, int]:
        return self.row2 - self.row1 + 1, self.col2 - self.col1 + 1


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
        if isinstance(self.operand, BinOp):
            inner = f"({inner})"
        return "-" + inner

    def evaluate(self, ctx: EvalContext) -> Value:
        return _memoized(self, ctx, lambda: _elementwise(_negate, self.operand.evaluate(ctx)))


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
        return _memoized(self, ctx, lambda: self._compute(ctx))

    def _compute(self, ctx: EvalContext) -> Value:
        a = self.left.evaluate(ctx)
        b = self.right.evaluate(ctx)
        op = self.op
        if op in _COMPARE:
            fn = _COMPARE[op]
            return _broadcast2(lambda x, y: _compare(fn, x, y), a, b)
        if op == "&":
            return _broadcast2(_concat, a, b)
        fn = _ARITH[op]
        return _broadcast2(lambda x, y: _arith(fn, x, y), a, b)


@dataclass(slots=True)
class Call(Expr):
    func: str
    args: tuple

    def __post_init__(self) -> None:
        if self.func not in FUNCTIONS:
            raise FormulaError(f"function {self.func} is not supported")

    def render(self, ctx: RenderContext) -> str:
        prefix = "_xlfn." if self.func in XLFN_FUNCTIONS else ""
        return f"{prefix}{self.func}(" + ",".join(a.render(ctx) for a in self.args) + ")"

    def evaluate(self, ctx: EvalContext) -> Value:
        return FUNCTIONS[self.func](ctx, self.args)


def wrap(value: Operand) -> Expr:
    """Turn a Python constant into a :class:`Const`; pass expressions through."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, (int, float, str, bool)):
        return Const(value)
    raise FormulaError(f"cannot use {value!r} in a formula")


def render(expr: Expr, sheet: str, sheet_names: dict) -> str:
    """Excel text of ``expr`` as written on ``sheet`` (no leading ``=``)."""
    return expr.render(RenderContext(sheet, sheet_names))


def evaluate(expr: Expr, ctx: EvalContext) -> Scalar:
    """Value of a cell formula; an array result gives its top-left value, as Excel does."""
    value = expr.evaluate(ctx)
    if isinstance(value, Array):
        value = value.rows[0][0] if value.rows and value.rows[0] else VALUE
    return 0 if value is None else value  # a formula showing an empty cell shows 0


# --------------------------------------------------------------------------- semantics

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "<>": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}


def _divide(a: float, b: float) -> Union[float, XlError]:
    return DIV0 if b == 0 else a / b


def _power(a: float, b: float) -> Union[float, XlError]:
    try:
        return a ** b
    except (OverflowError, ZeroDivisionError):
        return NUM


_ARITH: dict[str, Callable[[float, float], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide, "^": _power}
_PLAIN_NUMBER = (int, float)


def _memoized(expr: Expr, ctx: EvalContext, compute: Callable[[], Value]) -> Value:
    """Array results are kept per expression object for one evaluation run: an
    expression object's value does not depend on the cell it is written in."""
    cache = getattr(ctx, "array_cache", None)
    if cache is None:
        return compute()
    key = id(expr)
    if key in cache:
        return cache[key][1]
    value = compute()
    if isinstance(value, Array):
        cache[key] = (expr, value)  # keep expr alive so its id is not reused
    return value


def _to_number(v: Scalar) -> Union[float, XlError]:
    if isinstance(v, XlError):
        return v
    if v is None:
        return 0
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    try:
        return float(v)
    except ValueError:
        return VALUE


def _arith(fn: Callable[[float, float], Any], x: Scalar, y: Scalar) -> Scalar:
    if type(x) in _PLAIN_NUMBER and type(y) in _PLAIN_NUMBER:
        return fn(x, y)
    a = _to_number(x)
    if isinstance(a, XlError):
        return a
    b = _to_number(y)
    if isinstance(b, XlError):
        return b
    return fn(a, b)


def _negate(v: Scalar) -> Scalar:
    if type(v) in _PLAIN_NUMBER:
        return -v
    n = _to_number(v)
    return n if isinstance(n, XlError) else -n


def _type_rank(v: Scalar) -> int:
    if isinstance(v, bool):
        return 2
    if isinstance(v, str):
        return 1
    return 0


def _compare(fn: Callable[[Any, Any], bool], x: Scalar, y: Scalar) -> Scalar:
    tx, ty = type(x), type(y)
    if tx is str and ty is str:
        return fn(x.lower(), y.lower())
    if tx in _PLAIN_NUMBER and ty in _PLAIN_NUMBER:
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


def _text(v: Scalar) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _concat(x: Scalar, y: Scalar) -> Scalar:
    for v in (x, y):
        if isinstance(v, XlError):
            return v
    return _text(x) + _text(y)


def _elementwise(fn: Callable[[Scalar], Scalar], v: Value) -> Value:
    return v.map(fn) if isinstance(v, Array) else fn(v)


def _broadcast2(fn: Callable[[Scalar, Scalar], Scalar], a: Value, b: Value) -> Value:
    if not isinstance(a, Array) and not isinstance(b, Array):
        return fn(a, b)
    if isinstance(a, Array) and isinstance(b, Array):
        if a.shape != b.shape:
            return VALUE
        return Array([[fn(x, y) for x, y in zip(ra, rb)] for ra, rb in zip(a.rows, b.rows)])
    if isinstance(a, Array):
        return a.map(lambda x: fn(x, b))
    return b.map(lambda y: fn(a, y))


def _values(ctx: EvalContext, args: tuple) -> list[Value]:
    return [arg.evaluate(ctx) for arg in args]


def _numbers(values: list[Value]) -> Union[list[float], XlError]:
    """Numbers as SUM/MIN/MAX see them: range cells holding text or logicals are skipped."""
    out: list[float] = []
    for v in values:
        if isinstance(v, Array):
            for x in v.flat():
                if isinstance(x, XlError):
                    return x
                if isinstance(x, (int, float)) and not isinstance(x, bool):
                    out.append(x)
        else:
            n = _to_number(v)
            if isinstance(n, XlError):
                return n
            out.append(n)
    return out


def _fn_sum(ctx: EvalContext, args: tuple) -> Value:
    nums = _numbers(_values(ctx, args))
    return nums if isinstance(nums, XlError) else math.fsum(nums)


def _fn_min(ctx: EvalContext, args: tuple) -> Value:
    nums = _numbers(_values(ctx, args))
    return nums if isinstance(nums, XlError) else (min(nums) if nums else 0)


def _fn_max(ctx: EvalContext, args: tuple) -> Value:
    nums = _numbers(_values(ctx, args))
    return nums if isinstance(nums, XlError) else (max(nums) if nums else 0)


def _numeric_vector(value: Array) -> Union[list[float], XlError]:
    """SUMPRODUCT's view of an array: non-numeric entries (text, logicals, blanks) are 0."""
    if value.numeric is None:
        value.numeric = _to_numeric_vector(value)
    return value.numeric


def _to_numeric_vector(value: Array) -> Union[list[float], XlError]:
    out = []
    for x in value.flat():
        if type(x) in _PLAIN_NUMBER:
            out.append(x)
        elif isinstance(x, XlError):
            return x
        else:
            out.append(0)
    return out


def _fn_sumproduct(ctx: EvalContext, args: tuple) -> Value:
    arrays = [v if isinstance(v, Array) else Array([[v]]) for v in _values(ctx, args)]
    if len({a.shape for a in arrays}) != 1:
        return VALUE
    vectors = []
    for a in arrays:
        vector = _numeric_vector(a)
        if isinstance(vector, XlError):
            return vector
        vectors.append(vector)
    if len(vectors) == 1:
        return math.fsum(vectors[0])
    if len(vectors) == 2:
        return math.fsum(map(operator.mul, vectors[0], vectors[1]))
    return math.fsum(math.prod(items) for items in zip(*vectors))


def _truthy(v: Value) -> Union[bool, XlError]:
    if isinstance(v, Array):
        v = v.rows[0][0]
    if isinstance(v, XlError):
        return v
    if isinstance(v, str):
        upper = v.upper()
        if upper in ("TRUE", "FALSE"):
            return upper == "TRUE"
        return VALUE
    return bool(v)


def _fn_if(ctx: EvalContext, args: tuple) -> Value:
    cond = _truthy(args[0].evaluate(ctx))
    if isinstance(cond, XlError):
        return cond
    if cond:
        return args[1].evaluate(ctx) if len(args) > 1 else True
    return args[2].evaluate(ctx) if len(args) > 2 else False


def _fn_iferror(ctx: EvalContext, args: tuple) -> Value:
    value = args[0].evaluate(ctx)
    return args[1].evaluate(ctx) if isinstance(value, XlError) else value


def _logicals(values: list[Value]) -> Union[list[bool], XlError]:
    out: list[bool] = []
    for v in values:
        items = v.flat() if isinstance(v, Array) else [v]
        for x in items:
            if isinstance(x, XlError):
                return x
            if isinstance(x, str) or x is None:
                if isinstance(v, Array):
                    continue
                return VALUE
            out.append(bool(x))
    return out


def _fn_and(ctx: EvalContext, args: tuple) -> Value:
    flags = _logicals(_values(ctx, args))
    return flags if isinstance(flags, XlError) else all(flags)


def _fn_or(ctx: EvalContext, args: tuple) -> Value:
    flags = _logicals(_values(ctx, args))
    return flags if isinstance(flags, XlError) else any(flags)


def _fn_not(ctx: EvalContext, args: tuple) -> Value:
    flag = _truthy(args[0].evaluate(ctx))
    return flag if isinstance(flag, XlError) else not flag


def _fn_abs(ctx: EvalContext, args: tuple) -> Value:
    return _elementwise(lambda v: (lambda n: n if isinstance(n, XlError) else abs(n))(_to_number(v)),
                        args[0].evaluate(ctx))


def _fn_round(ctx: EvalContext, args: tuple) -> Value:
    x = _to_number(args[0].evaluate(ctx))
    digits = _to_number(args[1].evaluate(ctx))
    for v in (x, digits):
        if isinstance(v, XlError):
            return v
    scale = 10 ** int(digits)
    # Excel rounds half away from zero.
    return math.copysign(math.floor(abs(x) * scale + 0.5 + 1e-9) / scale, x)


def _fn_index(ctx: EvalContext, args: tuple) -> Value:
    area = args[0].evaluate(ctx)
    if not isinstance(area, Array):
        area = Array([[area]])
    nums = [_to_number(a.evaluate(ctx)) for a in args[1:]]
    for n in nums:
        if isinstance(n, XlError):
            return n
    rows, cols = area.shape
    if len(nums) == 1 and rows == 1:  # INDEX(row_vector, n)
        r, c = 1, int(nums[0])
    elif len(nums) == 1:
        r, c = int(nums[0]), 1
    else:
        r, c = int(nums[0]), int(nums[1])
    if not (1 <= r <= rows and 1 <= c <= cols):
        return REF
    return area.rows[r - 1][c - 1]


def _fn_t(ctx: EvalContext, args: tuple) -> Value:
    value = evaluate(args[0], ctx)
    if isinstance(value, XlError):
        return value
    return value if isinstance(value, str) else ""


#: Functions newer than Excel 2007 must be written with the ``_xlfn.`` prefix; none of
#: the functions offered here needs it, so the set is empty until one is added.
XLFN_FUNCTIONS: frozenset[str] = frozenset()

FUNCTIONS: dict[str, Callable[[EvalContext, tuple], Value]] = {
    "SUM": _fn_sum, "MIN": _fn_min, "MAX": _fn_max, "SUMPRODUCT": _fn_sumproduct,
    "IF": _fn_if, "IFERROR": _fn_iferror, "AND": _fn_and, "OR": _fn_or, "NOT": _fn_not,
    "ABS": _fn_abs, "ROUND": _fn_round, "INDEX": _fn_index, "T": _fn_t,
}


def _call(name: str) -> Callable[..., Expr]:
    def build(*args: Operand) -> Expr:
        return Call(name, tuple(wrap(a) for a in args))
    build.__name__ = name
    build.__doc__ = f"Excel {name}()."
    return build


SUM = _call("SUM")
MIN = _call("MIN")
MAX = _call("MAX")
SUMPRODUCT = _call("SUMPRODUCT")
IF = _call("IF")
IFERROR = _call("IFERROR")
AND = _call("AND")
OR = _call("OR")
NOT = _call("NOT")
ABS = _call("ABS")
ROUND = _call("ROUND")
INDEX = _call("INDEX")
T = _call("T")


@dataclass(slots=True)
class AsNumber(Expr):
    """``--(expr)``: logicals to 1/0, the idiom SUMPRODUCT conditions need."""

    operand: Expr
    precedence = 6

    def render(self, ctx: RenderContext) -> str:
        return "--(" + self.operand.render(ctx) + ")"

    def evaluate(self, ctx: EvalContext) -> Value:
        return _memoized(self, ctx, lambda: _elementwise(_to_number, self.operand.evaluate(ctx)))


def as_number(expr: Expr) -> Expr:
    """``--(expr)``: logicals to 1/0, the idiom SUMPRODUCT conditions need."""
    return AsNumber(expr)
