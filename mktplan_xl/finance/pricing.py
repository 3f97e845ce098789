"""Mark-up, target-return, discount-chain and competitive price arithmetic.

Mark-ups are rates (0.25 = 25 %). On the *cost* basis the mark-up is a share
of cost (price = c × (1 + m)); on the *price* basis it is a share of the
selling price (price = c / (1 − m)), so it must stay below 1.
"""

from __future__ import annotations

import math
from typing import Any

from .coerce import bad, choice, series
from .engine import Result, evaluate, select
from .errors import DIV0, NUM, ExcelError

#: Mark-up bases accepted by :func:`markup_price` and :func:`markup_convert`.
MARKUP_BASES: dict[str, int] = {"cost": 0, "price": 1}
_PRICE_BASIS = 1


def _markup_price(g: Any, unit_cost: Any, markup: Any, basis: Any) -> Any:
    g.num(unit_cost < 0)
    g.num(markup < 0)
    on_price = basis == _PRICE_BASIS
    g.num(on_price & (markup >= 1))
    return select(on_price, g.div(unit_cost, 1 - markup), unit_cost * (1 + markup))


def _markup_convert(g: Any, markup: Any, from_basis: Any) -> Any:
    g.num(markup < 0)
    from_price = from_basis == _PRICE_BASIS
    g.num(from_price & (markup >= 1))
    return select(from_price, g.div(markup, 1 - markup), g.div(markup, 1 + markup))


def _target_return_price(g: Any, unit_cost: Any, invested_capital: Any, target_return: Any, expected_units: Any) -> Any:
    g.num(unit_cost < 0)
    g.num(invested_capital < 0)
    g.num(target_return < 0)
    g.num(expected_units < 0)
    g.div0(expected_units == 0)
    return unit_cost + g.div(target_return * invested_capital, expected_units)


def _scaled_price(g: Any, price: Any, factor: Any) -> Any:
    g.num(price < 0)
    return price * factor


def _price_ratio(g: Any, price: Any, average: Any) -> Any:
    g.num(price < 0)
    return g.div(price, average)


def markup_price(unit_cost: Any, markup: Any, basis: Any = "cost") -> Result:
    """Selling price from unit cost and mark-up: "cost" c × (1 + m), "price" c / (1 − m)."""
    return evaluate(_markup_price, unit_cost, markup, choice(basis, MARKUP_BASES))


def markup_convert(markup: Any, from_basis: Any) -> Result:
    """Re-express a mark-up on the other basis: cost→price m / (1 + m), price→cost m / (1 − m)."""
    return evaluate(_markup_convert, markup, choice(from_basis, MARKUP_BASES))


def target_return_price(unit_cost: Any, invested_capital: Any, target_return: Any, expected_units: Any) -> Result:
    """Price earning a target return on invested capital: c + r × K / Q."""
    return evaluate(_target_return_price, unit_cost, invested_capital, target_return, expected_units)


def _chain_factor(discounts: Any) -> Any:
    """Π(1 − dᵢ) of a discount chain (a row or column; blanks skipped)."""
    try:
        rates = series(discounts, line=True)
    except ExcelError as error:
        return bad(error.code_id)
    if any(rate < 0 or rate > 1 for rate in rates):
        return bad(NUM)
    return math.prod(1.0 - rate for rate in rates)


def _competitor_average(competitor_prices: Any) -> Any:
    """Average competitor price (blanks skipped, like AVERAGE)."""
    try:
        prices = series(competitor_prices)
    except ExcelError as error:
        return bad(error.code_id)
    if not prices:
        return bad(DIV0)
    if min(prices) <= 0:
        return bad(NUM)
    return math.fsum(prices) / len(prices)


def net_price(list_price: Any, discounts: Any) -> Result:
    """List price after a chain of discounts taken one after another: p × Π(1 − dᵢ).

    ``discounts`` is one row or column of rates in [0, 1] (blank cells are
    skipped, so an all-blank chain leaves the price unchanged); the same chain
    applies to every element of ``list_price``, whatever its shape.
    """
    return evaluate(_scaled_price, list_price, _chain_factor(discounts))


def price_index(price: Any, competitor_prices: Any) -> Result:
    """Price relative to the average competitor price (1.0 = at the market average).

    ``competitor_prices`` is any range of positive prices (blanks skipped);
    the same average applies to every element of ``price``.
    """
    return evaluate(_price_ratio, price, _competitor_average(competitor_prices))
