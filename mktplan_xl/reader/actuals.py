"""Actuals from a CSV (or .xlsx) export into a new version of a plan.

``mktplan actuals PLAN.xlsx ACTUALS.csv -o NEW.xlsx``: the file has a header
row with the columns ``activity``, ``month`` and ``amount`` (any order, any
case; other columns are ignored). ``month`` is a fiscal month 1–12 or a
calendar month ``YYYY-MM`` inside the plan's fiscal year. Amounts are plain
numbers (``1234.5``; ``1,234,567.89`` with both separators is accepted);
``1,234`` (thousands or decimals?), ``n/a``, ``#DIV/0!``, blanks and negative
amounts are refused. Lines for the same activity and month are added up.

Each month given replaces that activity's actual for the month; the as-of
month moves to the last month given; everything else (plans, goals, other
inputs, other actuals) is carried over from PLAN.xlsx, which is only read.
Every bad line is reported with its line number and nothing is written.
``add_missing`` adds activities the plan lacks as new lines (no plan amounts).
"""

from __future__ import annotations

import copy
import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ..errors import MktplanError
from ..fiscal import FiscalYear
from .core import read_plan

COLUMNS = ("activity", "month", "amount")
MAX_PROBLEMS_SHOWN = 30
MAX_ACTUALS_BYTES = 50 * 1024 * 1024
_PLAIN = re.compile(r"^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+]?\d{1,3}(,\d{3})+\.\d+$")
_CALENDAR = re.compile(r"^(\d{4})[-/](\d{1,2})$")


class ActualsError(MktplanError):
    """The actuals file has bad lines (each named with its line number) or cannot be read."""

    def __init__(self, source: Path, problems: list[tuple[int, str]]):
        self.problems = problems
        lines = [f"{source}: {len(problems)} bad line{'s' if len(problems) != 1 else ''}; nothing was written"]
        lines += [f"  line {number}: {message}" if number else f"  {message}"
                  for number, message in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  ... and {len(problems) - MAX_PROBLEMS_SHOWN:,} more")
        super().__init__("\n".join(lines))


@dataclass
class ActualLine:
    line: int
    activity: str
    month: int          # fiscal month, 1..12
    amount: float


@dataclass
class ActualsResult:
    path: Path
    lines: int
    activities: int
    as_of_month: int
    added: list[str] = field(default_factory=list)
    previous_as_of: Optional[int] = None     # the plan's as-of month before the import


def parse_amount(text: Any) -> tuple[Optional[float], str]:
    """(amount, "") or (None, why it is not an amount)."""
    if isinstance(text, bool):
        return None, f"amount {text!r} is not a number"
    if isinstance(text, (int, float)):
        if not math.isfinite(text):
            return None, f"amount {text!r} is not a finite number"
        return (float(text), "") if text >= 0 else (None, f"amount {text:g} is negative")
    raw = "" if text is None else str(text).strip()
    if not raw:
        return None, "amount is blank"
    if raw.startswith("-"):
        return None, f"amount {raw!r} is negative; actual spend is 0 or more"
    if raw.startswith("#"):
        return None, f"amount {raw!r} is a spreadsheet error, not a number"
    if _PLAIN.match(raw):
        value = float(raw)
    elif _GROUPED.match(raw):
        value = float(raw.replace(",", ""))
    elif re.match(r"^\d{1,3}(,\d{3})+$", raw) or re.match(r"^\d+,\d+$", raw):
        return None, (f"amount {raw!r} is ambiguous (a thousands separator or a decimal comma?); "
                      f"write it without separators, e.g. {raw.replace(',', '')} or {raw.replace(',', '.')}")
    else:
        return None, f"amount {raw!r} is not a number"
    if not math.isfinite(value):
        return None, f"amount {raw!r} is not a finite number"
    if value > 1e15:
        return None, f"amount {raw!r} is larger than 1e15"
    return value, ""


def parse_month(text: Any, fiscal: FiscalYear) -> tuple[Optional[int], str]:
    """(fiscal month 1..12, "") or (None, why)."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    if hasattr(text, "year") and hasattr(text, "month"):   # a date cell in an .xlsx
        text = f"{text.year:04d}-{text.month:02d}"
    raw = "" if text is None else str(text).strip()
    if not raw:
        return None, "month is blank"
    if re.fullmatch(r"\d{1,2}", raw):
        month = int(raw)
        if 1 <= month <= 12:
            return month, ""
        return None, f"month {raw} is outside the fiscal year (give 1–12 or YYYY-MM)"
    match = _CALENDAR.match(raw)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            return None, f"month {raw!r} is not a calendar month"
        for index, (y, m) in enumerate(fiscal.months):
            if (y, m) == (year, month):
                return index + 1, ""
        first, last = fiscal.months[0], fiscal.months[-1]
        return None, (f"month {raw} is outside the fiscal year ({first[0]:04d}-{first[1]:02d} to "
                      f"{last[0]:04d}-{last[1]:02d})")
    return None, f"month {raw!r} is neither a fiscal month 1–12 nor a calendar month YYYY-MM"


def read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(line number, cells) of every row of a CSV or .xlsx, header first."""
    path = Path(path)
    if not path.is_file():
        raise MktplanError(f"{path}: no such file")
    if path.stat().st_size > MAX_ACTUALS_BYTES:
        raise MktplanError(f"{path}: larger than {MAX_ACTUALS_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise MktplanError(f"{path}: not UTF-8 text; save it as 'CSV UTF-8' (Excel: Save As › "
                           f"CSV UTF-8 (Comma delimited))") from None
    if "\x00" in text:
        raise MktplanError(f"{path}: not a text file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ActualsError(path, [(reader.line_num, f"not valid CSV ({exc})")]) from None
    return rows


def _xlsx_rows(path: Path) -> list[tuple[int, list[Any]]]:
    from .safety import load
    from .workbook import open_workbook

    workbook = open_workbook(load(path))
    visible = [s for s in workbook.sheets if s.state == "visible"] or workbook.sheets
    grid = workbook.grid(visible[0].name)
    workbook.close()
    return [(number, row) for number, row in enumerate(grid, start=1)]


def parse_lines(path: Path, fiscal: FiscalYear) -> tuple[list[ActualLine], list[tuple[int, str]]]:
    """The good lines of an actuals file and the bad ones' (line number, problem)."""
    rows = [(n, row) for n, row in read_rows(path) if any(str(c).strip() for c in row if c is not None)]
    if not rows:
        raise ActualsError(path, [(0, "the file is empty; it needs a header row: activity, month, amount")])
    header_line, header = rows[0]
    names = [str(c).strip().lower().lstrip("\ufeff") if c is not None else "" for c in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise ActualsError(path, [(header_line, f"the header row lacks column(s) {', '.join(missing)} "
                                                f"(it needs activity, month, amount)")])
    index = {c: names.index(c) for c in COLUMNS}
    lines, problems = [], []
    for number, row in rows[1:]:
        cells = {c: (row[i] if i < len(row) else None) for c, i in index.items()}
        activity = cells["activity"]
        activity = str(activity).strip() if activity is not None else ""
        if isinstance(cells["activity"], float) and cells["activity"].is_integer():
            activity = str(int(cells["activity"]))
        why = []
        if not activity:
            why.append("activity is blank")
        month, month_problem = parse_month(cells["month"], fiscal)
        amount, amount_problem = parse_amount(cells["amount"])
        why += [p for p in (month_problem, amount_problem) if p]
        if why:
            problems.append((number, "; ".join(why)))
        else:
            lines.append(ActualLine(number, activity, month, amount))
    if not lines and not problems:
        raise ActualsError(path, [(header_line, "no actuals below the header row")])
    return lines, problems


def apply_actuals(spec_data: dict[str, Any], lines: list[ActualLine], contingency_label: str,
                  add_missing: bool, source: Path,
                  earlier: Optional[list[tuple[int, str]]] = None) -> tuple[dict[str, Any], list[str]]:
    """A copy of the spec with the actuals written in; (spec, activities added). Raises
    ActualsError listing ``earlier`` problems and every line whose activity the plan lacks."""
    data = copy.deepcopy(spec_data)
    budget = data.setdefault("budget", {})
    activities = budget.setdefault("activities", [])
    by_name: dict[str, dict] = {}
    for activity in activities:
        by_name.setdefault(str(activity.get("name", "")).strip(), activity)
    folded: dict[str, dict] = {}
    for activity in activities:
        folded.setdefault(str(activity.get("name", "")).strip().casefold(), activity)
    computed = budget.get("contingency_pct") is not None
    totals: dict[tuple[int, int], float] = {}
    targets: dict[int, Any] = {}
    problems, added = list(earlier or []), []
    for line in lines:
        target = by_name.get(line.activity) or folded.get(line.activity.casefold())
        if target is None and computed and line.activity.casefold() == contingency_label.casefold():
            target = "contingency"
        if target is None:
            if not add_missing:
                problems.append((line.line, f"activity {line.activity!r} is not in the plan (use --add-missing "
                                            f"to add it as a new line)"))
                continue
            target = {"name": line.activity, "group": None, "plan": [], "actual": []}
            activities.append(target)
            by_name[line.activity] = target
            folded[line.activity.casefold()] = target
            added.append(line.activity)
        key = id(target)
        targets[key] = target
        totals[(key, line.month)] = totals.get((key, line.month), 0.0) + line.amount
    if problems:
        raise ActualsError(source, sorted(problems))
    for (key, month), amount in totals.items():
        target = targets[key]
        if target == "contingency":
            series = budget.get("contingency_actual") or []
            budget["contingency_actual"] = series = list(series) + [None] * (12 - len(series))
        else:
            series = list(target.get("actual") or []) + [None] * (12 - len(target.get("actual") or []))
            target["actual"] = series
        if amount > 1e15:
            raise ActualsError(source, [(0, f"the amounts for month {month} add up to more than 1e15")])
        series[month - 1] = int(amount) if float(amount).is_integer() else amount
    budget["as_of_month"] = max(line.month for line in lines)
    return data, added


def import_actuals(plan_path: Path, actuals_path: Path, output: Path, *, add_missing: bool = False,
                   force: bool = False) -> ActualsResult:
    """Write a new version of ``plan_path`` with the actuals of ``actuals_path`` to ``output``."""
    import os

    from ..plan import Plan
    from ..sheets.by_unit import units_from_options
    from ..spec import validate_spec
    from ..templates import Labels

    plan_path, actuals_path, output = Path(plan_path), Path(actuals_path), Path(output)
    if output.exists() and plan_path.exists() and os.path.samefile(plan_path, output):
        raise MktplanError(f"-o {output} is the plan itself; the new version needs another file name "
                           f"(PLAN.xlsx stays unchanged)")
    read = read_plan(plan_path)
    read.close()
    spec = read.spec
    fiscal = FiscalYear(spec.plan.year, spec.plan.fiscal_year_start)
    lines, problems = parse_lines(actuals_path, fiscal)
    contingency = Labels(spec.plan.language)("budget.contingency")
    data, added = apply_actuals(spec.model_dump(mode="json"), lines, contingency, add_missing, actuals_path,
                                problems)
    new_spec = validate_spec(data, str(actuals_path))
    options = read.options
    path = Plan(new_spec).save(output, force=force, udfs=bool(options.get("udfs")),
                               units=units_from_options(options))
    return ActualsResult(path, len(lines), len({line.activity.casefold() for line in lines}),
                         new_spec.budget.as_of_month, added, spec.budget.months_reported)
