"""The ``pricing`` section: cost-based pricing and break-even, one block per product.

Symbols as on the sheet (and in :mod:`mktplan_xl.finance`): v unit variable cost,
F fixed costs for the year, Q expected units, m mark-up (on ``cost``: price =
c × (1 + m); on ``price``: price = c / (1 − m)), K invested capital, r target
return on it, T target profit, p the chosen price. Every number is optional (a
blank cell to fill in); ``price`` left out takes the sales forecast's average
price of the product with the same name, if there is one.
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Field

from .base import MAX_ITEMS, Amount, Name, Number, Strict, choice

MARKUP_BASES = ("cost", "price")
#: Most competitor prices per product (rows on the sheet).
MAX_COMPETITORS = 50


class PricingProduct(Strict):
    """One product's costs, volume, pricing targets and the competitors' prices."""

    name: Name
    unit_variable_cost: Optional[Amount] = None
    fixed_costs: Optional[Amount] = None
    expected_units: Optional[Amount] = None
    markup: Optional[Amount] = None
    markup_basis: choice(MARKUP_BASES, what="mark-up basis") = "cost"  # type: ignore[valid-type]
    invested_capital: Optional[Amount] = None
    target_return: Optional[Amount] = None
    target_profit: Optional[Number] = None
    price: Optional[Amount] = None
    competitor_prices: Annotated[list[Optional[Amount]], Field(max_length=MAX_COMPETITORS)] = Field(
        default_factory=list)



class Pricing(Strict):
    """The products priced on the Pricing & break-even sheet, in column order."""

    products: Annotated[list[PricingProduct], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
