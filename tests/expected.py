"""Key figures computed straight from a spec, independently of the workbook code."""

from __future__ import annotations

from mktplan_xl.spec import PlanSpec
from xlsx_tools import months as _months




def _given(values: list) -> list:
    """Each month's value, None where the month is blank or not given."""
    return list(values) + [None] * (12 - len(values))


def expected_names(spec: PlanSpec) -> dict[str, float | bool | str]:
    budget = spec.budget
    plan_lines = [_months(a.plan) for a in budget.activities]
    actual_lines = [_months(a.actual) for a in budget.activities]
    if budget.contingency_pct is not None:
        plan_lines.append([budget.contingency_pct * sum(col) for col in zip(*plan_lines)])
        actual_lines.append(_months(budget.contingency_actual))
    plan_by_month = [sum(col) for col in zip(*plan_lines)]
    actual_by_month = [sum(col) for col in zip(*actual_lines)]
    if budget.as_of_month is not None:
        as_of = budget.as_of_month
    else:
        as_of = max([len(a.actual) for a in budget.activities] + [len(budget.contingency_actual)])
    revenue_by_month = [0.0] * 12
    actual_revenue_by_month = [0.0] * 12
    late_sales = False
    for product in spec.sales.products:
        units, prices = _months(product.units), _months(product.price)
        actual_units, actual_prices = _months(product.actual_units), _given(product.actual_price)
        for m in range(12):
            revenue_by_month[m] += units[m] * prices[m]
            if m < as_of:   # actuals count up to the as-of month; a blank actual price is the forecast's
                price = actual_prices[m] if actual_prices[m] is not None else prices[m]
                actual_revenue_by_month[m] += actual_units[m] * price
            elif actual_units[m]:
                late_sales = True
    plan_total = sum(plan_by_month)
    revenue_total = sum(revenue_by_month)
    plan_ytd = sum(plan_by_month[:as_of])
    actual_ytd = sum(actual_by_month[:as_of])
    elapsed = as_of / 12
    revenue_plan_ytd = sum(revenue_by_month[:as_of])
    revenue_actual_ytd = sum(actual_revenue_by_month[:as_of])
    # the checks: no actual typed after the as-of month, no line below zero to date
    late_budget = any(line[m] for line in actual_lines for m in range(as_of, 12))
    negative_line = any(sum(line[:as_of]) < 0 for line in actual_lines)
    names: dict[str, float | bool | str] = {
        "BudgetPlanTotal": plan_total,
        "AsOfMonth": as_of,
        "BudgetElapsedShare": elapsed,
        "VarianceTolerancePct": budget.variance_tolerance_pct,
        "BudgetPlanYTD": plan_ytd,
        "BudgetActualYTD": actual_ytd,
        "BudgetActualTotal": actual_ytd,          # later months do not count
        "BudgetVarianceYTD": actual_ytd - plan_ytd,
        "BudgetRemaining": plan_total - actual_ytd,
        "BudgetLatestEstimate": actual_ytd + (plan_total - plan_ytd),
        "BudgetProjectedVariance": actual_ytd + (plan_total - plan_ytd) - plan_total,
        "BudgetPacing": actual_ytd / (plan_total * elapsed) if plan_total * elapsed else "",
        "RevenuePlanTotal": revenue_total,
        "RevenuePlanYTD": revenue_plan_ytd,
        "RevenueActualYTD": revenue_actual_ytd,
        "RevenueVarianceYTD": revenue_actual_ytd - revenue_plan_ytd,
        "MarketingPctOfRevenue": plan_total / revenue_total if revenue_total else 0.0,
        "MarketingPctOfActualRevenue": actual_ytd / revenue_actual_ytd if revenue_actual_ytd else "",
        "ChecksOK": not (late_budget or negative_line or late_sales),
    }
    for q in range(4):
        names[f"BudgetPlanQ{q + 1}"] = sum(plan_by_month[3 * q:3 * q + 3])
        names[f"RevenuePlanQ{q + 1}"] = sum(revenue_by_month[3 * q:3 * q + 3])
    return names
