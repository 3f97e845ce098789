"""The ``sales`` section: products with units per month and a unit price, forecast and actual."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from pydantic import Field, field_validator

from .base import MONTHS, WHOLE_YEAR, Amount, MonthAmounts, Name, Strict, Text

Prices = Annotated[list[Optional[Amount]], Field(max_length=MONTHS), WHOLE_YEAR]
#: Actual prices: up to 12, the months not given take the forecast price.
ActualPrices = Annotated[list[Optional[Amount]], Field(max_length=MONTHS)]


def _one_price_for_every_month(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value] * MONTHS
    return value


def _twelve_prices(value: list) -> list:
    if value and len(value) != MONTHS:
        raise ValueError(f"give one price or {MONTHS} monthly prices, not {len(value)}")
    return value


class Product(Strict):
    """One product line: forecast units per month and a unit price (one number or 12), and the
    actual units sold and, where it differed from the forecast, the actual price (one number,
    or a list of up to 12: the months not given take the forecast price)."""

    name: Name
    unit: Text = ""
    units: MonthAmounts = Field(default_factory=list)
    price: Prices = Field(default_factory=list)
    actual_units: MonthAmounts = Field(default_factory=list)
    actual_price: ActualPrices = Field(default_factory=list)

    @field_validator("price", "actual_price", mode="before")
    @classmethod
    def _one_price(cls, value: Any) -> Any:
        return _one_price_for_every_month(value)

    @field_validator("price", mode="after")
    @classmethod
    def _twelve(cls, value: list) -> list:
        return _twelve_prices(value)


class Sales(Strict):
    products: Annotated[list[Product], Field(min_length=1, max_length=100_000)]
