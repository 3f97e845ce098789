"""Fiscal calendar: which calendar month each of the 12 fiscal months is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year named by the calendar year it starts in.

    ``FiscalYear(2027, 4)`` runs April 2027 to March 2028; its Q1 is Apr–Jun.
    """

    year: int
    start_month: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.start_month <= 12:
            raise ValueError(f"fiscal start month must be 1-12, not {self.start_month}")

    def calendar_month(self, index: int) -> tuple[int, int]:
        """(year, month) of fiscal month ``index`` (0-based, 0..11)."""
        offset = self.start_month - 1 + index
        return self.year + offset // 12, offset % 12 + 1

    @property
    def months(self) -> list[tuple[int, int]]:
        return [self.calendar_month(i) for i in range(12)]

    @property
    def end_year(self) -> int:
        return self.calendar_month(11)[0]
