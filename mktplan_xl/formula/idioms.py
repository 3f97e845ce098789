"""Formula idioms the sheets share: exact lookups of user text, conditional sums, safe ratios.

Criteria functions (SUMIF, COUNTIF, MATCH with 0) read ``<``, ``=`` and the
wildcards ``*`` and ``?`` in a lookup text, so a group named ``<5`` or a line
named ``PR*`` would match the wrong rows. These idioms compare with ``=``,
which is exact (and case-insensitive, as Excel is).
"""

from __future__ import annotations

from .builders import IF, MATCH, SUBSTITUTE, SUMPRODUCT
from .expr import Expr, Operand, as_number, wrap
from .refs import Area


def sum_where(values: Expr, keys: Expr, key: Operand) -> Expr:
    """Sum of ``values`` where ``keys`` equals ``key`` exactly: SUMPRODUCT(--(keys=key), values)."""
    return SUMPRODUCT(as_number(keys.eq(key)), values)


def count_where(keys: Expr, key: Operand) -> Expr:
    """How many of ``keys`` equal ``key`` exactly."""
    return SUMPRODUCT(as_number(keys.eq(key)))


def escape_wildcards(text: Operand) -> Expr:
    """``text`` with ``~``, ``*`` and ``?`` escaped, for MATCH(..., 0)."""
    escaped = SUBSTITUTE(wrap(text), "~", "~~")
    escaped = SUBSTITUTE(escaped, "*", "~*")
    return SUBSTITUTE(escaped, "?", "~?")


def match_exact(key: Operand, keys: Area | Expr) -> Expr:
    """Position of ``key`` in ``keys`` (1-based), wildcards in ``key`` taken literally; #N/A if absent."""
    return MATCH(escape_wildcards(key), keys, 0)


def ratio(numerator: Operand, denominator: Expr) -> Expr:
    """numerator / denominator, 0 when the denominator is 0."""
    return IF(denominator.eq(0), 0, wrap(numerator) / denominator)


def blank_if_empty(key: Expr, value: Operand) -> Expr:
    """``value``, or "" while ``key`` (the cell a row's input starts with) is empty: blank rows show blank."""
    return IF(key.eq(""), "", value)
