"""The reader's slots: each input name as found in a workbook, and the values read through it.

A list's *key* input (``…[*].name``, else the first one-per-item input) gives the item slots; a
slot whose cells are all blank (a spare row) is skipped. Every value is coerced to what its spec
field holds; what does not fit is a :class:`Finding` naming the cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ..spec.fields import FieldPath, coerce, leaf_type
from .workbook import Area, Workbook

ITEMS_DOWN = ("column", "grid")
ITEMS_ACROSS = ("row", "grid_t")
LISTS = ("grid", "grid_t")


@dataclass
class Finding:
    """One problem found in a workbook: what, where (``Sheet!B7``) and which spec field."""

    code: str
    message: str
    cell: str = ""
    field: str = ""

    def __str__(self) -> str:
        where = self.cell or self.field
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "cell": self.cell, "field": self.field, "message": self.message}


@dataclass
class InputSlot:
    """An input name as found in this workbook."""

    name: str
    sheet_key: str
    field: FieldPath
    kind: str
    area: Optional[Area]


# names ------------------------------------------------------------------------

def input_slots(inputs: tuple, workbook: Workbook, findings: list[Finding]) -> list[InputSlot]:
    slots = []
    for entry in inputs:
        info = entry.info
        area = workbook.destination(info.name)
        if area is None and info.name in workbook.names:
            findings.append(Finding("broken_name", f"defined name {info.name} points to "
                                    f"{workbook.names[info.name] or 'nothing'}; its input cannot be read",
                                    field=info.field or ""))
        try:
            path = FieldPath.parse(info.field)
        except ValueError:  # a shape this reader does not know (lists in lists): the stored spec holds
            findings.append(Finding("unread_name", f"defined name {info.name}: field {info.field} is not "
                                    f"read back (the stored spec's value is kept)", field=info.field))
            continue
        slots.append(InputSlot(info.name, entry.sheet, path, info.kind, area))
    return slots


def group_slots(slots: list[InputSlot]) -> tuple[dict[str, list[InputSlot]], list[InputSlot]]:
    lists: dict[str, list[InputSlot]] = {}
    singles = []
    for slot in slots:
        if slot.field.list_path is not None:
            lists.setdefault(slot.field.list_name, []).append(slot)
        else:
            singles.append(slot)
    return lists, singles


def key_slot(group: list[InputSlot]) -> InputSlot:
    """The input that says how many items a list has: ``…[*].name``, else the first per-item one."""
    present = [s for s in group if s.area is not None] or group
    for slot in present:
        if slot.field.leaf == ("name",) and slot.kind in ("column", "row"):
            return slot
    for slot in present:
        if slot.kind in ("column", "row"):
            return slot
    return present[0]


def _item_cells(slot: InputSlot, values: list[list[Any]], index: int) -> list[tuple[Any, int, int]]:
    """(value, row, col) of item ``index`` in a name's area (offsets inside the area)."""
    if slot.kind == "column":
        return [(values[index][0], index, 0)] if index < len(values) else []
    if slot.kind == "row":
        return [(values[0][index], 0, index)] if values and index < len(values[0]) else []
    if slot.kind == "grid":
        return [(v, index, c) for c, v in enumerate(values[index])] if index < len(values) else []
    if slot.kind == "grid_t":
        return [(row[index], r, index) for r, row in enumerate(values)] if values and index < len(values[0]) else []
    return []


def _slot_count(slot: InputSlot) -> int:
    area = slot.area
    if area is None:
        return 0
    return area.rows if slot.kind in ITEMS_DOWN else area.cols


def read_list(workbook: Workbook, group: list[InputSlot],
               findings: list[Finding]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The items of one list: {leaf: value} each, and {"".leaf[month]: cell} each."""
    key = key_slot(group)
    present = [s for s in group if s.area is not None]
    count = _slot_count(key)
    values = {s.name: workbook.values(s.area) for s in present}
    items: list[dict[str, Any]] = []
    item_cells: list[dict[str, str]] = []
    for index in range(count):
        raw = {s.name: _item_cells(s, values[s.name], index) for s in present}
        if all(v is None or (isinstance(v, str) and not v.strip()) for cells in raw.values() for v, _, _ in cells):
            continue  # a blank spare row
        item: dict[str, Any] = {}
        where: dict[str, str] = {}
        for slot in present:
            leaf = "." + slot.field.column if slot.field.column else ""  # "" for a list of plain values
            base = leaf_type(slot.field.text).base
            cells = raw[slot.name]
            if slot.kind in LISTS:
                out = []
                for m, (value, r, c) in enumerate(cells):
                    out.append(_taken(value, base, slot, r, c, f"{slot.field.list_name}[{len(items)}]{leaf}[{m}]",
                                      f"{leaf}[{m}]", where, findings))
                item[slot.field.column] = out if any(v is not None for v in out) else []
                if cells:
                    where[leaf] = slot.area.a1(cells[0][1], cells[0][2])
            elif cells:
                value, r, c = cells[0]
                item[slot.field.column] = _taken(value, base, slot, r, c,
                                                 f"{slot.field.list_name}[{len(items)}]{leaf}", leaf, where, findings)
        items.append(item)
        item_cells.append(where)
    return items, item_cells


def _taken(value: Any, base: Any, slot: InputSlot, row: int, col: int, field: str, key: str,
           where: dict[str, str], findings: list[Finding]) -> Any:
    """A cell's value as its field wants it; its cell kept under ``key``, a misfit a finding at ``field``."""
    converted, problem = coerce(value, base)
    cell = slot.area.a1(row, col)
    where[key] = cell
    if problem:
        findings.append(Finding("invalid_input", problem, cell, field))
    return converted


def read_single(workbook: Workbook, slot: InputSlot,
                 findings: list[Finding]) -> tuple[Any, dict[str, str]]:
    values = workbook.values(slot.area)
    base = leaf_type(slot.field.text).base
    where: dict[str, str] = {}
    if slot.kind == "cell":
        return _taken(values[0][0], base, slot, 0, 0, slot.field.text, "", where, findings), where
    if slot.kind in LISTS:  # a table outside lists: rows (grid) or columns (grid_t) of values
        lines = values if slot.kind == "grid" else [list(col) for col in zip(*values)]
        out_rows = []
        for i, line in enumerate(lines):
            out_line = []
            for j, value in enumerate(line):
                r, c = (i, j) if slot.kind == "grid" else (j, i)
                out_line.append(_taken(value, base, slot, r, c, f"{slot.field.text}[{i}][{j}]", f"[{i}][{j}]",
                                       where, findings))
            out_rows.append(out_line)
        return out_rows, where
    cells = ([(v, r, 0) for r, row in enumerate(values) for v in row[:1]] if slot.kind == "column"
             else [(v, 0, c) for c, v in enumerate(values[0])])
    out = []
    for m, (value, r, c) in enumerate(cells):
        out.append(_taken(value, base, slot, r, c, f"{slot.field.text}[{m}]", f"[{m}]", where, findings))
    return (out if any(v is not None for v in out) else []), where
