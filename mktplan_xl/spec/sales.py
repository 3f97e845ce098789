"""The ``sales`` section: products with units per month and a unit price."""

from __future__ import annotations

from typing import Annotated, Any, Optional

from pydantic import Field, field_validator

from .base import MONTHS, Amount, MonthAmounts, Name, Strict, Text


class Product(Strict):
    """One product line: units per month and a unit price (one number or 12)."""

    name: Name
    unit: Text = ""
    units: MonthAmounts = Field(default_factory=list)
    price: Annotated[list[Optional[Amount]], Field(max_length=MONTHS)] = Field(default_factory=list)

    @field_validator("price", mode="before")
    @classmethod
    def _one_price_for_every_month(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [value] * MONTHS
        return value

    @field_validator("price", mode="after")
    @classmethod
    def _twelve_prices(cls, value: list) -> list:
        if value and len(value) != MONTHS:
            raise ValueError(f"give one price or {MONTHS} monthly prices, not {len(value)}")
        return value


class Sales(Strict):
    products: Annotated[list[Product], Field(min_length=1, max_length=100_000)]
