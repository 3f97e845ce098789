"""The ``distribution`` section: the distribution policy framework (KHUNG CHÍNH SÁCH PHÂN PHỐI).

Regions are the columns (KV 1, KV 2, ...), policy items the rows. Each region's
planned sales for the year are given (``sales``) or left to a ``share`` of the
sales forecast's revenue (``RevenuePlanTotal``); the shares are checked in the
workbook to add up to 100 %. Each policy item has a ``basis``:

``rate``
    a share of the region's sales (0–1), e.g. an invoice discount of 0.03;
``amount``
    an amount per year, e.g. a salesperson's salary;
``days``
    days of credit (the credit policy): its cost is the financing of the
    receivables, sales × days / ``days_per_year`` × ``cost_of_capital``.

``values`` holds one value per region, in the order of ``regions`` (or nothing:
blank cells to fill in the workbook). :func:`problems` checks what depends on
other fields (the number of values, a rate above 1) once the spec has validated.
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Field

from .base import MAX_ITEMS, Amount, Name, Strict, choice

BASES = ("rate", "amount", "days")
#: Longest credit period, in days (ten years).
MAX_DAYS = 3650

Share = Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]


class Region(Strict):
    """A sales region: planned sales for the year, or a share of the plan's revenue."""

    name: Name
    sales: Optional[Amount] = None
    share: Optional[Share] = None


class Policy(Strict):
    """A policy item: a rate of sales, an amount per year or days of credit, one value per region."""

    name: Name
    basis: choice(BASES, what="basis") = "rate"  # type: ignore[valid-type]
    values: Annotated[list[Optional[Amount]], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)



class Distribution(Strict):
    """Regions, policy items and the financing terms of the credit policy."""

    regions: Annotated[list[Region], Field(max_length=1000)] = Field(default_factory=list)
    policies: Annotated[list[Policy], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    cost_of_capital: Optional[Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)]] = None
    days_per_year: Annotated[int, Field(strict=True, ge=360, le=366)] = 365


def problems(distribution: Distribution) -> list[tuple[str, str]]:
    """(field path, message) for what one field cannot check alone."""
    found = []
    count = len(distribution.regions)
    for i, region in enumerate(distribution.regions):
        if region.sales is not None and region.share is not None:
            found.append((f"distribution.regions[{i}]",
                          "give the region's sales or its share of the planned revenue, not both"))
    for i, policy in enumerate(distribution.policies):
        path = f"distribution.policies[{i}].values"
        if policy.values and len(policy.values) != count:
            found.append((path, f"give one value per region: {count} region"
                                f"{'' if count == 1 else 's'}, {len(policy.values)} value"
                                f"{'' if len(policy.values) == 1 else 's'}"))
            continue
        for j, value in enumerate(policy.values):
            if value is None:
                continue
            if policy.basis == "rate" and value > 1:
                found.append((f"{path}[{j}]", f"a rate is a share of the region's sales, from 0 to 1 "
                                              f"(0.03 = 3 %); got {value:g}"))
            elif policy.basis == "days" and value > MAX_DAYS:
                found.append((f"{path}[{j}]", f"days of credit must be at most {MAX_DAYS}; got {value:g}"))
    return found
