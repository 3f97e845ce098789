"""The plan spec: a validated, typed description of one marketing plan.

One module per section (``plan_info``, ``budget``, ``sales``, ...); :class:`PlanSpec`
puts the sections together. ``read_spec_file`` reads YAML or JSON;
``validate_spec`` checks a dict and raises :class:`SpecError` naming every bad
field by path, e.g. ``budget.activities[2].plan[12]``. Amounts are per fiscal
month: month 1 is the first month of the fiscal year; lists may be shorter than
12 (the months not given stay blank).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from pydantic import Field, ValidationError

from ..errors import SpecError
from .analysis import Analysis, pest_problems
from .base import LANGUAGES, MAX_TEXT, MONTHS, Strict
from .budget import Activity, Budget
from .distribution import Distribution, Policy, Region
from .distribution import problems as _distribution_problems
from .files import read_spec_file
from .media import Channel, Media
from .media import problems as _media_problems
from .initiatives import Initiative, Initiatives, link_problems
from .objectives import Goal, Objectives
from .plan_info import DEFAULT_CURRENCY, PlanInfo
from .pricing import Pricing, PricingProduct
from .problems import field_path, problem
from .sales import Product, Sales


class PlanSpec(Strict):
    """A whole plan: ``plan`` info and one section per part of the workbook."""

    plan: PlanInfo = Field(default_factory=PlanInfo)
    budget: Budget
    sales: Sales
    media: Media = Field(default_factory=Media)
    distribution: Distribution = Field(default_factory=Distribution)
    pricing: Pricing = Field(default_factory=Pricing)
    analysis: Analysis = Field(default_factory=Analysis)
    objectives: Objectives = Field(default_factory=Objectives)
    initiatives: Initiatives = Field(default_factory=Initiatives)


#: Checks across fields and sections, run once every section has validated; each gives
#: (field path, message) pairs, e.g. a channel's budget_line that is no budget activity.
CROSS_CHECKS: tuple[Callable[["PlanSpec"], list[tuple[str, str]]], ...] = (
    lambda spec: _media_problems(spec.media, [a.name for a in spec.budget.activities]),
    lambda spec: _distribution_problems(spec.distribution),
    lambda spec: pest_problems(spec.analysis),
    lambda spec: [(field_path(loc), message) for loc, message, _ in link_problems(spec)],
)


def validate_spec(data: Any, source: Optional[str] = None) -> PlanSpec:
    """Validate a spec dict; raise :class:`SpecError` listing each bad field path."""
    if not isinstance(data, dict):
        raise SpecError([("", f"the spec must be a mapping, not {type(data).__name__}")], source)
    try:
        spec = PlanSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError([problem(e) for e in exc.errors()], source) from None
    found = [found for check in CROSS_CHECKS for found in check(spec)]
    if found:
        raise SpecError(found, source)
    return spec


__all__ = ["Activity", "Analysis", "Budget", "Channel", "DEFAULT_CURRENCY", "Distribution", "Goal",
           "Initiative", "Initiatives", "LANGUAGES", "MAX_TEXT", "MONTHS", "Media", "Objectives", "PlanInfo",
           "PlanSpec", "Policy", "Pricing", "PricingProduct", "Product", "Region", "Sales", "field_path",
           "read_spec_file", "validate_spec"]
