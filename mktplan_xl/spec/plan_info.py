"""The ``plan`` section: names, fiscal year, currency, display unit, language."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Literal, Optional

from pydantic import Field, field_validator, model_validator

from ..styles import CURRENCIES
from .base import Strict, Text

DEFAULT_CURRENCY = {"en": "USD", "vi": "VND", "zh": "CNY"}


class PlanInfo(Strict):
    """Who and when: names, fiscal year, currency, language."""

    name: Optional[Text] = None
    company: Text = ""
    prepared_by: Text = ""
    year: Annotated[int, Field(strict=True, ge=1900, le=9998)] = Field(
        default_factory=lambda: _dt.date.today().year)
    fiscal_year_start: Annotated[int, Field(strict=True, ge=1, le=12)] = 1
    currency: Optional[str] = None
    display_unit: Literal[1, 1000, 10000, 1000000, 100000000, 1000000000] = 1
    language: Literal["en", "vi", "zh"] = "en"
    check_tolerance: Annotated[float, Field(strict=True, ge=0, le=1e9, allow_inf_nan=False)] = 0.005

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_code(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("currency must be a code such as VND, USD or CNY")
        code = value.strip().upper()
        if code not in CURRENCIES:
            raise ValueError(f"unknown currency {value!r}; use one of {', '.join(CURRENCIES)}")
        return code

    @model_validator(mode="after")
    def _default_currency(self) -> "PlanInfo":
        if self.currency is None:
            self.currency = DEFAULT_CURRENCY[self.language]
        return self
