"""The goal sheets' figures computed straight from a spec, by hand, independently of the workbook code.

Written from the issue's contract (issue 8) and the README: progress, expected progress, status,
SMART letters, budgets by sub-goal and unit, the cap split by contribution, headroom, alignment,
per-budget-line checks, the Gantt chart and the budget by month. Blank is ``None``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any, Optional

from mktplan_xl.sheets.common import SPARE_ROWS
from mktplan_xl.spec import PlanSpec
from xlsx_tools import months as _months

SPARE = 5




def as_of_month(spec: PlanSpec) -> int:
    budget = spec.budget
    if budget.as_of_month is not None:
        return budget.as_of_month
    return max([len(a.actual) for a in budget.activities] + [len(budget.contingency_actual)])


def fiscal_start(spec: PlanSpec) -> dt.date:
    return dt.date(spec.plan.year, spec.plan.fiscal_year_start, 1)


def fiscal_end(spec: PlanSpec) -> dt.date:
    start = fiscal_start(spec)
    return dt.date(start.year + 1, start.month, 1) - dt.timedelta(days=1)


def as_of_date(spec: PlanSpec) -> dt.date:
    """Last day of the as-of fiscal month (the day before the year for month 0)."""
    month = as_of_month(spec)
    return fiscal_start(spec) - dt.timedelta(days=1) if month == 0 else _end_of_fiscal_month(spec, month - 1)


def _end_of_fiscal_month(spec: PlanSpec, index: int) -> dt.date:
    start = fiscal_start(spec)
    months = start.month - 1 + index
    year, month = start.year + months // 12, months % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def goal_figures(spec: PlanSpec) -> dict[str, list[Any]]:
    """Per goal (spec order): progress, expected, status, S M A R T, score, fails."""
    goals = spec.objectives.goals
    by_id = {g.id.casefold(): g for g in goals}
    start, as_of = fiscal_start(spec), as_of_month(spec)
    out: dict[str, list[Any]] = {k: [] for k in ("progress", "expected", "status", "score", "fails")}
    for g in goals:
        numbers = g.baseline is not None and g.target is not None
        progress = None
        if g.current is not None and numbers and g.target != g.baseline:
            progress = (g.current - g.baseline) / (g.target - g.baseline)
        expected = None
        if g.deadline is not None:
            months = (g.deadline.year - start.year) * 12 + g.deadline.month - start.month + 1
            expected = 1 if months <= 0 else min(1, as_of / months)
        if g.current is None:
            status = "not_started"
        elif progress is not None:
            status = ("achieved" if progress >= 1 else
                      "on_track" if progress >= (expected if expected is not None else 0) else "behind")
        elif numbers:
            status = "achieved" if g.current == g.target else "behind"
        else:
            status = None
        parent = by_id.get(g.parent.casefold()) if g.parent else None
        letters = {
            "S": bool(g.goal) and bool(g.metric),
            "M": bool(g.unit) and numbers,
            "A": numbers and g.baseline != 0
            and abs(g.target - g.baseline) / abs(g.baseline) <= spec.objectives.max_stretch,
            "R": g.level == "enterprise" or (
                parent is not None and parent.level == {"unit": "enterprise", "sub_goal": "unit"}[g.level]
                and (g.level == "unit" or g.relevance is not None)),
            "T": g.deadline is not None and g.deadline >= start,
        }
        out["progress"].append(progress)
        out["expected"].append(expected)
        out["status"].append(status)
        out["score"].append(sum(letters.values()))
        out["fails"].append("".join(k for k, ok in letters.items() if not ok) or None)
    return out


def dimension_progress(spec: PlanSpec) -> list[Optional[float]]:
    progress = goal_figures(spec)["progress"]
    out = []
    for dimension in ("brand", "user", "sales", "channel"):
        values = [p for g, p in zip(spec.objectives.goals, progress)
                  if g.level == "sub_goal" and g.dimension == dimension and p is not None]
        out.append(sum(values) / len(values) if values else None)
    return out


def budget_figures(spec: PlanSpec) -> dict[str, Any]:
    """Budgets by sub-goal and unit, the cap split by contribution, headroom, alignment, lines."""
    goals, items = spec.objectives.goals, spec.initiatives.items
    by_id = {g.id.casefold(): g for g in goals}
    cap = spec.initiatives.budget_cap or 0
    total = sum(i.budget or 0 for i in items)
    aligned = [by_id.get(i.goal.casefold()) is not None and by_id[i.goal.casefold()].level == "sub_goal"
               for i in items]
    contributions = {g.id: (g.contribution or 0) for g in goals if g.level == "unit"}
    weight = sum(contributions.values())
    sub_budget, requested, allocation, priority = [], [], [], []
    for g in goals:
        mine = [i for i in items if i.goal.casefold() == g.id.casefold()]
        under = [i for i in items if (s := by_id.get(i.goal.casefold())) is not None and s.parent
                 and s.parent.casefold() == g.id.casefold()]
        sub_budget.append(sum(i.budget or 0 for i in mine) if g.level == "sub_goal" else None)
        if g.level == "unit":
            requested.append(sum(i.budget or 0 for i in under))
            allocation.append(cap * contributions[g.id] / weight if weight else 0)
            priority.append(1 + sum(1 for c in contributions.values() if c > contributions[g.id]))
        else:
            requested.append(None)
            allocation.append(None)
            priority.append(None)
    lines = [(a.name, sum(_months(a.plan))) for a in spec.budget.activities]
    lines += [(None, 0.0)] * SPARE_ROWS   # the budget tracker's spare lines, blank until named
    if spec.budget.contingency_pct is not None:
        lines.append((None, spec.budget.contingency_pct * sum(sum(_months(a.plan)) for a in spec.budget.activities)))
    drawn = [sum(i.budget or 0 for i in items if name and i.budget_line and i.budget_line.casefold() == name.casefold())
             for name, _ in lines]
    return {"total": total, "headroom": cap - total, "cap": cap,
            "alignment_ok": all(aligned) and (spec.initiatives.budget_cap is None or cap - total >= 0),
            "sub_budget": sub_budget, "requested": requested, "allocation": allocation, "priority": priority,
            "line_drawn": drawn, "line_headroom": [plan - d for (_, plan), d in zip(lines, drawn)],
            "lines_ok": all(plan - d >= -spec.plan.check_tolerance for (_, plan), d in zip(lines, drawn))}


def initiative_figures(spec: PlanSpec) -> dict[str, list[Any]]:
    as_of = as_of_date(spec)
    out: dict[str, list[Any]] = {"progress": [], "expected": [], "status": []}
    for i in spec.initiatives.items:
        progress = i.actual / i.target if i.actual is not None and i.target not in (None, 0) else None
        expected = None
        if i.start and i.end:
            days = (i.end - i.start).days + 1
            expected = min(1, max(0, ((as_of - i.start).days + 1) / days))
        if i.actual is None:
            status = "not_started"
        elif progress is None:
            status = None
        else:
            status = ("achieved" if progress >= 1 else
                      "on_track" if progress >= (expected if expected is not None else 0) else "behind")
        out["progress"].append(progress)
        out["expected"].append(expected)
        out["status"].append(status)
    return out


def gantt(spec: PlanSpec) -> list[list[Optional[int]]]:
    """53 weeks per initiative: 1 where it runs during the week."""
    start, end = fiscal_start(spec), fiscal_end(spec)
    rows = []
    for i in spec.initiatives.items:
        row: list[Optional[int]] = []
        for w in range(53):
            week_start = start + dt.timedelta(days=7 * w)
            week_end = min(week_start + dt.timedelta(days=6), end)
            runs = i.start is not None and i.end is not None and i.start <= week_end and i.end >= week_start
            row.append(1 if runs else None)
        rows.append(row)
    return rows


def as_of_week(spec: PlanSpec) -> Optional[int]:
    as_of = as_of_date(spec)
    start = fiscal_start(spec)
    if as_of < start:
        return None
    return (as_of - start).days // 7


def monthly_budget(spec: PlanSpec) -> list[Optional[list[float]]]:
    """Each initiative's budget spread evenly over its days, by fiscal month."""
    out: list[Optional[list[float]]] = []
    for i in spec.initiatives.items:
        if i.start is None or i.end is None:
            out.append(None)
            continue
        days = (i.end - i.start).days + 1
        months = []
        for m in range(12):
            month_end = _end_of_fiscal_month(spec, m)
            month_start = month_end.replace(day=1)
            overlap = (min(i.end, month_end) - max(i.start, month_start)).days + 1
            months.append((i.budget or 0) * max(0, overlap) / days)
        out.append(months)
    return out
