"""Plans from pandas DataFrames: same workbook figures as the equivalent dict spec."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mktplan_xl import Plan, SpecError


def _budget_frame() -> pd.DataFrame:
    rows = []
    for name, group, base in (("Ads", "Promotion", 100), ("Research", "Research", 40)):
        for month in range(1, 13):
            rows.append({"activity": name, "group": group, "month": month, "plan": base + month,
                         "actual": base if month <= 2 else math.nan})
    return pd.DataFrame(rows)


def _sales_frame() -> pd.DataFrame:
    return pd.DataFrame([{"product": "Milk", "unit": "box", "month": m, "units": 10 * m, "price": 7000}
                         for m in range(1, 13)])


def test_frames_give_the_same_plan_as_a_dict() -> None:
    from_frames = Plan.from_frames(_budget_frame(), _sales_frame(), plan={"year": 2027, "currency": "VND"})
    from_dict = Plan.from_dict({
        "plan": {"year": 2027, "currency": "VND"},
        "budget": {"activities": [
            {"name": "Ads", "group": "Promotion", "plan": [100 + m for m in range(1, 13)], "actual": [100, 100]},
            {"name": "Research", "group": "Research", "plan": [40 + m for m in range(1, 13)], "actual": [40, 40]}]},
        "sales": {"products": [{"name": "Milk", "unit": "box", "units": [10 * m for m in range(1, 13)],
                                "price": 7000}]},
    })
    assert from_frames.spec == from_dict.spec
    model = from_frames.model()
    assert model.value_of("BudgetPlanTotal") == sum(140 + 2 * m for m in range(1, 13))
    assert model.value_of("BudgetActualYTD") == 280
    assert model.value_of("RevenuePlanTotal") == sum(10 * m * 7000 for m in range(1, 13))


def test_frames_may_leave_sales_to_the_default() -> None:
    plan = Plan.from_frames(_budget_frame(), language="zh")
    assert [p.name for p in plan.spec.sales.products] == ["产品1", "产品2", "产品3"]


@pytest.mark.parametrize("change, words", [
    (lambda f: f.drop(columns=["month"]), "missing column 'month'"),
    (lambda f: f.assign(colour="red"), "unknown column 'colour'"),
    (lambda f: f.assign(month=13), "fiscal month from 1 to 12"),
    (lambda f: pd.concat([f, f.head(1)]), "month 1 twice"),
    (lambda f: f.assign(plan=-1.0), "budget.activities[0].plan[0]"),
])
def test_bad_frames_name_the_problem(change, words: str) -> None:
    with pytest.raises(SpecError) as info:
        Plan.from_frames(change(_budget_frame()))
    assert words in str(info.value)


def test_a_frame_is_required() -> None:
    with pytest.raises(SpecError, match="DataFrame"):
        Plan.from_frames([1, 2, 3])
