"""Reading a filled plan back: every input through its defined name, into tables and a spec.

The reader is generic: it asks the names catalogue (:func:`mktplan_xl.names.inputs`)
for every input name and the spec field it carries, so the inputs of a sheet
added later are read without new code here. Per list of items
(``budget.activities[*]``) the *key* input (``…[*].name``, else the first
one-per-item input) gives the item slots; a slot whose cells are all blank (a
spare row) is skipped, and rows of a grid name beyond the key's rows belong to
other names (the computed contingency line). The spec is the one stored in the
workbook (``MktplanSpec``) with every input read back over it.
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from .. import names as catalogue
from ..tables import InputTable, tables_by_list
from ..errors import SpecError
from ..fiscal import FiscalYear
from ..spec.fields import FieldPath, accepts_blank, coerce, is_number, leaf_type
from .safety import Package, ReadError, load
from .workbook import Area, Workbook, open_workbook

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
class Table:
    """A tidy table: column names and rows (plain Python values; None is blank)."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)


@dataclass
class InputSlot:
    """An input name as found in this workbook."""

    name: str
    sheet_key: str
    field: FieldPath
    kind: str
    area: Optional[Area]


@dataclass
class PlanRead:
    """A filled plan read back: its tables, its spec and what could not be read cleanly.

    ``tables``/``frames``: ``budget`` (activity, group, month, calendar_month,
    plan, actual), ``sales`` (product, unit, month, calendar_month, units,
    price), one per other list of items, and ``settings`` (inputs outside lists:
    field, month, value). ``spec_data`` is the spec as a dict; ``spec``
    validates it (:class:`SpecError` naming each field and its cell).
    """

    path: Path
    workbook: Workbook
    document: dict[str, Any]
    stored_spec: dict[str, Any]
    spec_data: dict[str, Any]
    table_makers: dict[str, Any]        # name -> function making the table (made on first use)
    findings: list[Finding]
    cells: dict[str, str]
    slots: list[InputSlot]
    schema: Optional[int]

    @property
    def tables(self) -> dict[str, Table]:
        """Every table, made the first time they are asked for (a roll-up never needs them)."""
        if not hasattr(self, "_tables"):
            self._tables = {name: make() for name, make in self.table_makers.items()}
        return self._tables

    # the spec --------------------------------------------------------------
    @property
    def spec(self) -> Any:
        """The spec as a validated :class:`~mktplan_xl.spec.PlanSpec` (raises SpecError)."""
        if not hasattr(self, "_spec"):
            from ..spec import validate_spec

            try:
                self._spec = validate_spec(copy.deepcopy(self.spec_data), str(self.path))
            except SpecError as exc:
                problems = [(path, f"{message} (cell {self.cell_of(path)})" if self.cell_of(path) else message)
                            for path, message in exc.problems]
                raise SpecError(problems, str(self.path)) from None
        return self._spec

    def spec_problems(self) -> list[Finding]:
        """The spec's validation problems, each with the cell it comes from."""
        from ..spec import validate_spec

        try:
            validate_spec(copy.deepcopy(self.spec_data), str(self.path))
        except SpecError as exc:
            return [Finding("invalid_input", message, self.cell_of(path), path) for path, message in exc.problems]
        return []

    def cell_of(self, path: str) -> str:
        """The cell a spec path was read from (``budget.activities[2].plan[3]``), or ""."""
        while path:
            if path in self.cells:
                return self.cells[path]
            if path.endswith("]"):
                path = path[:path.rindex("[")]
            elif "." in path:
                path = path[:path.rindex(".")]
            else:
                break
        return ""

    @property
    def options(self) -> dict[str, Any]:
        return dict(self.document.get("options") or {})

    @property
    def info(self) -> dict[str, Any]:
        return dict(self.spec_data.get("plan") or {})

    @property
    def fiscal(self) -> Optional[FiscalYear]:
        info = self.info
        try:
            return FiscalYear(int(info["year"]), int(info.get("fiscal_year_start", 1)))
        except (KeyError, TypeError, ValueError):
            return None

    # pandas ----------------------------------------------------------------
    @property
    def frames(self) -> dict[str, Any]:
        """Every table as a pandas DataFrame."""
        return {name: table.frame() for name, table in self.tables.items()}

    @property
    def budget(self) -> Any:
        return self.tables["budget"].frame() if "budget" in self.tables else None

    @property
    def sales(self) -> Any:
        return self.tables["sales"].frame() if "sales" in self.tables else None

    def close(self) -> None:
        self.workbook.close()


def read_plan(path: Union[str, Path], *, engine: str = "calamine") -> PlanRead:
    """Read a filled plan workbook (.xlsx or .xlsm, saved by Excel, LibreOffice or any tool).

    Raises :class:`ReadError` (a :class:`~mktplan_xl.MktplanError`) with one
    clear message when the file is not a readable plan workbook; never runs
    macros. ``engine="openpyxl"`` reads the cells with openpyxl instead of
    python-calamine (slower; for comparison).
    """
    package = load(path)
    try:
        return _read(package, engine)
    except (ReadError, SpecError):
        raise
    except RecursionError:
        raise ReadError(f"{package.path}: the workbook is nested too deeply to read") from None
    except MemoryError:
        raise ReadError(f"{package.path}: the workbook is too large to read") from None
    except Exception as exc:  # anything a damaged file provokes in the parsers
        detail = str(exc) or type(exc).__name__
        raise ReadError(f"{package.path}: the workbook cannot be read ({type(exc).__name__}: "
                        f"{detail[:120]})") from None


def _read(package: Package, engine: str) -> PlanRead:
    workbook = open_workbook(package, engine)
    findings: list[Finding] = []
    document = _stored_document(workbook, findings)
    stored = document.get("spec") if isinstance(document.get("spec"), dict) else {}
    schema = _schema(workbook, document)
    inputs = catalogue.inputs()
    slots = _slots(inputs, workbook, findings)
    if not any(slot.area for slot in slots) and not stored:
        raise ReadError(f"{package.path}: this is not a plan workbook made by mktplan-xl (it has none of "
                        f"the plan's defined names and no stored spec)")
    spec_data = (_stored_document(workbook, []).get("spec") if stored else None) \
        or _spec_from_properties(workbook.properties)  # a second parse: a fresh copy, faster than deepcopy
    cells: dict[str, str] = {}
    tables: dict[str, Any] = {}
    fiscal = _fiscal(spec_data)
    lists, singles = _group(slots)
    list_tables = tables_by_list(inputs)
    for list_name, group in lists.items():
        items, item_cells = _read_list(workbook, group, findings)
        _merge_list(spec_data, stored, group, items)
        for index, where in enumerate(item_cells):
            for leaf, cell in where.items():
                cells[f"{list_name}[{index}]{leaf}"] = cell
        table = list_tables[list_name]
        tables[table.name] = lambda table=table, group=group, items=items: _list_table(table, group, items, fiscal)
    settings: list[list[Any]] = []
    for slot in singles:
        if slot.area is None:
            continue
        value, where = _read_single(workbook, slot, findings)
        value = _as_long_as(_get_path(stored, slot.field.leaf), value)
        _set_path(spec_data, slot.field.leaf, value, blank_default=True)
        for suffix, cell in where.items():
            cells[slot.field.text + suffix] = cell
        if isinstance(value, list) and slot.kind in LISTS:
            settings += [[f"{slot.field.text}[{i}]", j + 1, v] for i, line in enumerate(value)
                         for j, v in enumerate(line)]
        elif isinstance(value, list):
            settings += [[slot.field.text, i + 1, v] for i, v in enumerate(value)]
        else:
            settings.append([slot.field.text, None, value])
    tables["settings"] = lambda: Table(["field", "month", "value"], settings)
    return PlanRead(package.path, workbook, document, stored, spec_data, tables, findings, cells, slots,
                    schema)


# stored spec and properties ---------------------------------------------------------

def _stored_document(workbook: Workbook, findings: list[Finding]) -> dict[str, Any]:
    area = workbook.destination("MktplanSpec")
    if area is None:
        if "MktplanSpec" in workbook.names:
            findings.append(Finding("broken_name", "the stored spec's name MktplanSpec points to "
                                    f"{workbook.names['MktplanSpec'] or 'nothing'}", field="MktplanSpec"))
        else:
            findings.append(Finding("missing_name", "the workbook has no stored spec (MktplanSpec); "
                                    "settings come from the document properties", field="MktplanSpec"))
        return {}
    chunks = [v for row in workbook.values(area) for v in row]
    try:
        from ..meta import load_document

        document = load_document(chunks)
    except (ValueError, TypeError, RecursionError):
        findings.append(Finding("broken_spec", "the stored spec (MktplanSpec) is not valid JSON; settings "
                                "come from the document properties", area.a1(0, 0), "MktplanSpec"))
        return {}
    if not isinstance(document, dict):
        findings.append(Finding("broken_spec", "the stored spec (MktplanSpec) is not a JSON object",
                                area.a1(0, 0), "MktplanSpec"))
        return {}
    return document


def _schema(workbook: Workbook, document: dict[str, Any]) -> Optional[int]:
    area = workbook.destination("MktplanSchema")
    candidates = [workbook.value(area.sheet, area.row1, area.col1) if area else None,
                  document.get("schema"), workbook.properties.get("mktplan_schema")]
    for value in candidates:
        if is_number(value) and float(value).is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
    return None


def _spec_from_properties(properties: dict[str, Any]) -> dict[str, Any]:
    plan = {key: properties[key] for key in ("language", "year", "fiscal_year_start", "currency",
                                             "display_unit") if key in properties}
    return {"plan": plan}


def _fiscal(spec_data: dict[str, Any]) -> Optional[FiscalYear]:
    plan = spec_data.get("plan") or {}
    try:
        return FiscalYear(int(plan.get("year")), int(plan.get("fiscal_year_start", 1)))
    except (TypeError, ValueError):
        return None


# names ------------------------------------------------------------------------

def _slots(inputs: tuple, workbook: Workbook, findings: list[Finding]) -> list[InputSlot]:
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


def _group(slots: list[InputSlot]) -> tuple[dict[str, list[InputSlot]], list[InputSlot]]:
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


def _read_list(workbook: Workbook, group: list[InputSlot],
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
                    converted, problem = coerce(value, base)
                    cell = slot.area.a1(r, c)
                    where[f"{leaf}[{m}]"] = cell
                    if problem:
                        findings.append(Finding("invalid_input", problem, cell,
                                                f"{slot.field.list_name}[{len(items)}]{leaf}[{m}]"))
                    out.append(converted)
                item[slot.field.column] = out if any(v is not None for v in out) else []
                if cells:
                    where[leaf] = slot.area.a1(cells[0][1], cells[0][2])
            elif cells:
                value, r, c = cells[0]
                converted, problem = coerce(value, base)
                cell = slot.area.a1(r, c)
                where[leaf] = cell
                if problem:
                    findings.append(Finding("invalid_input", problem, cell,
                                            f"{slot.field.list_name}[{len(items)}]{leaf}"))
                item[slot.field.column] = converted
        items.append(item)
        item_cells.append(where)
    return items, item_cells


def _read_single(workbook: Workbook, slot: InputSlot,
                 findings: list[Finding]) -> tuple[Any, dict[str, str]]:
    values = workbook.values(slot.area)
    base = leaf_type(slot.field.text).base
    where: dict[str, str] = {}
    if slot.kind == "cell":
        converted, problem = coerce(values[0][0], base)
        cell = slot.area.a1(0, 0)
        where[""] = cell
        if problem:
            findings.append(Finding("invalid_input", problem, cell, slot.field.text))
        return converted, where
    if slot.kind in LISTS:  # a table outside lists: rows (grid) or columns (grid_t) of values
        lines = values if slot.kind == "grid" else [list(col) for col in zip(*values)]
        out_rows = []
        for i, line in enumerate(lines):
            out_line = []
            for j, value in enumerate(line):
                r, c = (i, j) if slot.kind == "grid" else (j, i)
                converted, problem = coerce(value, base)
                cell = slot.area.a1(r, c)
                where[f"[{i}][{j}]"] = cell
                if problem:
                    findings.append(Finding("invalid_input", problem, cell, f"{slot.field.text}[{i}][{j}]"))
                out_line.append(converted)
            out_rows.append(out_line)
        return out_rows, where
    cells = ([(v, r, 0) for r, row in enumerate(values) for v in row[:1]] if slot.kind == "column"
             else [(v, 0, c) for c, v in enumerate(values[0])])
    out = []
    for m, (value, r, c) in enumerate(cells):
        converted, problem = coerce(value, base)
        cell = slot.area.a1(r, c)
        where[f"[{m}]"] = cell
        if problem:
            findings.append(Finding("invalid_input", problem, cell, f"{slot.field.text}[{m}]"))
        out.append(converted)
    return (out if any(v is not None for v in out) else []), where


# merging into the stored spec ---------------------------------------------------------

def _get_path(data: Any, path: Iterable[str]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _set_path(data: dict[str, Any], path: tuple[str, ...], value: Any, blank_default: bool = False) -> None:
    for part in path[:-1]:
        child = data.get(part)
        if not isinstance(child, dict):
            child = data[part] = {}
        data = child
    if value is None and blank_default:
        full = ".".join(path)
        kind = leaf_type(full)
        if kind.base is str and not accepts_blank(full):
            value = ""
        elif not accepts_blank(full):
            data.pop(path[-1], None)  # the field's default applies
            return
    data[path[-1]] = value


def _key_text(value: Any) -> Optional[str]:
    return value.strip().casefold() if isinstance(value, str) and value.strip() else None


def _merge_list(spec_data: dict[str, Any], stored: dict[str, Any], group: list[InputSlot],
                items: list[dict[str, Any]]) -> None:
    """Put the items read over the stored list: a stored item is matched by its key (name),
    else by position, so fields that are not inputs are carried over."""
    list_path = group[0].field.list_path
    key = key_slot(group)
    if key.area is None:
        return  # the list's names are not in this workbook: keep what is stored
    stored_items = _get_path(spec_data, list_path)  # spec_data is a fresh parse: its items can be reused
    stored_items = [i for i in stored_items if isinstance(i, dict)] if isinstance(stored_items, list) else []
    key_leaf = key.field.column
    if not key.field.leaf:  # a list of plain values (budget.groups[*]): the items are the values
        _set_path(spec_data, list_path, [item.get("") for item in items])
        return
    by_key: dict[str, int] = {}
    for index, item in enumerate(stored_items):
        text = _key_text(_get_path(item, key.field.leaf))
        if text is not None:
            by_key.setdefault(text, index)
    read_keys = {_key_text(item.get(key_leaf)) for item in items}
    used: set[int] = set()
    merged = []
    for index, item in enumerate(items):
        match = by_key.get(_key_text(item.get(key_leaf)) or "")
        if match is None and index < len(stored_items) and index not in used:
            old_key = _key_text(_get_path(stored_items[index], key.field.leaf))
            if old_key not in read_keys:
                match = index
        if match is not None and match in used:
            match = None
        base = stored_items[match] if match is not None else {}
        if match is not None:
            used.add(match)
        for slot in group:
            if slot.area is None:
                continue
            value = item.get(slot.field.column)
            item_path = slot.field.list_name + "[*]." + slot.field.column
            target = base
            for part in slot.field.leaf[:-1]:
                if not isinstance(target.get(part), dict):
                    target[part] = {}
                target = target[part]
            leaf = slot.field.leaf[-1]
            if value is None and leaf_type(item_path).base is str and not accepts_blank(item_path):
                value = ""
            if value is None and not accepts_blank(item_path) and slot is not key:
                target.pop(leaf, None)
            else:
                target[leaf] = _as_long_as(target.get(leaf), value)
        merged.append(base)
    _set_path(spec_data, list_path, merged)


def _as_long_as(stored: Any, value: Any) -> Any:
    """A list read back (always its full length) cut to the stored list's length when the cells
    past it are blank: the spec said ``[880, 990]`` and nothing was typed after, so it stays so."""
    if isinstance(stored, list) and isinstance(value, list) and len(stored) < len(value) \
            and all(v is None for v in value[len(stored):]):
        return value[:len(stored)]
    return value


# tables -----------------------------------------------------------------------

def _list_table(table: InputTable, group: list[InputSlot], items: list[dict[str, Any]],
                fiscal: Optional[FiscalYear]) -> Table:
    """The table of a list, with the columns whose names this workbook has."""
    slots = {s.name: s for s in group if s.area is not None}
    scalar = [c for c in table.items if c.input_name in slots]
    series = [c for c in table.series if c.input_name in slots]
    columns = [c.name for c in scalar]
    if not series:
        return Table(columns, [[item.get(c.field.column) for c in scalar] for item in items])
    numeric = [leaf_type(c.field.text).base in (int, float) for c in series]
    length = max(slots[c.input_name].area.cols if c.kind == "grid" else slots[c.input_name].area.rows
                 for c in series)
    monthly = table.index == "month"
    columns += ["month", "calendar_month"] if monthly else ["index"]
    columns += [c.name for c in series]
    rows = []
    for item in items:
        head = [item.get(c.field.column) for c in scalar]
        for m in range(length):
            row = list(head)
            if monthly:
                year, month = fiscal.calendar_month(m) if fiscal else (None, None)
                row += [m + 1, f"{year:04d}-{month:02d}" if fiscal else None]
            else:
                row.append(m + 1)
            for c, is_numeric in zip(series, numeric):
                values = item.get(c.field.column) or []
                value = values[m] if m < len(values) else None
                if is_numeric:  # text typed into a number cell is a finding, blank in the table
                    value = float(value) if is_number(value) else None
                row.append(value)
            rows.append(row)
    return Table(columns, rows)


def spec_json(read: PlanRead) -> str:
    """The spec read back, as JSON that ``mktplan new --spec`` takes."""
    return json.dumps(read.spec_data, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
