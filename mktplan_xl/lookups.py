"""Lookups over long lists, written as ordinary formulas but evaluated in Python with an index.

A large plan has a thousand goals and two thousand initiatives: a per-row MATCH over the goal IDs or
a per-goal SUMIF over the initiatives is a scan of the whole list for every row, a few million steps
in the Python evaluation that caches each formula's value. These objects render exactly as the
formula they stand for (:attr:`call`) and give exactly its value, value for value and type for type
(the tests check both on random plans); only the Python evaluation is indexed, built once per
evaluation run and kept in the model's per-run cache. Anything outside the indexed case (text that
is not plain ASCII, a criterion that is not a number, no per-run cache) is evaluated by the formula
itself.
"""

from __future__ import annotations

import math
from typing import Any

from .formula import SUMIF, Area, Expr, match_exact
from .formula.values import NA, PLAIN_NUMBER, XlError, first, keep


class _Indexed(Expr):
    """Renders and lists references as :attr:`call`; subclasses evaluate with an index."""

    __slots__ = ("call",)
    call: Expr

    def render(self, ctx) -> str:
        return self.call.render(ctx)

    def children(self) -> tuple[Expr, ...]:
        return self.call.children()


class ExactPosition(_Indexed):
    """``match_exact(key, keys)``: the position of ``key`` among ``keys``, exact and ignoring case;
    #N/A when absent."""

    __slots__ = ("key", "keys")

    def __init__(self, key: Expr, keys: Area):
        self.call, self.key, self.keys = match_exact(key, keys), key, keys

    def evaluate(self, ctx) -> Any:
        key = first(self.key.evaluate(ctx))
        cache = getattr(ctx, "array_cache", None)
        if cache is None or not isinstance(key, str) or not key or not key.isascii():
            return self.call.evaluate(ctx)
        area = self.keys
        name = ("ExactPosition", area.sheet, area.row1, area.col1, area.row2, area.col2)
        index = cache.get(name)
        if index is None:
            values = area.evaluate(ctx)
            rows, cols = values.shape
            index = {}
            if rows == 1 or cols == 1:
                for position, value in enumerate(values.flat(), start=1):
                    if isinstance(value, str):
                        if not value.isascii():     # case rules beyond ASCII: let MATCH decide
                            index = False
                            break
                        index.setdefault(value.lower(), position)
            else:
                index = False
            keep(cache, name, index, rows * cols)
        if index is False:
            return self.call.evaluate(ctx)
        return index.get(key.lower(), NA)


class SumByRow(_Indexed):
    """``SUMIF(rows, row, values)`` where ``row`` is a number (a position in a list)."""

    __slots__ = ("rows", "row", "values")

    def __init__(self, rows: Area, row: Expr, values: Area):
        self.call, self.rows, self.row, self.values = SUMIF(rows, row, values), rows, row, values

    def evaluate(self, ctx) -> Any:
        row = first(self.row.evaluate(ctx))
        cache = getattr(ctx, "array_cache", None)
        if type(row) not in PLAIN_NUMBER or cache is None:
            return self.call.evaluate(ctx)
        rows, values = self.rows, self.values
        name = ("SumByRow", rows.sheet, rows.row1, rows.col1, rows.row2, rows.col2,
                values.sheet, values.row1, values.col1, values.row2, values.col2)
        groups = cache.get(name)
        if groups is None:
            positions, amounts = rows.evaluate(ctx), values.evaluate(ctx)
            groups = {}
            if positions.shape == amounts.shape:
                for position, amount in zip(positions.flat(), amounts.flat()):
                    if type(position) in PLAIN_NUMBER:
                        groups.setdefault(position, []).append(amount)
            else:
                groups = False
            keep(cache, name, groups, len(positions.values))
        if groups is False:
            return self.call.evaluate(ctx)
        numbers = []
        for amount in groups.get(row, ()):
            if isinstance(amount, XlError):
                return amount
            if type(amount) in PLAIN_NUMBER:
                numbers.append(amount)
        total = math.fsum(numbers)
        return total if math.isfinite(total) else self.call.evaluate(ctx)
