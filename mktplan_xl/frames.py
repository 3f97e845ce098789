"""Plan specs from pandas DataFrames: the input tables (:mod:`mktplan_xl.tables`) taken back.

Every table ``read_plan`` gives is accepted under its name (``budget``,
``sales``, ``media``, ``analysis_competitors``, …, ``settings``), with the
columns the reader writes; any column but the key may be left out. Tables
with a series per line are in long format, one row per line and position:
``month`` (fiscal month 1–12; ``calendar_month`` is shown by the reader and
ignored here) or ``index`` (1-based). Rows of one line share its key
(``activity``, ``product``, …), which two lines of one such table may not
share; the line's other columns must agree on all its rows. A missing value
(NaN, None, ``pd.NA``, ``NaT``) leaves that cell blank. Lines keep the order in
which they first appear. ``settings`` holds the inputs outside lists
(``field``, ``month``, ``value``).
"""

from __future__ import annotations

import copy
from typing import Any, Optional

from .errors import SpecError
from .spec.fields import FieldPath, accepts_blank, coerce, leaf_type, series_length, whole_year
from .spec.problems import shown
from .tables import SETTINGS, SETTINGS_COLUMNS, InputTable, TableColumn, input_tables


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
    """numpy and pandas scalars to Python scalars; a missing value to None."""
    if _missing(value):
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def _checked_frame(frame: Any, name: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise SpecError([(name, f"expected a pandas DataFrame, not {type(frame).__name__}")])
    duplicated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
    problems = [(name, f"column {c!r} appears more than once") for c in duplicated]
    problems += [(name, f"missing column {c!r}") for c in required if c not in frame.columns]
    problems += [(name, f"unknown column {shown(c)} (columns: {', '.join(allowed)})")
                 for c in frame.columns if c not in allowed]
    if problems:
        raise SpecError(problems)


def _value(value: Any, column: TableColumn, where: str, problems: list) -> Any:
    """A frame value as the field wants it (None when missing); a problem names the frame cell."""
    value = _plain(value)
    if value is None:
        return None
    converted, problem = coerce(value, leaf_type(column.field.text).base)
    if problem:
        problems.append((where, problem))
    return converted


def _position(value: Any, table: InputTable, where: str) -> tuple[Optional[int], Optional[tuple]]:
    """The 1-based month or index of a row, or a problem."""
    value = _plain(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    most = 12 if table.index == "month" else min(series_length(c.field.text) or 1 for c in table.series)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= most:
        what = "a fiscal month from 1 to 12" if table.index == "month" else f"an index from 1 to {most}"
        return None, (f"{where}.{table.index}", f"must be {what}, not {shown(value)}")
    return value, None


def _put(item: dict, column: TableColumn, value: Any) -> None:
    leaf = column.field.leaf
    for part in leaf[:-1]:
        item = item.setdefault(part, {})
    item[leaf[-1]] = value


def _series_list(by_position: dict[int, Any], path: str) -> list:
    """{position: value} to a list up to the last position given (all twelve for a whole-year list)."""
    given = [p for p, v in by_position.items() if v is not None]
    if not given:
        return []
    length = 12 if whole_year(path) else max(given)
    return [by_position.get(p) for p in range(1, length + 1)]


def _where(frame_name: str, position: int, index: Any) -> str:
    return f"{frame_name}[row {position}, index {shown(index)}]"


def _rows(frame: Any) -> Any:
    return enumerate(zip(frame.index, frame.to_dict("records")))


def _items(frame: Any, table: InputTable) -> list:
    """The items of one table, as spec dicts (or plain values for a list of values)."""
    required = (table.key.name,) + ((table.index,) if table.index else ())
    _checked_frame(frame, table.name, table.columns, required)
    items_columns = [c for c in table.items if c.name in frame.columns]
    series_columns = [c for c in table.series if c.name in frame.columns]
    problems: list = []
    if table.index is None:
        items = []
        for position, (index, row) in _rows(frame):
            where = _where(table.name, position, index)
            values = {c.name: _value(row[c.name], c, f"{where}.{c.name}", problems) for c in items_columns}
            if table.of_values:
                items.append(values[table.key.name])
                continue
            item: dict = {}
            for column in items_columns:
                if values[column.name] is not None:
                    _put(item, column, values[column.name])
            items.append(item)
        if problems:
            raise SpecError(problems)
        return items
    lines: dict[Any, dict] = {}
    for position, (index, row) in _rows(frame):
        where = _where(table.name, position, index)
        key = _plain(row[table.key.name])
        if not isinstance(key, str) or not key.strip():
            problems.append((f"{where}.{table.key.name}", f"must be a non-empty text, not {shown(key)}"))
            continue
        at, problem = _position(row[table.index], table, where)
        if problem:
            problems.append(problem)
            continue
        line = lines.setdefault(key.strip(), {"key": key, "values": {}, "series": {c.name: {} for c in series_columns}})
        if line["key"] != key:
            problems.append((f"{where}.{table.key.name}", f"{shown(key)} and {shown(line['key'])} differ only "
                                                         f"by surrounding spaces; use one spelling"))
            continue
        for column in items_columns:
            value = _value(row[column.name], column, f"{where}.{column.name}", problems)
            before = line["values"].get(column.name)
            if value is None:
                continue
            if before is not None and _same_text(before) != _same_text(value):
                problems.append((f"{where}.{column.name}", f"{shown(key)} has {column.name} {shown(value)} here "
                                                          f"but {shown(before)} in an earlier row"))
            line["values"][column.name] = value
        for column in series_columns:
            if at in line["series"][column.name]:
                problems.append((f"{where}.{table.index}", f"{shown(key)} has {table.index} {at} twice"))
                break
            line["series"][column.name][at] = _value(row[column.name], column, f"{where}.{column.name}", problems)
    if problems:
        raise SpecError(problems)
    items = []
    for line in lines.values():
        item: dict = {}
        for column in items_columns:
            value = line["key"] if column is table.key else line["values"].get(column.name)
            if value is not None:
                _put(item, column, value)
        for column in series_columns:
            _put(item, column, _series_list(line["series"][column.name], column.field.text))
        items.append(item)
    return items


def _same_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _settings(frame: Any, spec: dict) -> None:
    """The inputs outside lists, one row per value: ``field``, ``month`` (blank for one value), ``value``."""
    from . import names

    _checked_frame(frame, SETTINGS, SETTINGS_COLUMNS, SETTINGS_COLUMNS)
    fields = {e.info.field: e.info for e in names.inputs() if e.info.field and "[*]" not in e.info.field}
    problems: list = []
    lists: dict[str, dict[tuple, Any]] = {}
    for position, (index, row) in _rows(frame):
        where = _where(SETTINGS, position, index)
        text, month = _plain(row["field"]), _plain(row["month"])
        base_field, _, line = (text or "").partition("[")
        info = fields.get(base_field)
        if not isinstance(text, str) or info is None:
            problems.append((f"{where}.field", f"{shown(text)} is not an input outside the tables"))
            continue
        column = TableColumn(base_field, info.name, FieldPath.parse(base_field), info.kind)
        value = _value(row["value"], column, f"{where}.value", problems)
        if month is None and not line:
            if value is None and leaf_type(base_field).base is str and not accepts_blank(base_field):
                value = ""  # a cleared text, as the reader takes it
            _set(spec, column.field.leaf, value, keep_blank=accepts_blank(base_field))
            continue
        if isinstance(month, float) and month.is_integer():
            month = int(month)
        if not isinstance(month, int) or isinstance(month, bool) or month < 1:
            problems.append((f"{where}.month", f"must be a position from 1, not {shown(month)}"))
            continue
        row_at = int(line.rstrip("]")) if line.rstrip("]").isdigit() else None
        lists.setdefault(base_field, {})[(row_at, month)] = value
    if problems:
        raise SpecError(problems)
    for text, values in lists.items():
        path = tuple(text.split("."))
        if all(r is None for r, _ in values):
            _set(spec, path, _series_list({m: v for (_, m), v in values.items()}, text))
        else:
            rows = max(r for r, _ in values if r is not None) + 1
            _set(spec, path, [[values.get((r, m)) for m in range(1, max(m for q, m in values if q == r) + 1)]
                              if any(q == r for q, _ in values) else [] for r in range(rows)])


def _set(data: dict, path: tuple[str, ...], value: Any, keep_blank: bool = False) -> None:
    """Put ``value`` at ``path``; None leaves the field to its default unless ``keep_blank``."""
    for part in path[:-1]:
        data = data.setdefault(part, {})
    if value is not None or keep_blank:
        data[path[-1]] = value


def spec_from_frames(budget: Any = None, sales: Any = None, plan: Optional[dict] = None,
                     base: Optional[dict] = None, **tables: Any) -> dict:
    """A spec dict (not yet validated) from input tables as DataFrames, by table name, put over
    ``base`` (a spec dict, say ``read_plan(...).stored_spec``: it keeps what no table holds)."""
    given = {"budget": budget, "sales": sales, **tables}
    known = input_tables()
    unknown = [name for name in given if name not in known and name != SETTINGS]
    if unknown:
        raise SpecError([(name, f"no input table is called {name!r} (tables: {', '.join([*known, SETTINGS])})")
                         for name in unknown])
    spec: dict = copy.deepcopy(base) if base else {}
    if not isinstance(spec.get("plan"), dict):
        spec["plan"] = {}
    if given.get(SETTINGS) is not None:
        _settings(given[SETTINGS], spec)
    for name, frame in given.items():
        if frame is None or name == SETTINGS:
            continue
        table = known[name]
        _set(spec, table.list_path, _items(frame, table))
    spec["plan"].update(plan or {})
    return spec
