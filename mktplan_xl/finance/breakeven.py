"""Break-even and cost-based pricing arithmetic (cost-volume-profit).

Conventions: money amounts and unit counts are non-negative (``#NUM!``
otherwise); a zero divisor is ``#DIV/0!``; a price at or below variable cost
makes break-even impossible (zero margin ``#DIV/0!``, negative ``#NUM!``).
"""

from __future__ import annotations

from typing import Any

from .coerce import logical
from .engine import Result, evaluate, select


def _units(g: Any, fixed_costs: Any, unit_price: Any, unit_variable_cost: Any, target_profit: Any) -> Any:
    """(F + T) / (p - v), with the break-even domain checks."""
    g.num(fixed_costs < 0)
    g.num(unit_price < 0)
    g.num(unit_variable_cost < 0)
    margin = unit_price - unit_variable_cost
    g.div0(margin == 0)
    g.num(margin < 0)
    needed = fixed_costs + target_profit
    g.num(needed < 0)
    return g.div(needed, margin)


def _revenue(g: Any, fixed_costs: Any, unit_price: Any, unit_variable_cost: Any, target_profit: Any) -> Any:
    return _units(g, fixed_costs, unit_price, unit_variable_cost, target_profit) * unit_price


def _margin_of_safety(g: Any, expected_units: Any, fixed_costs: Any, unit_price: Any, unit_variable_cost: Any) -> Any:
    g.num(expected_units < 0)
    g.div0(expected_units == 0)
    units = _units(g, fixed_costs, unit_price, unit_variable_cost, 0.0)
    return g.div(expected_units - units, expected_units)


def _breakeven_price(g: Any, fixed_costs: Any, unit_variable_cost: Any, expected_units: Any, target_profit: Any) -> Any:
    g.num(fixed_costs < 0)
    g.num(unit_variable_cost < 0)
    g.num(expected_units < 0)
    g.div0(expected_units == 0)
    needed = fixed_costs + target_profit
    g.num(needed < 0)
    return unit_variable_cost + g.div(needed, expected_units)


def _unit_cost(g: Any, unit_variable_cost: Any, fixed_costs: Any, expected_units: Any) -> Any:
    g.num(unit_variable_cost < 0)
    g.num(fixed_costs < 0)
    g.num(expected_units < 0)
    g.div0(expected_units == 0)
    return unit_variable_cost + g.div(fixed_costs, expected_units)


def _contribution_margin(g: Any, unit_price: Any, unit_variable_cost: Any, as_ratio: Any) -> Any:
    g.num(unit_price < 0)
    g.num(unit_variable_cost < 0)
    margin = unit_price - unit_variable_cost
    ratio = as_ratio == 1
    g.div0(ratio & (unit_price == 0))
    return select(ratio, g.div(margin, unit_price), margin)


def breakeven_units(fixed_costs: Any, unit_price: Any, unit_variable_cost: Any, target_profit: Any = 0.0) -> Result:
    """Units to sell to cover fixed costs plus a target profit: (F + T) / (p − v)."""
    return evaluate(_units, fixed_costs, unit_price, unit_variable_cost, target_profit)


def breakeven_revenue(fixed_costs: Any, unit_price: Any, unit_variable_cost: Any, target_profit: Any = 0.0) -> Result:
    """Sales revenue at the break-even (or target-profit) volume: units × price."""
    return evaluate(_revenue, fixed_costs, unit_price, unit_variable_cost, target_profit)


def margin_of_safety(expected_units: Any, fixed_costs: Any, unit_price: Any, unit_variable_cost: Any) -> Result:
    """Share of expected volume above break-even: (Q − break-even units) / Q; negative below break-even."""
    return evaluate(_margin_of_safety, expected_units, fixed_costs, unit_price, unit_variable_cost)


def breakeven_price(fixed_costs: Any, unit_variable_cost: Any, expected_units: Any, target_profit: Any = 0.0) -> Result:
    """Price that reaches the target profit at the expected volume: v + (F + T) / Q."""
    return evaluate(_breakeven_price, fixed_costs, unit_variable_cost, expected_units, target_profit)


def unit_cost(unit_variable_cost: Any, fixed_costs: Any, expected_units: Any) -> Result:
    """Full cost per unit at the expected volume: v + F / Q."""
    return evaluate(_unit_cost, unit_variable_cost, fixed_costs, expected_units)


def contribution_margin(unit_price: Any, unit_variable_cost: Any, as_ratio: Any = False) -> Result:
    """Unit contribution p − v, or with ``as_ratio`` the contribution ratio (p − v) / p."""
    return evaluate(_contribution_margin, unit_price, unit_variable_cost, logical(as_ratio))
