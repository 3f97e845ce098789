"""A group plan from many unit plans (``mktplan rollup OUT.xlsx PLAN.xlsx...``).

Every plan is read back (:func:`read_plan`); the roll-up is a new workbook of
the same layout whose inputs are the sums:

* budget lines are matched by activity name (ignoring case and surrounding
  spaces; the first spelling and the first non-empty group win); each month's
  plan and actual is the sum of the plans' (blank where every plan is blank);
* a computed contingency line is kept when every plan uses the same
  percentage (its actual drawings are summed); otherwise each plan's
  contingency becomes an ordinary line named like the contingency line, so the
  group total is still the sum of the units' totals;
* a line's owner and notes are the first plan's that has them; the groups
  offered are all plans' groups, in order; the variance tolerance is the first
  plan's (the command says so when the plans differ);
* sales products are matched by name: units are summed, and the price of a
  month is the units-weighted average price, so the revenue is the sum of the
  units' revenue (where no unit sells, the first plan's price is kept); actual
  units are summed the same way and the actual price is the actual revenue ÷
  the actual units (a blank actual price counts at the forecast's price, as
  the workbook does), so the actual revenue is the sum as well;
* media channels are matched by name: spend and impressions are summed, the
  budget line is the first plan's that names one;
* the as-of month is the latest of the plans'; the check tolerance the largest;
* every other section (distribution, pricing, goals, initiatives, analysis:
  one unit's choices, not amounts to add) is taken from the first plan, and
  the command says so when the plans differ there.

A "by unit" sheet shows each plan's totals in its own column. Plans with
different fiscal calendars or currencies, the same file given twice and two
plans of the same unit (same company and plan name) are refused, naming the
files.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from ..errors import MktplanError, SpecError
from .core import PlanRead, read_plan
from .safety import ReadError

SUMMED_SECTIONS = ("plan", "budget", "sales", "media")


class RollupError(MktplanError):
    """The plans cannot be rolled up together (they are named in the message)."""


@dataclass
class RollupResult:
    path: Path
    plans: int
    notes: list[str] = field(default_factory=list)


def rollup(output: Path, sources: Sequence[Path], *, force: bool = False,
           progress: Optional[Callable[[int, int, Path], None]] = None, engine: str = "calamine") -> RollupResult:
    """Read ``sources``, check they belong together, and write the group plan to ``output``."""
    sources = [Path(s) for s in sources]
    if not sources:
        raise RollupError("give at least one plan to roll up")
    _refuse_same_files(sources)
    output = Path(output)
    for source in sources:
        if _same_path(source, output):
            raise RollupError(f"the output {output} is one of the plans; give another file name")
    reads: list[PlanRead] = []
    for index, source in enumerate(sources):
        read = read_plan(source, engine=engine)
        read.close()
        reads.append(read)
        if progress:
            progress(index + 1, len(sources), source)
    specs = []
    for read in reads:
        try:
            specs.append(read.spec)
        except SpecError as exc:
            raise SpecError(exc.problems, str(read.path)) from None
    _refuse_mismatch(reads, specs)
    spec, notes = combine(specs, [r.path.name for r in reads], [r.spec_data for r in reads])
    units = unit_totals(specs, [r.path.name for r in reads], spec.budget.months_reported)
    from ..plan import Plan

    path = Plan(spec).save(output, force=force, units=units)
    return RollupResult(path, len(reads), notes)


# refusals ---------------------------------------------------------------------

def _same_path(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _refuse_same_files(sources: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for source in sources:
        try:
            digest = hashlib.sha256(source.read_bytes()).hexdigest() if source.is_file() else str(source)
        except OSError:
            digest = str(source)
        for other in seen.values():
            if _same_path(source, other):
                raise RollupError(f"{other} and {source} are the same file; give each plan once")
        if digest in seen:
            raise RollupError(f"{seen[digest]} and {source} are the same file (identical contents); "
                              f"give each plan once")
        seen[digest] = source


def _refuse_mismatch(reads: list[PlanRead], specs: list[Any]) -> None:
    def describe(getter: Callable[[Any], Any], what: str, shown: Callable[[Any], str]) -> None:
        values: dict[Any, list[str]] = {}
        for read, spec in zip(reads, specs):
            values.setdefault(getter(spec), []).append(read.path.name)
        if len(values) > 1:
            parts = [f"{', '.join(files)}: {shown(value)}" for value, files in values.items()]
            raise RollupError(f"the plans have different {what} ({'; '.join(parts)}); "
                              f"only plans of the same {what.rstrip('s')} can be rolled up")

    describe(lambda s: (s.plan.year, s.plan.fiscal_year_start), "fiscal calendars",
             lambda v: f"fiscal year {v[0]} starting in month {v[1]}")
    describe(lambda s: s.plan.currency, "currencies", str)
    units: dict[tuple[str, str], str] = {}
    for read, spec in zip(reads, specs):
        key = ((spec.plan.company or "").strip().casefold(), (spec.plan.name or "").strip().casefold())
        if key in units:
            who = " / ".join(x for x in (spec.plan.company, spec.plan.name) if x) or "no company or plan name"
            raise RollupError(f"{units[key]} and {read.path.name} are plans of the same unit ({who}); "
                              f"give each unit's plan once, or set a different company or plan name")
        units[key] = read.path.name


# combining --------------------------------------------------------------------

def _fold(name: str) -> str:
    return name.strip().casefold()


def _add_months(total: list, values: list) -> list:
    out = list(total) + [None] * (len(values) - len(total))
    for m, value in enumerate(values):
        if value is not None:
            out[m] = (out[m] or 0) + value
    return out


def _twelve(values: list) -> list:
    values = list(values)[:12]
    return values + [None] * (12 - len(values))


def _clean(values: list) -> list:
    return values if any(v is not None for v in values) else []


def combine(specs: list[Any], files: list[str], raw: Optional[list[dict]] = None) -> tuple[Any, list[str]]:
    """The roll-up spec of validated specs, and notes on what was not summed."""
    from ..spec import validate_spec
    from ..templates import Labels

    first = specs[0]
    labels = Labels(first.plan.language)
    notes: list[str] = []
    plan = first.plan.model_dump(mode="json")
    companies = {(s.plan.company or "").strip() for s in specs}
    plan["company"] = companies.pop() if len(companies) == 1 else ""
    plan["name"] = labels("by_unit.plan_name", count=len(specs))
    plan["prepared_by"] = ""
    plan["check_tolerance"] = max(s.plan.check_tolerance for s in specs)
    as_of = min(s.budget.months_reported for s in specs)   # the months every unit has reported
    data: dict[str, Any] = {"plan": plan, "budget": _budget(specs, files, labels, notes, as_of),
                            "sales": _sales(specs, as_of), "media": _media(specs)}
    first_data = first.model_dump(mode="json")
    for section in first_data:
        if section not in SUMMED_SECTIONS:
            data[section] = first_data[section]
            if any(s.model_dump(mode="json").get(section) != first_data[section] for s in specs[1:]):
                notes.append(f"{section}: taken from the first plan ({files[0]}); the plans differ there")
    return validate_spec(data, "roll-up"), notes


def _upto(values: list, months: int) -> list:
    """Twelve months of ``values`` with those after ``months`` blank (a plan's own workbook does not
    count actuals after its as-of month, so neither does the group)."""
    return [v if m < months else None for m, v in enumerate(_twelve(values))]


def _budget(specs: list[Any], files: list[str], labels: Any, notes: list[str], as_of: int) -> dict[str, Any]:
    """The group's budget: lines summed by name; actuals to the common month ``as_of``."""
    contingency = labels("budget.contingency")
    pcts = {s.budget.contingency_pct for s in specs}
    keep_pct = len(pcts) == 1
    lines: dict[str, dict[str, Any]] = {}

    def add(name: str, group: Optional[str], plan: list, actual: list, owner: str = "", note: str = "") -> None:
        line = lines.setdefault(_fold(name), {"name": name, "group": None, "owner": "", "notes": "",
                                              "plan": [], "actual": []})
        line["group"] = line["group"] or group or None
        line["owner"] = line["owner"] or owner
        line["notes"] = line["notes"] or note
        line["plan"] = _add_months(line["plan"], plan)
        line["actual"] = _add_months(line["actual"], actual)

    contingency_actual: list = []
    for spec, source in zip(specs, files):
        budget = spec.budget
        months = budget.months_reported
        later = [a.name for a in budget.activities if any(v is not None for v in a.actual[months:])]
        if any(v is not None for v in budget.contingency_actual[months:]):
            later.append(contingency)
        if later:
            notes.append(f"budget: {source} has actuals after its as-of month {months} ({', '.join(later)}); "
                         f"its own workbook leaves them out, so does the roll-up")
        for activity in budget.activities:
            add(activity.name, activity.group, _twelve(activity.plan), _upto(activity.actual, as_of),
                activity.owner, activity.notes)
        if budget.contingency_pct is not None:
            if keep_pct:
                contingency_actual = _add_months(contingency_actual, _upto(budget.contingency_actual, as_of))
            else:
                base = [sum(a.plan[m] or 0 for a in budget.activities if m < len(a.plan)) for m in range(12)]
                add(contingency, contingency, [budget.contingency_pct * b for b in base],
                    _upto(budget.contingency_actual, as_of))
    if not keep_pct:
        notes.append("budget: the plans use different contingency percentages; each plan's contingency "
                     f"is an ordinary line named {contingency!r}")
    if len({s.budget.months_reported for s in specs}) > 1:
        reported = ", ".join(f"{f} {s.budget.months_reported}" for s, f in zip(specs, files))
        notes.append(f"budget: the plans report actuals up to different months ({reported}); the roll-up "
                     f"takes every unit's actuals to month {as_of}, the earliest (no false underspend)")
    activities = [{"name": line["name"], "group": line["group"], "owner": line["owner"], "notes": line["notes"],
                   "plan": _clean(line["plan"]), "actual": _clean(line["actual"])} for line in lines.values()]
    groups: dict[str, str] = {}
    for spec in specs:
        for group in spec.budget.groups:
            groups.setdefault(_fold(group), group)
    tolerance = specs[0].budget.variance_tolerance_pct
    if any(s.budget.variance_tolerance_pct != tolerance for s in specs[1:]):
        notes.append(f"budget: the plans use different variance tolerances; the roll-up takes the first "
                     f"plan's, {tolerance:g}")
    out: dict[str, Any] = {"as_of_month": as_of, "variance_tolerance_pct": tolerance,
                           "groups": list(groups.values()), "activities": activities}
    if keep_pct and specs[0].budget.contingency_pct is not None:
        out["contingency_pct"] = specs[0].budget.contingency_pct
        out["contingency_actual"] = _clean(contingency_actual)
    return out


def _sales(specs: list[Any], as_of: int) -> dict[str, Any]:
    """The group's products: forecasts summed by name; actual units to the common month ``as_of``."""
    products: dict[str, dict[str, Any]] = {}
    for spec in specs:
        for product in spec.sales.products:
            line = products.setdefault(_fold(product.name), {
                "name": product.name, "unit": "", "forecast": _Priced(), "actual": _Priced()})
            line["unit"] = line["unit"] or product.unit or ""
            price = _twelve(product.price)
            actual_price = [typed if typed is not None else forecast
                            for typed, forecast in zip(_twelve(product.actual_price), price)]
            line["forecast"].add(_twelve(product.units), price)
            line["actual"].add(_upto(product.actual_units, as_of), actual_price)
    out = []
    for line in products.values():
        forecast, actual = line["forecast"], line["actual"]
        out.append({"name": line["name"], "unit": line["unit"], "units": _clean(forecast.units),
                    "price": _clean(forecast.prices()), "actual_units": _clean(actual.units),
                    "actual_price": _clean(actual.prices(sold_only=True))})
    return {"products": out}


class _Priced:
    """Units and revenue summed month by month over the plans, and the price that turns the units back
    into the summed revenue (units at a blank price sell at 0, as in the workbook)."""

    def __init__(self) -> None:
        self.units: list = [None] * 12
        self.revenue: list = [None] * 12
        self.first_price: list = [None] * 12

    def add(self, units: list, prices: list) -> None:
        for m in range(12):
            if units[m] is not None:
                self.units[m] = (self.units[m] or 0) + units[m]
                if prices[m] is not None:
                    self.revenue[m] = (self.revenue[m] or 0) + units[m] * prices[m]
            if self.first_price[m] is None and prices[m] is not None:
                self.first_price[m] = prices[m]

    def prices(self, sold_only: bool = False) -> list:
        """Units-weighted average price per month; where nothing sells, the first plan's price (kept for
        the record), or blank with ``sold_only``."""
        return [(None if self.revenue[m] is None else self.revenue[m] / self.units[m]) if self.units[m] else
                (None if sold_only else self.first_price[m]) for m in range(12)]


def _media(specs: list[Any]) -> dict[str, Any]:
    channels: dict[str, dict[str, Any]] = {}
    for spec in specs:
        for channel in spec.media.channels:
            line = channels.setdefault(_fold(channel.name), {"name": channel.name, "budget_line": None,
                                                             "spend": [], "impressions": []})
            line["budget_line"] = line["budget_line"] or channel.budget_line
            line["spend"] = _add_months(line["spend"], _twelve(channel.spend))
            line["impressions"] = _add_months(line["impressions"], _twelve(channel.impressions))
    return {"channels": [dict(line, spend=_clean(line["spend"]), impressions=_clean(line["impressions"]))
                         for line in channels.values()]}


def unit_totals(specs: list[Any], files: list[str], as_of: int) -> tuple:
    """Each plan's totals for the "by unit" sheet, from the evaluated model of its spec: the lines'
    full-year plans (the contingency line included), the products' revenue plans, the budget actual
    up to the roll-up's as-of month ``as_of`` (BudgetActualTotal of the plan taken to that month),
    the plan's own as-of month and whether its own checks pass (ChecksOK)."""
    from ..sheets.by_unit import UnitTotals
    from .figures import budget_lines, key_figures, plan_model, revenue_lines

    labels = unit_labels(specs, files)
    units: list[UnitTotals] = []
    for spec, source in zip(specs, files):
        model = plan_model(spec)
        own = key_figures(model)
        to_group_month = spec.model_copy(update={"budget": spec.budget.model_copy(update={"as_of_month": as_of})})
        actual = key_figures(plan_model(to_group_month)).budget_actual
        units.append(UnitTotals(labels[len(units)], source, budget_lines(model), revenue_lines(model),
                                actual, own.as_of_month, model.value_of("ChecksOK") is True))
    return tuple(units)


def unit_labels(specs: list[Any], files: list[str]) -> list[str]:
    """What names each unit best: the companies if they tell the plans apart, else the plan names,
    else both; the file name where a plan has neither."""
    def distinct(values: list[str]) -> bool:
        return all(values) and len({v.casefold() for v in values}) == len(values)

    companies = [(s.plan.company or "").strip() for s in specs]
    names = [(s.plan.name or "").strip() for s in specs]
    if distinct(companies):
        return companies
    if distinct(names):
        return names
    return [" – ".join(x for x in (c, n) if x) or Path(f).stem for c, n, f in zip(companies, names, files)]


def progress_bar(total: int) -> Any:
    """A rich progress bar on stderr for long runs (a terminal and 10 plans or more), else None."""
    import sys

    if total < 10 or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from rich.console import Console

    return Progress(TextColumn("reading plans"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)


__all__ = ["RollupError", "RollupResult", "ReadError", "combine", "rollup", "unit_totals"]
