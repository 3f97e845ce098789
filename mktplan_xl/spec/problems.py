"""pydantic errors as (field path, message) pairs, e.g. ``budget.activities[2].plan[12]``.

Offending values are shown cut to about :data:`SHOWN` characters, and whole
messages to :data:`MESSAGE_LIMIT`, so a huge value never floods the terminal.
"""

from __future__ import annotations

import reprlib
from typing import Any

from ..styles import DISPLAY_UNITS
from .base import LANGUAGES, MAX_AMOUNT, MONTHS

#: Characters of an offending value shown in a message.
SHOWN = 80
#: Longest message for one field.
MESSAGE_LIMIT = 300

_REPR = reprlib.Repr()
_REPR.maxstring = SHOWN
_REPR.maxother = SHOWN
_REPR.maxlong = 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxdict = 6
_REPR.maxlevel = 3


def cut(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def shown(value: Any) -> str:
    """A short repr of ``value`` for a message: bounded work and length, whatever its size."""
    try:
        text = _REPR.repr(value)
    except (ValueError, RecursionError):  # e.g. an int too long to print
        return f"<{type(value).__name__} too large to show>"
    text = cut(text)
    if isinstance(value, (str, list, tuple, dict)) and len(value) > 20:
        unit = "characters" if isinstance(value, str) else "items"
        text += f" ({len(value):,} {unit})"
    return text


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
    path, message = _problem(error)
    return cut(path, 2 * SHOWN), cut(message, MESSAGE_LIMIT)


def _problem(error: dict) -> tuple[str, str]:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    message = error["msg"]
    value = error.get("input")
    if kind == "too_long" and ctx.get("max_length") == MONTHS:
        return field_path(loc + (MONTHS,)), (
            f"a fiscal year has {MONTHS} months; this list has {ctx.get('actual_length')}")
    if kind == "extra_forbidden":
        return field_path(loc), "unknown field (check the spelling; see `mktplan spec --example`)"
    if kind == "missing":
        return field_path(loc), "required field is missing"
    if kind == "greater_than_equal" and ctx.get("ge") == 0:
        return field_path(loc), f"must not be negative (got {shown(value)})"
    if (kind == "less_than_equal" and ctx.get("le") == MAX_AMOUNT) or (
            kind == "greater_than_equal" and ctx.get("ge") == -MAX_AMOUNT):
        return field_path(loc), f"must be at most 1e15 (1,000,000,000,000,000) in size (got {shown(value)})"
    if kind in ("float_type", "float_parsing", "finite_number") and isinstance(value, int) \
            and not isinstance(value, bool):
        return field_path(loc), f"number too large; amounts are at most 1e15 (got {shown(value)})"
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    if kind in ("float_type", "int_type", "string_type", "list_type", "bool_type",
                "model_type", "dict_type"):
        message += f" (got {type(value).__name__} {shown(value)})"
        if isinstance(value, str) and kind == "float_type" and _looks_numeric(value):
            message += "; write the number without quotes, e.g. 1.0e+5"
    if kind == "literal_error" and loc and loc[-1] == "language":
        message = f"unknown language {shown(value)}; use one of {', '.join(LANGUAGES)}"
    if kind == "literal_error" and loc and loc[-1] == "display_unit":
        message = f"display_unit must be one of {', '.join(map(str, DISPLAY_UNITS))}"
    return field_path(loc), message


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
