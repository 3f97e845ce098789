"""The input tables: each list of items a plan's inputs make, with its columns, declared once.

A table is derived from the names catalogue (:func:`mktplan_xl.names.inputs`):
the inputs whose field is inside one list (``budget.activities[*].plan``) make
one table, named after the section for a section's first list (``budget``) and
after the list's path for the others (``budget_groups``). Its columns:

* the *key* (``…[*].name``, else the first one-value-per-item input), named
  after the list (``activity``) when it is the item's name or the item itself;
* the other one-value-per-item inputs, named by their field (``group``), in catalogue order;
* for a list with a series per item (a grid: 12 months, or one value per
  region), the series position: ``month`` and ``calendar_month`` for monthly
  series, ``index`` (1-based) for the others; then one column per series.

The reader (:mod:`mktplan_xl.reader.core`) writes these tables and
:mod:`mktplan_xl.frames` takes them back, so a table read from a workbook is
a table ``Plan.from_frames`` accepts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

from .spec.fields import FieldPath, series_length
from .spec.base import MONTHS

#: The table of inputs outside lists: one row per value (``field``, ``month``, ``value``).
SETTINGS = "settings"
SETTINGS_COLUMNS = ("field", "month", "value")
SERIES_KINDS = ("grid", "grid_t")
ONE_PER_ITEM = ("column", "row")


@dataclass(frozen=True)
class TableColumn:
    """One column of an input table: the defined name it is read from and the field it carries."""

    name: str              # the column's name in the table
    input_name: str        # the defined name
    field: FieldPath
    kind: str              # the defined name's kind: column, row, grid, grid_t

    @property
    def series(self) -> bool:
        return self.kind in SERIES_KINDS


@dataclass(frozen=True)
class InputTable:
    """A list of items as a tidy table: the per-item columns, then the series position and the series."""

    name: str
    list_path: tuple[str, ...]
    key: TableColumn
    items: tuple[TableColumn, ...]       # one value per item (the key among them), in catalogue order
    series: tuple[TableColumn, ...]      # one list per item
    index: Optional[str]                 # "month", "index" or None (no series)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column's name, in table order."""
        head = tuple(c.name for c in self.items)
        if self.index is None:
            return head
        position = ("month", "calendar_month") if self.index == "month" else ("index",)
        return head + position + tuple(c.name for c in self.series)

    @property
    def of_values(self) -> bool:
        """A list of plain values (``budget.groups``): the key column is the item itself."""
        return not self.key.field.leaf


def _key(columns: list[TableColumn]) -> TableColumn:
    for column in columns:
        if column.field.leaf == ("name",) and column.kind in ONE_PER_ITEM:
            return column
    for column in columns:
        if column.kind in ONE_PER_ITEM:
            return column
    return columns[0]


def singular(word: str) -> str:
    """``activities`` → ``activity``, ``boxes`` → ``box``, ``SO`` → ``SO``."""
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _table(name: str, columns: list[TableColumn]) -> InputTable:
    key = _key(columns)
    if key.field.leaf in (("name",), ()):
        key = TableColumn(singular(key.field.list_path[-1]), key.input_name, key.field, key.kind)
    items = tuple(key if c.input_name == key.input_name else c for c in columns if not c.series)
    series = tuple(c for c in columns if c.series)
    index = None
    if series:
        index = "month" if all(series_length(c.field.text) == MONTHS for c in series) else "index"
    return InputTable(name, key.field.list_path, key, items, series, index)


def input_tables(entries: Optional[tuple] = None) -> dict[str, InputTable]:
    """Every input table by name, in catalogue order (of ``entries``: the catalogue's inputs)."""
    from . import names

    return _tables(names.inputs() if entries is None else tuple(entries))


@functools.lru_cache(maxsize=8)
def _tables(entries: tuple) -> dict[str, InputTable]:
    lists: dict[str, list[TableColumn]] = {}
    for entry in entries:
        info = entry.info
        try:
            field = FieldPath.parse(info.field)
        except ValueError:
            continue  # a shape tables do not hold (lists in lists): the stored spec keeps it
        if field.list_path is not None:
            lists.setdefault(field.list_name, []).append(TableColumn(field.column, info.name, field, info.kind))
    sections: dict[str, str] = {}
    tables = {}
    for list_name, columns in lists.items():
        section = list_name.split(".")[0]
        name = section if sections.setdefault(section, list_name) == list_name else list_name.replace(".", "_")
        tables[name] = _table(name, columns)
    return tables


def tables_by_list(entries: Optional[tuple] = None) -> dict[str, InputTable]:
    """The input tables by the path of their list (``budget.activities``)."""
    return {".".join(t.list_path): t for t in input_tables(entries).values()}
