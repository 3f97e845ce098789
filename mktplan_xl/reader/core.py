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
from typing import Any, Optional, Union

from .. import names as catalogue
from ..tables import InputTable, tables_by_list
from ..errors import SpecError
from ..fiscal import FiscalYear
from ..spec.fields import is_number, leaf_type
from .safety import Package, ReadError, load
from .merge import as_long_as, get_path, merge_list, set_path
from .slots import LISTS, Finding, InputSlot, group_slots, read_list, read_single, input_slots
from .scan import scan_sheet
from .workbook import Workbook, cell_name, open_workbook


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
    slots = input_slots(inputs, workbook, findings)
    if not any(slot.area for slot in slots) and not stored:
        raise ReadError(f"{package.path}: this is not a plan workbook made by mktplan-xl (it has none of "
                        f"the plan's defined names and no stored spec)")
    spec_data = (_stored_document(workbook, []).get("spec") if stored else None) \
        or _spec_from_properties(workbook.properties)  # a second parse: a fresh copy, faster than deepcopy
    cells: dict[str, str] = {}
    tables: dict[str, Any] = {}
    fiscal = _fiscal(spec_data)
    lists, singles = group_slots(slots)
    list_tables = tables_by_list(inputs)
    for list_name, group in lists.items():
        items, item_cells = read_list(workbook, group, findings)
        merge_list(spec_data, stored, group, items)
        for index, where in enumerate(item_cells):
            for leaf, cell in where.items():
                cells[f"{list_name}[{index}]{leaf}"] = cell
        table = list_tables[list_name]
        tables[table.name] = lambda table=table, group=group, items=items: _list_table(table, group, items, fiscal)
    settings: list[list[Any]] = []
    for slot in singles:
        if slot.area is None:
            continue
        value, where = read_single(workbook, slot, findings)
        value = as_long_as(get_path(stored, slot.field.leaf), value)
        set_path(spec_data, slot.field.leaf, value, blank_default=True)
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
    findings += error_findings(workbook, slots, cells)
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


# tables -----------------------------------------------------------------------

def error_findings(workbook: Workbook, slots: list[InputSlot], cells: dict[str, str]) -> list[Finding]:
    """An error value in an input cell (``#DIV/0!`` from a typed ``=1/0``, ``#N/A`` …) reads as blank:
    one finding per cell, naming it, its error and its field. Only a sheet whose XML holds an error
    cell at all (``t="e"``) is scanned, so a clean plan costs one byte search per input sheet."""
    areas: dict[str, list[Any]] = {}
    for slot in slots:
        if slot.area is not None:
            areas.setdefault(slot.area.sheet, []).append(slot.area)
    fields: dict[str, str] = {}
    for path, cell in cells.items():   # the most precise path of a cell: plan[0], not plan
        if len(path) > len(fields.get(cell, "")):
            fields[cell] = path
    found = []
    for sheet, inside in areas.items():
        info = workbook.sheet(sheet)
        data = workbook.package.read(info.part) if info is not None and info.part in workbook.package.parts else b""
        if b't="e"' not in data and b"t='e'" not in data:
            continue
        for scanned in scan_sheet(workbook, sheet):
            if scanned.error and any(a.row1 <= scanned.row <= a.row2 and a.col1 <= scanned.col <= a.col2
                                     for a in inside):
                cell = cell_name(sheet, scanned.row, scanned.col)
                found.append(Finding("error_value", f"the input cell holds the error {scanned.error}; it is read "
                                     f"as blank", cell, fields.get(cell, "")))
    return found


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
