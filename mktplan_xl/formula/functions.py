"""The Excel functions the engine offers: how each is registered and reads its arguments.

Every function exists in Excel 2010+ and LibreOffice 7.4 and is evaluated in
Python as Excel does. Implementations receive the *unevaluated* argument
expressions, so IF, IFERROR and CHOOSE evaluate only the branch they take. They
are registered by family: :mod:`.func_math` (aggregates, rounding),
:mod:`.func_criteria` (COUNTIF, SUMIF and their -S forms), :mod:`.func_logic`
(IF, AND, IS...), :mod:`.func_lookup` (INDEX, MATCH, ROW...), :mod:`.func_text`
and :mod:`.func_dates`.

Where LibreOffice and Excel differ, the engine follows Excel, and builders keep
out of the difference: LibreOffice counts TRUE/FALSE cells as 1/0 in range
aggregates (SUM, AVERAGE, COUNT, criteria), reads a text cell holding "" as an
empty cell, lets the criterion "*" match numbers, and computes odd roots of
negative numbers (Excel: #NUM!). So builders never put logicals or "" constants
in ranges that are aggregated, and never use "*" alone as a criterion.
"""

from __future__ import annotations

import math
from typing import Callable, Optional, Union

from .expr import FUNCTIONS, EvalContext, Expr, FunctionSpec
from .values import NUM, PLAIN_NUMBER, Array, Scalar, Value, XlError, first, to_number

Impl = Callable[[EvalContext, tuple], Value]


def register(name: str, min_args: int, max_args: Optional[int] = -1, xlfn: bool = False
             ) -> Callable[[Impl], Impl]:
    """Add a function to the registry; ``max_args`` -1 means the same as ``min_args``."""
    def add(impl: Impl) -> Impl:
        high = min_args if max_args == -1 else max_args
        FUNCTIONS[name] = FunctionSpec(name, min_args, high, impl, xlfn)
        return impl
    return add


def arg_values(ctx: EvalContext, args: tuple) -> list[Value]:
    """Every argument's value."""
    return [arg.evaluate(ctx) for arg in args]


def number_arg(ctx: EvalContext, arg: Expr) -> Union[float, int, XlError]:
    """An argument as one number (its top-left value, coerced)."""
    return to_number(first(arg.evaluate(ctx)))


def is_number(v: Scalar) -> bool:
    """A number proper (not a logical, not text)."""
    return type(v) in PLAIN_NUMBER


def finite(value: float) -> Union[float, XlError]:
    """``value``, or #NUM! where it overflowed."""
    return value if math.isfinite(value) else NUM


def as_array(v: Value) -> Array:
    """A single value as a 1 × 1 array; an array as it is."""
    return v if isinstance(v, Array) else Array([[v]])
