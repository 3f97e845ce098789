"""Plan specs from pandas DataFrames (long format, one row per line and month).

Budget frame columns: ``activity``, ``month`` (fiscal month 1-12), ``plan``,
and optionally ``actual`` and ``group``. Sales frame columns: ``product``,
``month``, ``units``, ``price``, and optionally ``unit``. A missing value (NaN)
leaves that month blank. Lines keep the order in which they first appear.
"""

from __future__ import annotations

import math
from typing import Any, Optional

from .errors import SpecError

BUDGET_COLUMNS = {"required": ("activity", "month", "plan"), "optional": ("actual", "group")}
SALES_COLUMNS = {"required": ("product", "month", "units", "price"), "optional": ("unit",)}


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """numpy scalars to Python scalars; NaN to None."""
    if _missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _lines(frame: Any, frame_name: str, key: str, columns: dict,
           value_columns: tuple[str, ...], text_columns: tuple[str, ...]) -> list[dict]:
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise SpecError([(frame_name, f"expected a pandas DataFrame, not {type(frame).__name__}")])
    missing = [c for c in columns["required"] if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in columns["required"] + columns["optional"]]
    problems = [(frame_name, f"missing column {c!r}") for c in missing]
    problems += [(frame_name, f"unknown column {c!r}") for c in unknown]
    if problems:
        raise SpecError(problems)
    lines: dict[Any, dict] = {}
    problems = []
    for position, (index, row) in enumerate(frame.iterrows()):
        where = f"{frame_name}[row {position}, index {index!r}]"
        name = _plain(row[key])
        month = _plain(row["month"])
        if not isinstance(name, str) or not name.strip():
            problems.append((f"{where}.{key}", "must be a non-empty text"))
            continue
        if isinstance(month, float) and month.is_integer():
            month = int(month)
        if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
            problems.append((f"{where}.month", f"must be a fiscal month from 1 to 12, not {month!r}"))
            continue
        line = lines.setdefault(name, {"name": name, **{c: {} for c in value_columns}})
        for column in text_columns:
            if column in frame.columns and not _missing(row[column]):
                line[column] = _plain(row[column])
        for column in value_columns:
            if column not in frame.columns:
                continue
            if month in line[column]:
                problems.append((f"{where}.month", f"{name!r} has month {month} twice"))
            line[column][month] = _plain(row[column])
    if problems:
        raise SpecError(problems)
    return list(lines.values())


def _month_list(by_month: dict[int, Any]) -> list:
    """{month: value} to a list up to the last month given (None where missing)."""
    given = [m for m, v in by_month.items() if v is not None]
    if not given:
        return []
    return [by_month.get(m) for m in range(1, max(given) + 1)]


def spec_from_frames(budget: Any = None, sales: Any = None, plan: Optional[dict] = None) -> dict:
    """A spec dict (not yet validated) from budget and sales DataFrames."""
    spec: dict = {"plan": dict(plan or {})}
    if budget is not None:
        activities = []
        for line in _lines(budget, "budget", "activity", BUDGET_COLUMNS, ("plan", "actual"), ("group",)):
            activity = {"name": line["name"], "plan": _month_list(line["plan"]),
                        "actual": _month_list(line["actual"])}
            if line.get("group"):
                activity["group"] = line["group"]
            activities.append(activity)
        spec["budget"] = {"activities": activities}
    if sales is not None:
        products = []
        for line in _lines(sales, "sales", "product", SALES_COLUMNS, ("units", "price"), ("unit",)):
            prices = line["price"]
            products.append({"name": line["name"], "unit": line.get("unit", ""),
                             "units": _month_list(line["units"]),
                             "price": [prices.get(m) for m in range(1, 13)] if prices else []})
        spec["sales"] = {"products": products}
    return spec
