"""Text functions: T, LEN, SUBSTITUTE."""

from __future__ import annotations

from .expr import EvalContext, evaluate
from .functions import number_arg, register
from .values import VALUE, Value, XlError, first, to_text


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
    which = number_arg(ctx, args[3])
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
