"""Plan specs from pandas DataFrames (long format, one row per line and month).

Budget frame columns: ``activity``, ``month`` (fiscal month 1-12), ``plan``,
and optionally ``actual`` and ``group``. Sales frame columns: ``product``,
``month``, ``units``, ``price``, and optionally ``unit``. A missing value (NaN,
None, ``pd.NA``, ``NaT``) leaves that month blank. Lines keep the order in
which they first appear. A line's group (or unit) must be the same on all its
rows, and two names may not differ only by surrounding spaces.
"""

from __future__ import annotations

from typing import Any, Optional

from .errors import SpecError
from .spec.problems import shown

BUDGET_COLUMNS = {"required": ("activity", "month", "plan"), "optional": ("actual", "group")}
SALES_COLUMNS = {"required": ("product", "month", "units", "price"), "optional": ("unit",)}


def _missing(value: Any) -> bool:
    """None, NaN, ``pd.NA`` or ``NaT`` (a scalar; a list is never missing)."""
    if value is None:
        return True
    import numpy as np
    import pandas as pd

    try:
        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return isinstance(result, (bool, np.bool_)) and bool(result)


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
    duplicated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
    missing = [c for c in columns["required"] if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in columns["required"] + columns["optional"]]
    problems = [(frame_name, f"column {c!r} appears more than once") for c in duplicated]
    problems += [(frame_name, f"missing column {c!r}") for c in missing]
    problems += [(frame_name, f"unknown column {shown(c)}") for c in unknown]
    if problems:
        raise SpecError(problems)
    lines: dict[Any, dict] = {}
    problems = []
    for position, (index, row) in enumerate(frame.iterrows()):
        where = f"{frame_name}[row {position}, index {shown(index)}]"
        name = _plain(row[key])
        month = _plain(row["month"])
        if not isinstance(name, str) or not name.strip():
            problems.append((f"{where}.{key}", f"must be a non-empty text, not {shown(name)}"))
            continue
        if isinstance(month, float) and month.is_integer():
            month = int(month)
        if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
            problems.append((f"{where}.month", f"must be a fiscal month from 1 to 12, not {shown(month)}"))
            continue
        line = lines.setdefault(name.strip(), {"name": name, **{c: {} for c in value_columns}})
        if line["name"] != name:
            problems.append((f"{where}.{key}", f"{shown(name)} and {shown(line['name'])} differ only "
                                               f"by surrounding spaces; use one spelling"))
            continue
        for column in text_columns:
            if column in frame.columns and not _missing(row[column]):
                value = _plain(row[column])
                before = line.get(column)
                if before is not None and _same_text(before) != _same_text(value):
                    problems.append((f"{where}.{column}", f"{shown(name)} has {column} {shown(value)} here "
                                                          f"but {shown(before)} in an earlier row"))
                line[column] = value
        for column in value_columns:
            if column not in frame.columns:
                continue
            if month in line[column]:
                problems.append((f"{where}.month", f"{shown(name)} has month {month} twice"))
            line[column][month] = _plain(row[column])
    if problems:
        raise SpecError(problems)
    return list(lines.values())


def _same_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


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
