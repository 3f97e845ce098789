"""Key figures computed straight from a spec, independently of the workbook code."""

from __future__ import annotations

from mktplan_xl.spec import PlanSpec


def _months(values: list) -> list[float]:
    return [float(v or 0) for v in values] + [0.0] * (12 - len(values))


def expected_names(spec: PlanSpec) -> dict[str, float | bool]:
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
    for product in spec.sales.products:
        units, prices = _months(product.units), _months(product.price)
        for m in range(12):
            revenue_by_month[m] += units[m] * prices[m]
    plan_total = sum(plan_by_month)
    revenue_total = sum(revenue_by_month)
    names: dict[str, float | bool] = {
        "BudgetPlanTotal": plan_total,
        "AsOfMonth": as_of,
        "BudgetPlanYTD": sum(plan_by_month[:as_of]),
        "BudgetActualYTD": sum(actual_by_month[:as_of]),
        "BudgetVarianceYTD": sum(actual_by_month[:as_of]) - sum(plan_by_month[:as_of]),
        "RevenuePlanTotal": revenue_total,
        "MarketingPctOfRevenue": plan_total / revenue_total if revenue_total else 0.0,
        "ChecksOK": True,
    }
    for q in range(4):
        names[f"BudgetPlanQ{q + 1}"] = sum(plan_by_month[3 * q:3 * q + 3])
        names[f"RevenuePlanQ{q + 1}"] = sum(revenue_by_month[3 * q:3 * q + 3])
    return names
