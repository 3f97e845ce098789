"""``mktplan check PLAN.xlsx``: a lint of a filled plan.

The plan is read back (:func:`read_plan`) and the workbook regenerated in
memory from the stored spec with the inputs read back: same sheets, same
formula cells. Then:

* a cell that holds a formula in the regenerated workbook but a constant (or
  nothing) in the file: a formula overwritten;
* error values cached in any cell (``#DIV/0!``, ``#REF!`` ...);
* inputs that break their validation: text in a number cell, a negative
  amount, a month outside 0–12 ... (the spec's own rules, with the cell);
* the checks: each check of the regenerated model (``model.checks``: the cells
  ``ChecksOK`` includes) is read from the file's cached values and evaluated in
  the regenerated model; ``ChecksOK`` FALSE names those that fail;
* a defined name pointing to ``#REF!`` or missing, a sheet missing or renamed
  beyond recognition (no name leads to it and no sheet has its name), and a
  workbook of another schema version.

Sheets are matched through the defined names that point into them, never by
position or A1 address alone; a sheet whose rows were shifted (rows inserted
above everything) is compared at the shift its names show.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..errors import MktplanError, SpecError
from ..gcpause import collector_paused
from ..formula import Area as ModelArea
from ..formula import Expr
from ..formula.a1 import cell_name
from .core import Finding, PlanRead, read_plan
from .scan import scan_sheet

MAX_SHOWN = 200


@dataclass
class CheckReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    schema: Optional[int] = None

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "ok": self.ok, "schema": self.schema,
                "findings": [f.as_dict() for f in self.findings]}

    def text(self) -> str:
        if self.ok:
            return f"{self.path}: no problems found"
        lines = [f"{self.path}: {len(self.findings)} problem{'s' if len(self.findings) != 1 else ''}"]
        lines += [f"  {finding}" for finding in self.findings[:MAX_SHOWN]]
        if len(self.findings) > MAX_SHOWN:
            lines.append(f"  ... and {len(self.findings) - MAX_SHOWN:,} more (--json lists them all)")
        return "\n".join(lines)


@collector_paused()   # an entry point: the plan is regenerated, evaluated and compared
def check_plan(path: Path) -> CheckReport:
    """Lint a filled plan; raises ReadError when the file cannot be read at all."""
    from ..meta import SCHEMA_VERSION

    read = read_plan(path)
    try:
        report = CheckReport(read.path, schema=read.schema)
        findings = report.findings
        findings += [f for f in read.findings if f.code not in ("invalid_input", "unread_name")]
        findings += _input_findings(read)
        same_schema = read.schema == SCHEMA_VERSION
        if not same_schema:
            findings.append(Finding("schema", f"made with workbook layout (schema) version {read.schema}; "
                                    f"this mktplan-xl reads version {SCHEMA_VERSION}: regenerate it with "
                                    f"mktplan new from the spec (mktplan read --out) to compare formulas",
                                    field="MktplanSchema"))
        model, spec = _regenerate(read)
        if model is not None:
            sheet_map = _sheet_map(read, model, findings, spec)
            overwritten = _formulas(read, model, sheet_map, findings) if same_schema else []
            _mirror(read, model, sheet_map, overwritten)  # and evaluate it
            _checks(read, model, sheet_map, findings)
        _errors(read, findings)
        _unsaved_input_formulas(read, findings)
        report.findings = _unique(findings)
        return report
    finally:
        read.close()


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for finding in findings:
        key = (finding.code, finding.cell, finding.message)
        if key not in seen:
            seen.add(key)
            out.append(finding)
    return out


# inputs -----------------------------------------------------------------------

def _input_findings(read: PlanRead) -> list[Finding]:
    """Type problems found while reading, then the spec's validation problems (with cells)."""
    out = [f for f in read.findings if f.code == "invalid_input"]
    typed = {f.cell for f in out}
    for finding in read.spec_problems():
        if finding.cell and finding.cell in typed:
            continue  # already said: text in a number cell
        out.append(finding)
    return out


def _repaired(read: PlanRead) -> Optional[Any]:
    """A valid spec as close to the one read as possible (bad values blanked), to regenerate from."""
    from ..spec import validate_spec

    data = copy.deepcopy(read.spec_data)
    for _ in range(4):
        try:
            return validate_spec(copy.deepcopy(data), str(read.path))
        except SpecError as exc:
            for path, _message in exc.problems:
                _blank(data, path)
    try:
        return validate_spec(copy.deepcopy(read.stored_spec), str(read.path))
    except SpecError:
        return None


def _blank(data: Any, path: str) -> None:
    """Blank the value at a spec path (``budget.activities[2].plan[3]``): None, or "?" for a name."""
    import re

    parts = [p for p in re.split(r"\.|(\[\d+\])", path) if p]
    target, last = data, None
    for part in parts[:-1]:
        key: Any = int(part[1:-1]) if part.startswith("[") else part
        try:
            target = target[key]
        except (KeyError, IndexError, TypeError):
            return
    last = parts[-1] if parts else None
    if last is None:
        return
    key = int(last[1:-1]) if last.startswith("[") else last
    try:
        current = target[key]
    except (KeyError, IndexError, TypeError):
        return
    if isinstance(target, dict) and key == "name":
        target[key] = "?" if not isinstance(current, str) or not current.strip() else current[:255]
    elif isinstance(current, list):
        target[key] = [v if isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 else None
                       for v in current][:12]
    elif isinstance(current, str) and isinstance(target, dict):
        target[key] = current[:255]
        if len(current) <= 255:
            target.pop(key, None)
    else:
        if isinstance(target, list):
            target[key] = None
        else:
            target.pop(key, None)


# the regenerated workbook -----------------------------------------------------------

def _regenerate(read: PlanRead) -> tuple[Any, Any]:
    from ..builder import build_model
    from ..sheets.by_unit import units_from_options

    spec = _repaired(read)
    if spec is None:
        return None, None
    options = read.options
    try:
        units = units_from_options(options)
    except (KeyError, TypeError, ValueError):
        units = ()
    try:
        model = build_model(spec, udfs=bool(options.get("udfs")), units=units)
    except MktplanError:
        return None, None
    return model, spec


@dataclass
class SheetMatch:
    name: str                 # the sheet's name in the file
    rows: int = 0             # file row = model row + rows
    cols: int = 0


def _sheet_map(read: PlanRead, model: Any, findings: list[Finding], spec: Any) -> dict[str, SheetMatch]:
    """Model sheet key → the file's sheet (and the shift its names show)."""
    workbook = read.workbook
    shifts: dict[str, Counter] = {}
    broken: dict[str, list[str]] = {}
    for name, target in model.names.items():
        key = target.sheet
        area = workbook.destination(name)
        if area is None:
            if name in workbook.names:
                broken.setdefault(key, []).append(name)
                findings.append(Finding("broken_name", f"defined name {name} points to "
                                        f"{workbook.names[name] or 'nothing'}", field=name))
            else:
                findings.append(Finding("missing_name", f"defined name {name} is missing", field=name))
            continue
        row1 = target.row1 if isinstance(target, ModelArea) else target.row
        col1 = target.col1 if isinstance(target, ModelArea) else target.col
        shifts.setdefault(key, Counter())[(area.sheet, area.row1 - row1, area.col1 - col1)] += 1
    result: dict[str, SheetMatch] = {}
    for sheet in model.sheets:
        if sheet.key in shifts:
            (name, rows, cols), _ = shifts[sheet.key].most_common(1)[0]
            result[sheet.key] = SheetMatch(name, rows, cols)
        elif workbook.sheet(sheet.name) is not None:
            result[sheet.key] = SheetMatch(workbook.sheet(sheet.name).name)
        else:
            why = (f" (its names {', '.join(broken[sheet.key][:3])} point to #REF!)" if sheet.key in broken
                   else "")
            findings.append(Finding("missing_sheet", f"sheet {sheet.name!r} is missing or renamed beyond "
                                    f"recognition{why}", field=sheet.key))
    return result


def _formulas(read: PlanRead, model: Any, sheet_map: dict[str, SheetMatch],
              findings: list[Finding]) -> list[tuple[str, int, int, Any]]:
    """Report formula cells of the regenerated workbook that hold no formula in the file;
    returns them as (sheet key, row, col, the file's value)."""
    workbook = read.workbook
    overwritten = []
    for sheet in model.sheets:
        match = sheet_map.get(sheet.key)
        if match is None or sheet.visibility == "very_hidden":
            continue
        scanned = {(c.row, c.col): c for c in scan_sheet(workbook, match.name)}
        for (row, col), cell in sorted(sheet.cells.items()):
            if not isinstance(cell.value, Expr):
                continue
            r, c = row + match.rows, col + match.cols
            found = scanned.get((r, c))
            if found is not None and found.formula:
                continue
            where = cell_name(match.name, r, c)
            value = workbook.value(match.name, r, c)
            if found is None or (not found.has_value and value is None):
                what = "a formula was deleted (the cell is blank)"
            else:
                what = f"a formula was overwritten with the constant {_shown(value)}"
            findings.append(Finding("formula_overwritten", what, where))
            overwritten.append((sheet.key, row, col, value))
    return overwritten


def _mirror(read: PlanRead, model: Any, sheet_map: dict[str, SheetMatch],
            overwritten: list[tuple[str, int, int, Any]]) -> None:
    """Make the regenerated model hold what the file holds (the raw inputs, bad ones included, and
    the constants typed over formulas), then evaluate it: the checks as the file would recalculate."""
    from ..model import Cell

    workbook = read.workbook
    for slot in read.slots:
        target = model.names.get(slot.name)
        match = sheet_map.get(getattr(target, "sheet", ""))
        if slot.area is None or target is None or match is None or not isinstance(target, ModelArea):
            continue
        if (target.row2 - target.row1 + 1, target.col2 - target.col1 + 1) != (slot.area.rows, slot.area.cols):
            continue
        sheet = model.sheet(target.sheet)
        for r, row in enumerate(workbook.values(slot.area)):
            for c, value in enumerate(row):
                key = (target.row1 + r, target.col1 + c)
                old = sheet.cells.get(key)
                if old is not None and isinstance(old.value, Expr):
                    continue
                sheet.cells[key] = Cell(value, old.style if old else None)
    for key, row, col, value in overwritten:
        sheet = model.sheet(key)
        old = sheet.cells.get((row, col))
        sheet.cells[(row, col)] = Cell(value if not isinstance(value, bool) else value, old.style if old else None)
    try:
        model.evaluate()
    except MktplanError:
        pass


def _checks(read: PlanRead, model: Any, sheet_map: dict[str, SheetMatch], findings: list[Finding]) -> None:
    workbook = read.workbook
    target = model.names.get("ChecksOK")
    if target is None:
        return
    failing: list[str] = []
    for check in model.checks:
        key, row, col, label = check.ok.sheet, check.ok.row, check.ok.col, check.label
        match = sheet_map.get(key)
        try:
            computed = model.evaluate_cell(key, row, col)
        except MktplanError:
            computed = None
        cached = workbook.value(match.name, row + match.rows, col + match.cols) if match else None
        if cached is False or computed is False:
            failing.append(label)
            where = cell_name(match.name, row + match.rows, col + match.cols) if match else ""
            source = "in the file" if cached is False else "when recalculated"
            findings.append(Finding("check_failed", f"check fails ({source}): {label}", where))
    area = read.workbook.destination("ChecksOK")
    cached_ok = workbook.value(area.sheet, area.row1, area.col1) if area else None
    if failing or cached_ok is False:
        where = area.a1(0, 0) if area else ""
        names = "; ".join(failing) if failing else "see the Summary"
        findings.append(Finding("checks_failed", f"ChecksOK is FALSE; failing: {names}", where, "ChecksOK"))


def _errors(read: PlanRead, findings: list[Finding]) -> None:
    workbook = read.workbook
    stored = workbook.destination("MktplanSpec")
    for sheet in workbook.sheets:
        if stored is not None and sheet.name == stored.sheet:
            continue  # the stored spec's sheet (found through its name): text only
        for cell in scan_sheet(workbook, sheet.name):
            if cell.error:
                findings.append(Finding("error_cell", f"shows the error {cell.error}",
                                        cell_name(sheet.name, cell.row, cell.col)))


def _unsaved_input_formulas(read: PlanRead, findings: list[Finding]) -> None:
    """A formula typed into an input cell whose value was never saved (written by a tool that does not
    calculate) reads as blank: say so, naming the cell."""
    workbook = read.workbook
    for slot in read.slots:
        area = slot.area
        if area is None:
            continue
        for cell in scan_sheet(workbook, area.sheet):
            if (cell.formula and not cell.has_value and area.row1 <= cell.row <= area.row2
                    and area.col1 <= cell.col <= area.col2):
                findings.append(Finding("unsaved_formula", "a formula in an input cell has no saved value, so it "
                                        "reads as blank; open the file in Excel or LibreOffice and save it",
                                        cell_name(area.sheet, cell.row, cell.col), slot.field.text))


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
