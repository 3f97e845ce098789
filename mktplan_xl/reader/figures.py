"""Figures of a plan read back, always from the evaluated model of its spec, never recomputed here.

A figure a command shows (``mktplan read``'s key figures, a roll-up's "by unit"
columns) is the value of the same cell the workbook has: the spec is built
into a model (:func:`mktplan_xl.builder.build_model`) and the model is asked
(``value_of``, the sheets' exports). So the as-of month, the contingency line
and every rule of the sheets apply exactly as in the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The period columns of a budget or sales line: 12 months, Q1–Q4, then the year.
YEAR = 16


@dataclass(frozen=True)
class KeyFigures:
    """A plan's headline figures, as its workbook computes them."""

    budget_plan: float       # BudgetPlanTotal
    budget_actual: float     # BudgetActualTotal (the months up to the as-of month)
    as_of_month: int         # AsOfMonth
    revenue_plan: float      # RevenuePlanTotal


def plan_model(spec: Any) -> Any:
    """The model of a validated spec (formulas computed on demand)."""
    from ..builder import build_model

    return build_model(spec)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def key_figures(model: Any) -> KeyFigures:
    """The headline figures of a plan's model."""
    return KeyFigures(_number(model.value_of("BudgetPlanTotal")), _number(model.value_of("BudgetActualTotal")),
                      int(_number(model.value_of("AsOfMonth"))), _number(model.value_of("RevenuePlanTotal")))


def line_years(model: Any, names: Any, periods: Any) -> tuple[tuple[str, float], ...]:
    """(name, full-year value) of every named line of a sheet's export (spare lines left out)."""
    labels = [row[0] for row in model.area_values(names)]
    years = [row[YEAR] for row in model.area_values(periods)]
    return tuple((str(name).strip(), _number(year)) for name, year in zip(labels, years)
                 if name is not None and str(name).strip())


def budget_lines(model: Any) -> tuple[tuple[str, float], ...]:
    """Full-year plan per budget line (the computed contingency line included)."""
    budget = model.exports["budget"]
    return line_years(model, budget.line_names, budget.plan_lines)


def revenue_lines(model: Any) -> tuple[tuple[str, float], ...]:
    """Full-year revenue forecast per product line."""
    sales = model.exports["sales"]
    return line_years(model, sales.product_names, sales.revenue)
