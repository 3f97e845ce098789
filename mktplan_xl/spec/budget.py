"""The ``budget`` section: budget-tracker lines, contingency and the as-of month."""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Field, model_validator

from .base import MonthAmounts, Name, Strict, Text


class Activity(Strict):
    """One budget line: monthly plan amounts and the actuals reported so far."""

    name: Name
    group: Optional[Text] = None
    plan: MonthAmounts = Field(default_factory=list)
    actual: MonthAmounts = Field(default_factory=list)


class Budget(Strict):
    """The budget tracker's lines and options."""

    contingency_pct: Optional[Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]] = None
    contingency_actual: MonthAmounts = Field(default_factory=list)
    as_of_month: Optional[Annotated[int, Field(strict=True, ge=0, le=12)]] = None
    activities: Annotated[list[Activity], Field(min_length=1, max_length=100_000)]

    @model_validator(mode="after")
    def _contingency_actual_needs_pct(self) -> "Budget":
        if self.contingency_actual and self.contingency_pct is None:
            raise ValueError("contingency_actual is only used with contingency_pct")
        return self

    @property
    def months_reported(self) -> int:
        """As-of month: given, else the longest actual list."""
        if self.as_of_month is not None:
            return self.as_of_month
        lengths = [len(a.actual) for a in self.activities] + [len(self.contingency_actual)]
        return max(lengths)
