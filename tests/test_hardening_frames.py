"""Issue 7, DataFrames: pandas NA, conflicting groups, names differing by spaces, duplicate columns."""

from __future__ import annotations

import pandas as pd
import pytest

from mktplan_xl import Plan, SpecError


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["activity", "group", "month", "plan", "actual"])


def test_pandas_na_leaves_the_month_blank() -> None:
    frame = _frame([("Ads", "Promo", 1, 10, 9), ("Ads", pd.NA, 2, pd.NA, pd.NA), ("Ads", "Promo", 3, 30, pd.NA)])
    frame["plan"] = frame["plan"].astype("Int64")       # nullable integers hold pd.NA
    activity = Plan.from_frames(frame).spec.budget.activities[0]
    assert (activity.name, activity.group, activity.plan, activity.actual) == ("Ads", "Promo", [10, None, 30], [9])


def test_an_activity_with_two_groups_is_refused() -> None:
    frame = _frame([("Ads", "Promo", 1, 10, None), ("Ads", "Research", 2, 20, None)])
    with pytest.raises(SpecError) as info:
        Plan.from_frames(frame)
    (path, message), = info.value.problems
    assert path == "budget[row 1, index 1].group"
    assert "'Ads' has group 'Research' here but 'Promo' in an earlier row" in message


def test_names_differing_only_by_surrounding_spaces_are_refused() -> None:
    frame = _frame([("Ads", None, 1, 10, None), (" Ads ", None, 2, 20, None)])
    with pytest.raises(SpecError) as info:
        Plan.from_frames(frame)
    assert "differ only by surrounding spaces" in str(info.value)


def test_duplicate_columns_are_a_spec_error() -> None:
    frame = pd.DataFrame([["Ads", 1, 10, 11]], columns=["activity", "month", "plan", "plan"])
    with pytest.raises(SpecError, match="column 'plan' appears more than once"):
        Plan.from_frames(frame)


def test_sales_unit_must_agree_too() -> None:
    sales = pd.DataFrame([("Milk", "box", 1, 5, 2.0), ("Milk", "crate", 2, 5, 2.0)],
                         columns=["product", "unit", "month", "units", "price"])
    with pytest.raises(SpecError, match="has unit 'crate' here but 'box'"):
        Plan.from_frames(sales=sales)
