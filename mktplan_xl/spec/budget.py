"""The ``budget`` section: budget-tracker lines, groups, contingency, the as-of month and the
variance tolerance."""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Field, field_validator, model_validator

from .base import MAX_ITEMS, LongText, MonthAmounts, MonthNumbers, Name, Strict, Text

Share = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]


class Activity(Strict):
    """One budget line: monthly plan amounts, the actuals reported so far (a refund or a credit
    note may be negative), who owns the line and a note."""

    name: Name
    group: Optional[Text] = None
    owner: Text = ""
    notes: LongText = ""
    plan: MonthAmounts = Field(default_factory=list)
    actual: MonthNumbers = Field(default_factory=list)


class Budget(Strict):
    """The budget tracker's lines and options.

    ``groups`` lists the groups offered for the lines (in this order); the groups of the
    activities that it does not list are added after it, so it may be left out.
    ``variance_tolerance_pct`` is the band (± share of plan) inside which a line is on budget.
    """

    contingency_pct: Optional[Share] = None
    contingency_actual: MonthNumbers = Field(default_factory=list)
    as_of_month: Optional[Annotated[int, Field(strict=True, ge=0, le=12)]] = None
    variance_tolerance_pct: Share = 0.05
    groups: Annotated[list[Name], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    activities: Annotated[list[Activity], Field(min_length=1, max_length=MAX_ITEMS)]

    @field_validator("groups", mode="after")
    @classmethod
    def _groups_once(cls, groups: list[str]) -> list[str]:
        seen: set[str] = set()
        for group in groups:
            if group.lower() in seen:
                raise ValueError(f"group {group!r} is listed twice (groups match without regard to case)")
            seen.add(group.lower())
        return groups

    @model_validator(mode="after")
    def _contingency_actual_needs_pct(self) -> "Budget":
        if self.contingency_actual and self.contingency_pct is None:
            raise ValueError("contingency_actual is only used with contingency_pct")
        return self

    @model_validator(mode="after")
    def _every_group_listed(self) -> "Budget":
        seen = {g.lower() for g in self.groups}
        for activity in self.activities:
            group = activity.group or ""
            if group and group.lower() not in seen:
                seen.add(group.lower())
                self.groups.append(group)
        return self

    @property
    def months_reported(self) -> int:
        """As-of month: given, else the longest actual list."""
        if self.as_of_month is not None:
            return self.as_of_month
        lengths = [len(a.actual) for a in self.activities] + [len(self.contingency_actual)]
        return max(lengths)
