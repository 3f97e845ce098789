"""Lookup and reference: INDEX, MATCH, and ROW, COLUMN, ROWS, COLUMNS of a reference."""

from __future__ import annotations

import operator
from typing import Union

from .expr import EvalContext, Expr
from .func_criteria import wildcard_pattern
from .functions import as_array, is_number, number_arg, register
from .operators import compare
from .refs import Area, Name, Offset, OffsetArea, Ref
from .values import NA, REF, VALUE, Array, Value, XlError, first


# --------------------------------------------------------------------------- references

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


# --------------------------------------------------------------------------- lookup

@register("INDEX", 2, 3)
def _fn_index(ctx: EvalContext, args: tuple) -> Value:
    area = as_array(args[0].evaluate(ctx))
    nums = [number_arg(ctx, a) for a in args[1:]]
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
    within = as_array(args[1].evaluate(ctx))
    kind = number_arg(ctx, args[2]) if len(args) > 2 else 1
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
            test = lambda v: type(v) is type(lookup) or (is_number(v) and is_number(lookup))  # noqa: E731
            test = (lambda t: lambda v: t(v) and v == lookup)(test)
        for position, v in enumerate(items, start=1):
            if test(v):
                return position
        return NA
    found = None
    wanted = operator.le if kind > 0 else operator.ge
    for position, v in enumerate(items, start=1):
        if v is None or isinstance(v, XlError) or type(v) is not type(lookup) and not (
                is_number(v) and is_number(lookup)):
            continue
        if compare(wanted, v, lookup) is True:
            found = position
        elif kind > 0:
            break
    return NA if found is None else found
