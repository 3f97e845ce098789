"""pydantic errors as (field path, message) pairs, e.g. ``budget.activities[2].plan[12]``."""

from __future__ import annotations

from ..styles import DISPLAY_UNITS
from .base import LANGUAGES, MONTHS


def field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def problem(error: dict) -> tuple[str, str]:
    """One pydantic error as (field path, message a user understands)."""
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    message = error["msg"]
    if kind == "too_long" and ctx.get("max_length") == MONTHS:
        return field_path(loc + (MONTHS,)), (
            f"a fiscal year has {MONTHS} months; this list has {ctx.get('actual_length')}")
    if kind == "extra_forbidden":
        return field_path(loc), "unknown field (check the spelling; see `mktplan spec --example`)"
    if kind == "missing":
        return field_path(loc), "required field is missing"
    if kind == "greater_than_equal" and ctx.get("ge") == 0:
        return field_path(loc), f"must not be negative (got {error.get('input')!r})"
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    if kind in ("float_type", "int_type", "string_type", "list_type", "bool_type",
                "model_type", "dict_type"):
        message += f" (got {type(error.get('input')).__name__} {error.get('input')!r})"
    if kind == "literal_error" and loc and loc[-1] == "language":
        message = f"unknown language {error.get('input')!r}; use one of {', '.join(LANGUAGES)}"
    if kind == "literal_error" and loc and loc[-1] == "display_unit":
        message = f"display_unit must be one of {', '.join(map(str, DISPLAY_UNITS))}"
    return field_path(loc), message
