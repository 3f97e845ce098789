"""The plan spec: a validated, typed description of one marketing plan.

One module per section (``plan_info``, ``budget``, ``sales``, ...); :class:`PlanSpec`
puts the sections together. ``read_spec_file`` reads YAML or JSON;
``validate_spec`` checks a dict and raises :class:`SpecError` naming every bad
field by path, e.g. ``budget.activities[2].plan[12]``. Amounts are per fiscal
month: month 1 is the first month of the fiscal year; lists may be shorter than
12 (the months not given stay blank).
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import Field, ValidationError, model_validator

from ..errors import SpecError
from .base import LANGUAGES, MAX_TEXT, MONTHS, Strict
from .budget import Activity, Budget
from .files import read_spec_file
from .initiatives import Initiative, Initiatives, check_links
from .objectives import Goal, Objectives
from .plan_info import DEFAULT_CURRENCY, PlanInfo
from .problems import field_path, problem
from .sales import Product, Sales


class PlanSpec(Strict):
    """A whole plan: ``plan`` info and one section per part of the workbook."""

    plan: PlanInfo = Field(default_factory=PlanInfo)
    budget: Budget
    sales: Sales
    objectives: Objectives = Field(default_factory=Objectives)
    initiatives: Initiatives = Field(default_factory=Initiatives)

    check_links = model_validator(mode="after")(check_links)  # initiatives → sub-goals, budget lines


def validate_spec(data: Any, source: Optional[str] = None) -> PlanSpec:
    """Validate a spec dict; raise :class:`SpecError` listing each bad field path."""
    if not isinstance(data, dict):
        raise SpecError([("", f"the spec must be a mapping, not {type(data).__name__}")], source)
    try:
        return PlanSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError([problem(e) for e in exc.errors()], source) from None


__all__ = ["Activity", "Budget", "DEFAULT_CURRENCY", "Goal", "Initiative", "Initiatives", "LANGUAGES",
           "MAX_TEXT", "MONTHS", "Objectives", "PlanInfo", "PlanSpec", "Product", "Sales", "field_path",
           "read_spec_file", "validate_spec"]
