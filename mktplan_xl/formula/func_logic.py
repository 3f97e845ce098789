"""Logic (IF, IFERROR, AND, OR, NOT, CHOOSE) and information (ISNUMBER, ISTEXT, ISBLANK...)."""

from __future__ import annotations

from typing import Callable, Union

from .expr import EvalContext
from .functions import Impl, arg_values, is_number, number_arg, register
from .values import VALUE, Array, Scalar, Value, XlError, first, truthy


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
    flags = _logicals(arg_values(ctx, args))
    if isinstance(flags, XlError):
        return flags
    return all(flags) if flags else VALUE


@register("OR", 1, None)
def _fn_or(ctx: EvalContext, args: tuple) -> Value:
    flags = _logicals(arg_values(ctx, args))
    if isinstance(flags, XlError):
        return flags
    return any(flags) if flags else VALUE


@register("NOT", 1)
def _fn_not(ctx: EvalContext, args: tuple) -> Value:
    flag = truthy(args[0].evaluate(ctx))
    return flag if isinstance(flag, XlError) else not flag


@register("CHOOSE", 2, None)
def _fn_choose(ctx: EvalContext, args: tuple) -> Value:
    index = number_arg(ctx, args[0])
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


register("ISNUMBER", 1)(_scalar_test(is_number))
register("ISTEXT", 1)(_scalar_test(lambda v: isinstance(v, str)))
register("ISLOGICAL", 1)(_scalar_test(lambda v: isinstance(v, bool)))
register("ISERROR", 1)(_scalar_test(lambda v: isinstance(v, XlError)))
register("ISBLANK", 1)(_scalar_test(lambda v: v is None))
