"""The Excel functions the engine offers, each registered with its arity and ``_xlfn.`` prefix.

Every function here exists in Excel 2010+ and LibreOffice 7.4 and is evaluated
in Python as Excel does. Implementations receive the *unevaluated* argument
expressions, so IF, IFERROR and CHOOSE evaluate only the branch they take.

Criteria (COUNTIF, SUMIF and their -S forms) follow Excel: an operator prefix
(``<``, ``<=``, ``>``, ``>=``, ``<>``, ``=``), then a number or a text with the
wildcards ``*`` and ``?`` (``~`` escapes). A user's text used as a criterion is
therefore not an exact match: use :func:`~mktplan_xl.formula.idioms.sum_where`
and :func:`~mktplan_xl.formula.idioms.match_exact` for user text.

Where LibreOffice and Excel differ, the engine follows Excel, and builders keep
out of the difference: LibreOffice counts TRUE/FALSE cells as 1/0 in range
aggregates (SUM, AVERAGE, COUNT, criteria), reads a text cell holding "" as an
empty cell, lets the criterion "*" match numbers, and computes odd roots of
negative numbers (Excel: #NUM!). So builders never put logicals or "" constants
in ranges that are aggregated, and never use "*" alone as a criterion.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
import operator
import re
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Callable, Optional, Union

from .expr import FUNCTIONS, Area, EvalContext, Expr, FunctionSpec, Name, Offset, OffsetArea, Ref, compare, evaluate
from .values import (DIV0, NA, NUM, PLAIN_NUMBER, REF, VALUE, Array, Scalar, Value, XlError, date_serial,
                     elementwise, first, to_number, to_text, truthy)

Impl = Callable[[EvalContext, tuple], Value]


def register(name: str, min_args: int, max_args: Optional[int] = -1, xlfn: bool = False
             ) -> Callable[[Impl], Impl]:
    """Add a function to the registry; ``max_args`` -1 means the same as ``min_args``."""
    def add(impl: Impl) -> Impl:
        high = min_args if max_args == -1 else max_args
        FUNCTIONS[name] = FunctionSpec(name, min_args, high, impl, xlfn)
        return impl
    return add


def _values(ctx: EvalContext, args: tuple) -> list[Value]:
    return [arg.evaluate(ctx) for arg in args]


def _number_arg(ctx: EvalContext, arg: Expr) -> Union[float, int, XlError]:
    return to_number(first(arg.evaluate(ctx)))


def _is_number(v: Scalar) -> bool:
    return type(v) in PLAIN_NUMBER


_REFERENCES = (Ref, Area, Name, Offset, OffsetArea)


def _aggregated(ctx: EvalContext, args: tuple) -> list[Value]:
    """Argument values as SUM, MIN, MAX, AVERAGE see them: a reference, even to one cell, is
    read like a range (its text and logicals are skipped); a value typed in the formula is coerced."""
    out: list[Value] = []
    for arg in args:
        value = arg.evaluate(ctx)
        if isinstance(arg, _REFERENCES) and not isinstance(value, Array):
            value = Array.of([value], 1)
        out.append(value)
    return out


def _numbers(values: list[Value]) -> Union[list[float], XlError]:
    """Numbers as SUM/MIN/MAX see them: range cells holding text or logicals are skipped."""
    out: list[float] = []
    for v in values:
        if isinstance(v, Array):
            for x in v.flat():
                if isinstance(x, XlError):
                    return x
                if type(x) in PLAIN_NUMBER:
                    out.append(x)
        else:
            n = to_number(v)
            if isinstance(n, XlError):
                return n
            out.append(n)
    return out


def _finite(value: float) -> Union[float, XlError]:
    return value if math.isfinite(value) else NUM


# --------------------------------------------------------------------------- aggregates

@register("SUM", 1, None)
def _fn_sum(ctx: EvalContext, args: tuple) -> Value:
    nums = _numbers(_aggregated(ctx, args))
    return nums if isinstance(nums, XlError) else _finite(math.fsum(nums))


@register("MIN", 1, None)
def _fn_min(ctx: EvalContext, args: tuple) -> Value:
    nums = _numbers(_aggregated(ctx, args))
    return nums if isinstance(nums, XlError) else (min(nums) if nums else 0)


@register("MAX", 1, None)
def _fn_max(ctx: EvalContext, args: tuple) -> Value:
    nums = _numbers(_aggregated(ctx, args))
    return nums if isinstance(nums, XlError) else (max(nums) if nums else 0)


@register("AVERAGE", 1, None)
def _fn_average(ctx: EvalContext, args: tuple) -> Value:
    nums = _numbers(_aggregated(ctx, args))
    if isinstance(nums, XlError):
        return nums
    return _finite(math.fsum(nums) / len(nums)) if nums else DIV0


@register("COUNT", 1, None)
def _fn_count(ctx: EvalContext, args: tuple) -> Value:
    count = 0
    for v in _values(ctx, args):
        if isinstance(v, Array):
            count += sum(1 for x in v.flat() if _is_number(x))
        elif not isinstance(to_number(v), XlError) and v is not None:
            count += 1
    return count


@register("COUNTA", 1, None)
def _fn_counta(ctx: EvalContext, args: tuple) -> Value:
    count = 0
    for v in _values(ctx, args):
        if isinstance(v, Array):
            count += sum(1 for x in v.flat() if x is not None)
        else:
            count += 1
    return count


def _numeric_vector(value: Array) -> Union[list[float], XlError]:
    """SUMPRODUCT's view of an array: non-numeric entries (text, logicals, blanks) are 0."""
    if value.numeric is None:
        out: Union[list[float], XlError] = []
        for x in value.flat():
            if type(x) in PLAIN_NUMBER:
                out.append(x)
            elif isinstance(x, XlError):
                out = x
                break
            else:
                out.append(0)
        value.numeric = out
    return value.numeric


@register("SUMPRODUCT", 1, None)
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
        return _finite(math.fsum(vectors[0]))
    if len(vectors) == 2:
        return _finite(math.fsum(map(operator.mul, vectors[0], vectors[1])))
    return _finite(math.fsum(math.prod(items) for items in zip(*vectors)))


def _k(value: Union[float, int, XlError]) -> Union[int, XlError]:
    if isinstance(value, XlError):
        return value
    return math.ceil(value - 1e-12)


@register("LARGE", 2)
def _fn_large(ctx: EvalContext, args: tuple) -> Value:
    return _kth(ctx, args, reverse=True)


@register("SMALL", 2)
def _fn_small(ctx: EvalContext, args: tuple) -> Value:
    return _kth(ctx, args, reverse=False)


def _kth(ctx: EvalContext, args: tuple, reverse: bool) -> Value:
    data = args[0].evaluate(ctx)
    nums = _numbers([data if isinstance(data, Array) else Array([[data]])])
    k = _k(_number_arg(ctx, args[1]))
    for v in (nums, k):
        if isinstance(v, XlError):
            return v
    if not 1 <= k <= len(nums):
        return NUM
    return sorted(nums, reverse=reverse)[k - 1]


def _rank(ctx: EvalContext, args: tuple) -> Value:
    number = _number_arg(ctx, args[0])
    data = args[1].evaluate(ctx)
    order = _number_arg(ctx, args[2]) if len(args) > 2 else 0
    nums = _numbers([data if isinstance(data, Array) else Array([[data]])])
    for v in (number, nums, order):
        if isinstance(v, XlError):
            return v
    if number not in nums:
        return NA
    if order == 0:
        return 1 + sum(1 for x in nums if x > number)
    return 1 + sum(1 for x in nums if x < number)


register("RANK", 2, 3)(_rank)
register("RANK.EQ", 2, 3, xlfn=True)(_rank)


# --------------------------------------------------------------------------- conditional aggregates

_OPERATORS = (("<=", operator.le), (">=", operator.ge), ("<>", operator.ne),
              ("<", operator.lt), (">", operator.gt), ("=", operator.eq))


def wildcard_pattern(text: str) -> re.Pattern:
    """Excel's wildcards (``*``, ``?``, ``~`` escape) as a case-insensitive regular expression."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "~" and i + 1 < len(text) and text[i + 1] in "*?~":
            out.append(re.escape(text[i + 1]))
            i += 2
            continue
        out.append(".*" if char == "*" else "." if char == "?" else re.escape(char))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def criterion(crit: Scalar) -> Callable[[Scalar], bool]:
    """Excel's criterion test for COUNTIF/SUMIF and their -S forms."""
    if isinstance(crit, bool):
        return lambda v: isinstance(v, bool) and v == crit
    if _is_number(crit):
        return lambda v: _is_number(v) and v == crit
    if crit is None:
        crit = ""
    if isinstance(crit, XlError):
        return lambda v: v == crit
    text = str(crit)
    op, fn = "=", operator.eq
    for symbol, function in _OPERATORS:
        if text.startswith(symbol):
            op, fn, text = symbol, function, text[len(symbol):]
            break
    else:
        if text == "":
            return lambda v: v is None or v == ""
    try:
        number: Optional[float] = float(text) if text.strip() else None
    except ValueError:
        number = None
    if number is not None and math.isfinite(number):
        if op in ("=", "<>"):  # "5" also matches the text "5"
            lowered = text.lower()
            equal = lambda v: (_is_number(v) and v == number) or (  # noqa: E731
                isinstance(v, str) and v.lower() == lowered)
            return equal if op == "=" else (lambda v: not equal(v))
        return lambda v: _is_number(v) and fn(v, number)
    if text.upper() in ("TRUE", "FALSE") and op in ("=", "<>"):
        flag = text.upper() == "TRUE"
        matches = lambda v: isinstance(v, bool) and v == flag  # noqa: E731
        return matches if op == "=" else (lambda v: not matches(v))
    if op in ("=", "<>"):
        if text == "":
            empty = lambda v: v is None  # noqa: E731
            return empty if op == "=" else (lambda v: not empty(v))
        pattern = wildcard_pattern(text)
        matches = lambda v: isinstance(v, str) and pattern.fullmatch(v) is not None  # noqa: E731
        return matches if op == "=" else (lambda v: not matches(v))
    lowered = text.lower()
    return lambda v: isinstance(v, str) and fn(v.lower(), lowered)


def _as_array(v: Value) -> Array:
    return v if isinstance(v, Array) else Array([[v]])


def _matching(ctx: EvalContext, pairs: list[tuple[Expr, Expr]]) -> Union[list[bool], XlError, tuple]:
    """Which positions meet every (range, criterion) pair; the ranges' common shape."""
    mask: Optional[list[bool]] = None
    shape = None
    for range_expr, crit_expr in pairs:
        values = _as_array(range_expr.evaluate(ctx))
        crit = first(crit_expr.evaluate(ctx))
        if shape is not None and values.shape != shape:
            return VALUE
        shape = values.shape
        test = criterion(crit)
        hits = [(not isinstance(x, XlError) or x == crit) and test(x) for x in values.flat()]
        mask = hits if mask is None else [a and b for a, b in zip(mask, hits)]
    return mask or [], shape


def _sum_matching(values: Array, mask: list[bool], shape: tuple) -> Value:
    if values.shape != shape:
        return VALUE
    total = []
    for hit, x in zip(mask, values.flat()):
        if hit:
            if isinstance(x, XlError):
                return x
            if _is_number(x):
                total.append(x)
    return total  # type: ignore[return-value]


@register("COUNTIF", 2)
def _fn_countif(ctx: EvalContext, args: tuple) -> Value:
    return _fn_countifs(ctx, args)


@register("COUNTIFS", 2, None)
def _fn_countifs(ctx: EvalContext, args: tuple) -> Value:
    if len(args) % 2:
        return VALUE
    found = _matching(ctx, list(zip(args[::2], args[1::2])))
    if isinstance(found, XlError):
        return found
    return sum(found[0])


def _conditional(ctx: EvalContext, values_expr: Expr, pairs: list[tuple[Expr, Expr]],
                 finish: Callable[[list[float]], Value]) -> Value:
    found = _matching(ctx, pairs)
    if isinstance(found, XlError):
        return found
    mask, shape = found
    picked = _sum_matching(_as_array(values_expr.evaluate(ctx)), mask, shape)
    return picked if isinstance(picked, XlError) else finish(picked)  # type: ignore[arg-type]


def _total(nums: list[float]) -> Value:
    return _finite(math.fsum(nums))


def _mean(nums: list[float]) -> Value:
    return _finite(math.fsum(nums) / len(nums)) if nums else DIV0


@register("SUMIF", 2, 3)
def _fn_sumif(ctx: EvalContext, args: tuple) -> Value:
    return _conditional(ctx, args[2] if len(args) > 2 else args[0], [(args[0], args[1])], _total)


@register("SUMIFS", 3, None)
def _fn_sumifs(ctx: EvalContext, args: tuple) -> Value:
    if len(args) % 2 == 0:
        return VALUE
    return _conditional(ctx, args[0], list(zip(args[1::2], args[2::2])), _total)


@register("AVERAGEIF", 2, 3)
def _fn_averageif(ctx: EvalContext, args: tuple) -> Value:
    return _conditional(ctx, args[2] if len(args) > 2 else args[0], [(args[0], args[1])], _mean)


@register("AVERAGEIFS", 3, None)
def _fn_averageifs(ctx: EvalContext, args: tuple) -> Value:
    if len(args) % 2 == 0:
        return VALUE
    return _conditional(ctx, args[0], list(zip(args[1::2], args[2::2])), _mean)


# --------------------------------------------------------------------------- logic

@register("IF", 1, 3)
def _fn_if(ctx: EvalContext, args: tuple) -> Value:
    cond = truthy(args[0].evaluate(ctx))
    if isinstance(cond, XlError):
        return cond
    if cond:
        return args[1].evaluate(ctx) if len(args) > 1 else True
    return args[2].evaluate(ctx) if len(args) > 2 else False


@register("IFERROR", 2)
def _fn_iferror(ctx: EvalContext, args: tuple) -> Value:
    value = args[0].evaluate(ctx)
    return args[1].evaluate(ctx) if isinstance(first(value), XlError) else value


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


@register("AND", 1, None)
def _fn_and(ctx: EvalContext, args: tuple) -> Value:
    flags = _logicals(_values(ctx, args))
    if isinstance(flags, XlError):
        return flags
    return all(flags) if flags else VALUE


@register("OR", 1, None)
def _fn_or(ctx: EvalContext, args: tuple) -> Value:
    flags = _logicals(_values(ctx, args))
    if isinstance(flags, XlError):
        return flags
    return any(flags) if flags else VALUE


@register("NOT", 1)
def _fn_not(ctx: EvalContext, args: tuple) -> Value:
    flag = truthy(args[0].evaluate(ctx))
    return flag if isinstance(flag, XlError) else not flag


@register("CHOOSE", 2, None)
def _fn_choose(ctx: EvalContext, args: tuple) -> Value:
    index = _number_arg(ctx, args[0])
    if isinstance(index, XlError):
        return index
    position = int(index)
    if not 1 <= position < len(args):
        return VALUE
    return args[position].evaluate(ctx)


# --------------------------------------------------------------------------- information

def _scalar_test(test: Callable[[Scalar], bool]) -> Impl:
    def impl(ctx: EvalContext, args: tuple) -> Value:
        return test(first(args[0].evaluate(ctx)))
    return impl


register("ISNUMBER", 1)(_scalar_test(_is_number))
register("ISTEXT", 1)(_scalar_test(lambda v: isinstance(v, str)))
register("ISLOGICAL", 1)(_scalar_test(lambda v: isinstance(v, bool)))
register("ISERROR", 1)(_scalar_test(lambda v: isinstance(v, XlError)))
register("ISBLANK", 1)(_scalar_test(lambda v: v is None))


def _target(ctx: EvalContext, expr: Expr) -> Union[Ref, Area, XlError]:
    while isinstance(expr, Name):
        expr = ctx.name_target(expr.name)
    if isinstance(expr, Offset):
        sheet, row, col = ctx.anchor  # type: ignore[attr-defined]
        return Ref(expr.sheet or sheet, *expr.at(row, col))
    if isinstance(expr, OffsetArea):
        return expr.resolve(*ctx.anchor)  # type: ignore[attr-defined]
    return expr if isinstance(expr, (Ref, Area)) else VALUE


@register("ROW", 1)
def _fn_row(ctx: EvalContext, args: tuple) -> Value:
    target = _target(ctx, args[0])
    if isinstance(target, Ref):
        return target.row + 1
    if isinstance(target, Area):
        return Array.of([r + 1 for r in range(target.row1, target.row2 + 1)], 1)
    return target


@register("COLUMN", 1)
def _fn_column(ctx: EvalContext, args: tuple) -> Value:
    target = _target(ctx, args[0])
    if isinstance(target, Ref):
        return target.col + 1
    if isinstance(target, Area):
        return Array.of([c + 1 for c in range(target.col1, target.col2 + 1)], target.col2 - target.col1 + 1)
    return target


@register("ROWS", 1)
def _fn_rows(ctx: EvalContext, args: tuple) -> Value:
    value = args[0].evaluate(ctx)
    return value.shape[0] if isinstance(value, Array) else 1


@register("COLUMNS", 1)
def _fn_columns(ctx: EvalContext, args: tuple) -> Value:
    value = args[0].evaluate(ctx)
    return value.shape[1] if isinstance(value, Array) else 1


# --------------------------------------------------------------------------- numbers

def _unary(fn: Callable[[float], Union[float, XlError]]) -> Impl:
    def apply(v: Scalar) -> Scalar:
        n = to_number(v)
        return n if isinstance(n, XlError) else fn(n)

    def impl(ctx: EvalContext, args: tuple) -> Value:
        return elementwise(apply, args[0].evaluate(ctx))
    return impl


register("ABS", 1)(_unary(abs))
register("INT", 1)(_unary(lambda x: math.floor(x)))


@register("MOD", 2)
def _fn_mod(ctx: EvalContext, args: tuple) -> Value:
    n, d = _number_arg(ctx, args[0]), _number_arg(ctx, args[1])
    for v in (n, d):
        if isinstance(v, XlError):
            return v
    if d == 0:
        return DIV0
    return n - d * math.floor(n / d)


def excel_round(x: float, digits: int, mode: str = ROUND_HALF_UP) -> float:
    """Round as Excel does: on the decimal value to 15 significant digits, half away from zero."""
    try:
        value = Decimal(f"{x:.15g}")
        step = Decimal(1).scaleb(-digits)
        return float(value.quantize(step, rounding=mode))
    except InvalidOperation:
        return x


def _rounding(mode: str) -> Impl:
    def impl(ctx: EvalContext, args: tuple) -> Value:
        x = _number_arg(ctx, args[0])
        digits = _number_arg(ctx, args[1]) if len(args) > 1 else 0
        for v in (x, digits):
            if isinstance(v, XlError):
                return v
        return excel_round(x, int(digits), mode)
    return impl


register("ROUND", 2)(_rounding(ROUND_HALF_UP))
register("ROUNDUP", 2)(_rounding(ROUND_UP))
register("ROUNDDOWN", 2)(_rounding(ROUND_DOWN))
_UNUSED_MODES = (ROUND_CEILING, ROUND_FLOOR)


# --------------------------------------------------------------------------- text

@register("T", 1)
def _fn_t(ctx: EvalContext, args: tuple) -> Value:
    value = evaluate(args[0], ctx)
    if isinstance(value, XlError):
        return value
    return value if isinstance(value, str) else ""


@register("LEN", 1)
def _fn_len(ctx: EvalContext, args: tuple) -> Value:
    value = first(args[0].evaluate(ctx))
    if isinstance(value, XlError):
        return value
    return len(to_text(value))


@register("SUBSTITUTE", 3, 4)
def _fn_substitute(ctx: EvalContext, args: tuple) -> Value:
    parts = [first(a.evaluate(ctx)) for a in args[:3]]
    for v in parts:
        if isinstance(v, XlError):
            return v
    text, old, new = (to_text(v) for v in parts)
    if not old:
        return text
    if len(args) == 3:
        return text.replace(old, new)
    which = _number_arg(ctx, args[3])
    if isinstance(which, XlError):
        return which
    if which < 1:
        return VALUE
    start = -1
    for _ in range(int(which)):
        start = text.find(old, start + 1)
        if start < 0:
            return text
    return text[:start] + new + text[start + len(old):]


# --------------------------------------------------------------------------- lookup

@register("INDEX", 2, 3)
def _fn_index(ctx: EvalContext, args: tuple) -> Value:
    area = _as_array(args[0].evaluate(ctx))
    nums = [_number_arg(ctx, a) for a in args[1:]]
    for n in nums:
        if isinstance(n, XlError):
            return n
    rows, cols = area.shape
    if len(nums) == 1 and rows == 1:        # INDEX(row_vector, n)
        r, c = 1, int(nums[0])
    elif len(nums) == 1:
        r, c = int(nums[0]), (1 if cols == 1 else 0)
    else:
        r, c = int(nums[0]), int(nums[1])
    if not (0 <= r <= rows and 0 <= c <= cols):
        return REF
    if r == 0 and c == 0:
        return area
    if r == 0:
        return Array.of(area.values[c - 1::cols], 1)
    if c == 0:
        return Array.of(area.values[(r - 1) * cols:r * cols], cols)
    return area.values[(r - 1) * cols + c - 1]


@register("MATCH", 2, 3)
def _fn_match(ctx: EvalContext, args: tuple) -> Value:
    lookup = first(args[0].evaluate(ctx))
    within = _as_array(args[1].evaluate(ctx))
    kind = _number_arg(ctx, args[2]) if len(args) > 2 else 1
    for v in (lookup, kind):
        if isinstance(v, XlError):
            return v
    rows, cols = within.shape
    if rows != 1 and cols != 1:
        return NA
    if lookup is None:
        return NA
    items = within.flat()
    if kind == 0:
        if isinstance(lookup, str):
            pattern = wildcard_pattern(lookup)
            test = lambda v: isinstance(v, str) and pattern.fullmatch(v) is not None  # noqa: E731
        else:
            test = lambda v: type(v) is type(lookup) or (_is_number(v) and _is_number(lookup))  # noqa: E731
            test = (lambda t: lambda v: t(v) and v == lookup)(test)
        for position, v in enumerate(items, start=1):
            if test(v):
                return position
        return NA
    found = None
    wanted = operator.le if kind > 0 else operator.ge
    for position, v in enumerate(items, start=1):
        if v is None or isinstance(v, XlError) or type(v) is not type(lookup) and not (
                _is_number(v) and _is_number(lookup)):
            continue
        if compare(wanted, v, lookup) is True:
            found = position
        elif kind > 0:
            break
    return NA if found is None else found


# --------------------------------------------------------------------------- dates

def _ymd(serial: float) -> tuple[int, int, int]:
    """Year, month, day of a serial number as Excel reads it (0 is 1900-01-00, 60 is 1900-02-29)."""
    whole = math.floor(serial)
    if whole >= 61:
        day = _dt.date(1899, 12, 30) + _dt.timedelta(days=whole)
        return day.year, day.month, day.day
    if whole == 60:
        return 1900, 2, 29
    if whole == 0:
        return 1900, 1, 0
    day = _dt.date(1900, 1, 1) + _dt.timedelta(days=whole - 1)
    return day.year, day.month, day.day


def _serial_arg(ctx: EvalContext, arg: Expr) -> Union[float, XlError]:
    value = _number_arg(ctx, arg)
    if isinstance(value, XlError):
        return value
    if value < 0 or value >= 2958466:  # 9999-12-31 is 2958465
        return NUM
    return value


def _date_part(index: int) -> Impl:
    def impl(ctx: EvalContext, args: tuple) -> Value:
        serial = _serial_arg(ctx, args[0])
        return serial if isinstance(serial, XlError) else _ymd(serial)[index]
    return impl


register("YEAR", 1)(_date_part(0))
register("MONTH", 1)(_date_part(1))
register("DAY", 1)(_date_part(2))


def _serial_of(year: int, month: int, day: int) -> Union[int, XlError]:
    """Serial of a (possibly overflowing) year, month and day, as DATE normalizes them."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if not 1900 <= year <= 9999:
        return NUM
    serial = date_serial(_dt.date(year, month, 1)) + day - 1
    if year == 1900 and month <= 2:
        serial -= 1  # Excel counts a 29 February 1900
    return serial if 0 <= serial <= 2958465 else NUM


@register("DATE", 3)
def _fn_date(ctx: EvalContext, args: tuple) -> Value:
    parts = [_number_arg(ctx, a) for a in args]
    for v in parts:
        if isinstance(v, XlError):
            return v
    year, month, day = (int(v) for v in parts)
    if 0 <= year < 1900:
        year += 1900
    return _serial_of(year, month, day)


def _month_shift(end_of_month: bool) -> Impl:
    def impl(ctx: EvalContext, args: tuple) -> Value:
        serial = _serial_arg(ctx, args[0])
        months = _number_arg(ctx, args[1])
        for v in (serial, months):
            if isinstance(v, XlError):
                return v
        year, month, day = _ymd(serial)
        total = year * 12 + month - 1 + int(months)
        year, month = divmod(total, 12)
        month += 1
        if not 1900 <= year <= 9999:
            return NUM
        last = calendar.monthrange(year, month)[1]
        return _serial_of(year, month, last if end_of_month else min(day, last))
    return impl


register("EDATE", 2)(_month_shift(False))
register("EOMONTH", 2)(_month_shift(True))
