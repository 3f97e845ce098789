"""One variance rule: the budget tracker, the sales forecast and MKT_VARIANCE_FLAG agree.

The workbook's tolerance is a share of the plan (VarianceTolerancePct); the add-in function's is an
amount unless ``basis="share"``. Random plans and actuals; the rule is applied by hand here.
"""

from __future__ import annotations

import random

import pytest

from mktplan_xl import Plan
from mktplan_xl import finance as fin
from mktplan_xl.templates import Labels


def by_hand(actual: float, plan: float, tolerance: float, higher_is_better: bool) -> str:
    variance = actual - plan
    if abs(variance) <= tolerance * abs(plan):
        return "on budget"
    return "favourable" if (variance > 0) == higher_is_better else "unfavourable"


def _plan(seed: int, language: str) -> dict:
    rng = random.Random(seed)
    as_of = rng.randint(1, 12)
    activities = [{"name": f"Line {i}", "plan": [rng.choice([0, rng.randint(1, 900)]) for _ in range(12)],
                   "actual": [rng.randint(0, 1000) for _ in range(as_of)]} for i in range(rng.randint(1, 5))]
    products = [{"name": f"Product {i}", "units": [rng.randint(0, 50) for _ in range(12)], "price": rng.randint(1, 9),
                 "actual_units": [rng.randint(0, 60) for _ in range(as_of)]} for i in range(rng.randint(1, 3))]
    return {"plan": {"year": 2027, "language": language, "fiscal_year_start": rng.randint(1, 12)},
            "budget": {"activities": activities, "as_of_month": as_of,
                       "variance_tolerance_pct": rng.choice([0, 0.01, 0.05, 0.2])},
            "sales": {"products": products}}


@pytest.mark.parametrize("seed", range(12))
def test_the_workbook_status_is_the_rule_and_the_add_in_function(seed: int) -> None:
    language = ("en", "vi", "zh")[seed % 3]
    spec = _plan(seed, language)
    model = Plan.from_dict(spec).model()
    labels = Labels(language)
    shown = {"on budget": labels("budget.on_budget"), "favourable": labels("budget.favourable"),
             "unfavourable": labels("budget.unfavourable")}
    tolerance = spec["budget"]["variance_tolerance_pct"]
    as_of = spec["budget"]["as_of_month"]
    plan_ytd = sum(v for a in spec["budget"]["activities"] for v in a["plan"][:as_of])
    actual_ytd = sum(v for a in spec["budget"]["activities"] for v in a["actual"][:as_of])
    assert model.value_of("BudgetPlanYTD") == pytest.approx(plan_ytd)
    expected = by_hand(actual_ytd, plan_ytd, tolerance, higher_is_better=False)
    budget_status = model.exports["budget"].status
    assert model.evaluate_cell(budget_status.sheet, budget_status.row, budget_status.col) == shown[expected]
    assert fin.variance_flag(actual_ytd, plan_ytd, "cost", tolerance, "share") == expected
    forecast = sum(u * p["price"] for p in spec["sales"]["products"] for u in p["units"][:as_of])
    sold = sum(u * p["price"] for p in spec["sales"]["products"] for u in p["actual_units"][:as_of])
    assert model.value_of("RevenueActualYTD") == pytest.approx(sold)
    expected = by_hand(sold, forecast, tolerance, higher_is_better=True)
    revenue_status = model.exports["sales"].revenue_status
    on_forecast = labels("sales.on_forecast")
    assert model.evaluate_cell(revenue_status.sheet, revenue_status.row, revenue_status.col) == \
        (on_forecast if expected == "on budget" else shown[expected])
    assert fin.variance_flag(sold, forecast, "revenue", tolerance, "share") == expected


def test_the_two_tolerance_bases() -> None:
    assert fin.variance_flag(104, 100, "cost", 5) == "on budget"               # an amount: 5
    assert fin.variance_flag(104, 100, "cost", 0.05, "share") == "on budget"   # a share: 5 % of 100
    assert fin.variance_flag(106, 100, "cost", 0.05, "share") == "unfavourable"
    assert fin.variance_flag(104_000, 100_000, "revenue", 0.05, "Share ") == "on budget"
    assert fin.variance_flag(104_000, 100_000, "revenue", 0.05) == "favourable"
