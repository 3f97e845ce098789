"""Excel's operators on values: comparison, arithmetic, ``&`` and ``--``.

Scalars follow Excel's coercions (text to number, blank as 0 or "", errors
passed on, #NUM! for a result a double cannot hold); arrays go element by
element, with fast paths for the common shapes. The expression nodes of
:mod:`.expr` call these.
"""

from __future__ import annotations

import math
import operator
from typing import Any, Callable, Union

from .values import DIV0, NUM, PLAIN_NUMBER, Array, Scalar, Value, XlError, to_number, to_text

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
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


ARITH: dict[str, Callable[[float, float], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide, "^": _power}


def _checked(result: Any) -> Any:
    """Excel shows #NUM! where a result overflows a double."""
    if type(result) is float and not math.isfinite(result):
        return NUM
    return result


def arith(fn: Callable[[float, float], Any], x: Scalar, y: Scalar) -> Scalar:
    if type(x) in PLAIN_NUMBER and type(y) in PLAIN_NUMBER:
        return _checked(fn(x, y))
    a = to_number(x)
    if isinstance(a, XlError):
        return a
    b = to_number(y)
    if isinstance(b, XlError):
        return b
    return _checked(fn(a, b))


def negate(v: Scalar) -> Scalar:
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


def equal_text(a: Array, text: str, equal: bool) -> Array:
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


#: Operators :func:`plain_arith` computes directly for plain numbers (they cannot divide by 0).
PLAIN_ARITH = frozenset({"+", "-", "*"})
_NUMERIC_TYPES = frozenset({int, float, bool})


def plain_arith(fn: Callable[[float, float], Any], xs: list, ys: list) -> list:
    """``fn`` over two equal-length lists: numbers and logicals directly (an overflow is #NUM!),
    anything else as :func:`arith` does."""
    out = []
    append = out.append
    numeric = _NUMERIC_TYPES
    for x, y in zip(xs, ys):
        if type(x) in numeric and type(y) in numeric:
            result = fn(x, y)
            append(NUM if type(result) is float and not math.isfinite(result) else result)
        else:
            append(arith(fn, x, y))
    return out


def as_numbers(value: Value) -> Value:
    """``--value``: logicals to 1/0 (an array element by element), otherwise as :func:`to_number`."""
    if not isinstance(value, Array):
        return to_number(value)
    out = [1 if x is True else 0 if x is False else (x if type(x) in PLAIN_NUMBER else to_number(x))
           for x in value.values]
    return Array.of(out, value.cols)


def concat(x: Scalar, y: Scalar) -> Scalar:
    for v in (x, y):
        if isinstance(v, XlError):
            return v
    return to_text(x) + to_text(y)
