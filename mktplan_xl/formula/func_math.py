"""Aggregates (SUM, MIN, MAX, AVERAGE, COUNT, SUMPRODUCT, LARGE, RANK...) and number
functions (ABS, INT, MOD, ROUND and its -UP/-DOWN forms)."""

from __future__ import annotations

import math
import operator
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation
from typing import Callable, Union

from .expr import EvalContext
from .functions import Impl, arg_values, finite, is_number, number_arg, register
from .refs import Area, Name, Offset, OffsetArea, Ref
from .values import DIV0, NA, NUM, PLAIN_NUMBER, VALUE, Array, Scalar, Value, XlError, elementwise, to_number

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


# --------------------------------------------------------------------------- aggregates

@register("SUM", 1, None)
def _fn_sum(ctx: EvalContext, args: tuple) -> Value:
    nums = _numbers(_aggregated(ctx, args))
    return nums if isinstance(nums, XlError) else finite(math.fsum(nums))


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
    return finite(math.fsum(nums) / len(nums)) if nums else DIV0


@register("COUNT", 1, None)
def _fn_count(ctx: EvalContext, args: tuple) -> Value:
    count = 0
    for v in arg_values(ctx, args):
        if isinstance(v, Array):
            count += sum(1 for x in v.flat() if is_number(x))
        elif not isinstance(to_number(v), XlError) and v is not None:
            count += 1
    return count


@register("COUNTA", 1, None)
def _fn_counta(ctx: EvalContext, args: tuple) -> Value:
    count = 0
    for v in arg_values(ctx, args):
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
    arrays = [v if isinstance(v, Array) else Array([[v]]) for v in arg_values(ctx, args)]
    if len({a.shape for a in arrays}) != 1:
        return VALUE
    vectors = []
    for a in arrays:
        vector = _numeric_vector(a)
        if isinstance(vector, XlError):
            return vector
        vectors.append(vector)
    if len(vectors) == 1:
        return finite(math.fsum(vectors[0]))
    if len(vectors) == 2:
        return finite(math.fsum(map(operator.mul, vectors[0], vectors[1])))
    return finite(math.fsum(math.prod(items) for items in zip(*vectors)))


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
    k = _k(number_arg(ctx, args[1]))
    for v in (nums, k):
        if isinstance(v, XlError):
            return v
    if not 1 <= k <= len(nums):
        return NUM
    return sorted(nums, reverse=reverse)[k - 1]


def _rank(ctx: EvalContext, args: tuple) -> Value:
    number = number_arg(ctx, args[0])
    data = args[1].evaluate(ctx)
    order = number_arg(ctx, args[2]) if len(args) > 2 else 0
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
    n, d = number_arg(ctx, args[0]), number_arg(ctx, args[1])
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
        x = number_arg(ctx, args[0])
        digits = number_arg(ctx, args[1]) if len(args) > 1 else 0
        for v in (x, digits):
            if isinstance(v, XlError):
                return v
        return excel_round(x, int(digits), mode)
    return impl


register("ROUND", 2)(_rounding(ROUND_HALF_UP))
register("ROUNDUP", 2)(_rounding(ROUND_UP))
register("ROUNDDOWN", 2)(_rounding(ROUND_DOWN))
