"""Conditional aggregates: COUNTIF, SUMIF, AVERAGEIF and their -S forms, and Excel's criteria.

Criteria follow Excel: an operator prefix (``<``, ``<=``, ``>``, ``>=``, ``<>``,
``=``), then a number or a text with the wildcards ``*`` and ``?`` (``~``
escapes). A user's text used as a criterion is therefore not an exact match: use
:func:`~mktplan_xl.formula.idioms.sum_where` and
:func:`~mktplan_xl.formula.idioms.match_exact` for user text.
"""

from __future__ import annotations

import math
import operator
import re
from typing import Callable, Optional, Union

from .expr import EvalContext, Expr
from .functions import as_array, finite, is_number, register
from .values import DIV0, VALUE, Array, Scalar, Value, XlError, first

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
    if is_number(crit):
        return lambda v: is_number(v) and v == crit
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
            equal = lambda v: (is_number(v) and v == number) or (  # noqa: E731
                isinstance(v, str) and v.lower() == lowered)
            return equal if op == "=" else (lambda v: not equal(v))
        return lambda v: is_number(v) and fn(v, number)
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


def _matching(ctx: EvalContext, pairs: list[tuple[Expr, Expr]]) -> Union[list[bool], XlError, tuple]:
    """Which positions meet every (range, criterion) pair; the ranges' common shape."""
    mask: Optional[list[bool]] = None
    shape = None
    for range_expr, crit_expr in pairs:
        values = as_array(range_expr.evaluate(ctx))
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
            if is_number(x):
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
    picked = _sum_matching(as_array(values_expr.evaluate(ctx)), mask, shape)
    return picked if isinstance(picked, XlError) else finish(picked)  # type: ignore[arg-type]


def _total(nums: list[float]) -> Value:
    return finite(math.fsum(nums))


def _mean(nums: list[float]) -> Value:
    return finite(math.fsum(nums) / len(nums)) if nums else DIV0


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
