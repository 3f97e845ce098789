"""Specs the goal-sheet tests share, and the check of every named figure against goals_expected."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any, Callable

from goals_expected import (SPARE, as_of_week, budget_figures, dimension_progress, gantt, goal_figures,
                            initiative_figures, monthly_budget)
from mktplan_xl.spec import PlanSpec
from mktplan_xl.templates import Labels

#: Fiscal year from July, goals that go down, blank current values, target = baseline, no deadline, a
#: deadline before the year, baseline 0, units without contribution, ids that are wildcards or
#: operators, initiatives outside the year, without budget, budget line or dates, a line overdrawn,
#: the cap exceeded.
TRICKY = {
    "plan": {"name": "Tricky goals", "year": 2026, "fiscal_year_start": 7, "currency": "USD", "language": "en"},
    "budget": {"contingency_pct": 0.1, "as_of_month": 5, "activities": [
        {"name": "Ads", "plan": [1000] * 12},
        {"name": "PR*", "plan": [500] * 12},
        {"name": "<5", "plan": [100]},
    ]},
    "objectives": {"max_stretch": 0.4, "goals": [
        {"id": "E1", "level": "enterprise", "goal": "Cut the cost per lead", "metric": "cost per lead",
         "unit": "USD", "baseline": 120, "target": 96, "current": 111, "deadline": "2027-06-30"},
        {"id": "E2", "level": "enterprise", "goal": "Hold the share", "metric": "share", "unit": "%",
         "baseline": 10, "target": 10},
        {"id": "U1", "level": "unit", "parent": "E1", "goal": "Lock", "metric": "points", "unit": "pts",
         "baseline": 5, "target": 6, "current": 6, "deadline": "2027-03-31", "contribution": 3},
        {"id": "U2", "level": "unit", "parent": "e1", "goal": "Speaker", "metric": "points", "unit": "pts",
         "baseline": 0, "target": 3, "current": 1, "deadline": "2026-12-31"},
        {"id": "U*", "level": "unit", "parent": "E2", "goal": "Wildcard unit", "metric": "points", "unit": "pts",
         "baseline": 4, "target": 5, "current": 4.5, "deadline": "2026-05-31", "contribution": 1.5},
        {"id": "G?1", "level": "sub_goal", "parent": "U1", "dimension": "sales", "goal": "Revenue", "metric": "revenue",
         "unit": "k", "baseline": 100, "target": 140, "current": 92, "deadline": "2026-12-31", "relevance": "high"},
        {"id": "G2", "level": "sub_goal", "parent": "U1", "dimension": "brand", "goal": "Awareness",
         "metric": "awareness", "unit": "%", "baseline": 30, "target": 36, "deadline": "2027-02-15"},
        {"id": "G3", "level": "sub_goal", "parent": "U2", "dimension": "user", "goal": "Keep users", "metric": "users",
         "unit": "k", "baseline": 50, "target": 50, "current": 50, "deadline": "2027-06-30", "relevance": "low"},
        {"id": "G4", "level": "sub_goal", "parent": "U*", "dimension": "channel", "goal": "Online share",
         "metric": "share", "unit": "%", "baseline": 10, "target": 12, "current": 13, "deadline": "2027-01-31",
         "relevance": "medium"},
        {"id": "G5", "level": "sub_goal", "parent": "U2", "metric": "x", "baseline": 3, "target": 4, "current": 3.5,
         "deadline": "2026-09-30", "relevance": "medium"},
        {"id": "<5", "level": "sub_goal", "parent": "U1", "dimension": "brand", "goal": "=1+1", "metric": "m",
         "unit": "u", "baseline": 1, "target": 1.4, "current": 1.3, "deadline": "2026-10-31", "relevance": "high"},
    ]},
    "initiatives": {"budget_cap": 5000, "items": [
        {"id": "I1", "goal": "G?1", "strategy": "Push", "initiative": "Starts before the year", "budget": 1200,
         "start": "2026-06-15", "end": "2026-07-20", "kpi": "leads", "target": 100, "actual": 30, "budget_line": "ads"},
        {"id": "I2", "goal": "G2", "initiative": "Ends after the year", "budget": 800, "start": "2027-06-01",
         "end": "2027-08-31", "kpi": "reach", "target": 1000, "budget_line": "PR*"},
        {"id": "I*", "goal": "<5", "initiative": "One day, overdraws its line", "budget": 3000,
         "start": "2026-09-01", "end": "2026-09-01", "target": 10, "actual": 4, "budget_line": "<5"},
        {"id": "I4", "goal": "G4", "initiative": "No budget, no dates", "target": 0, "actual": 5},
        {"id": "I5", "goal": "G3", "initiative": "No budget line", "budget": 500, "start": "2026-10-01",
         "end": "2026-12-31", "target": 100, "actual": 150},
    ]},
}


def random_spec(seed: int, goals: int = 40, initiatives: int = 60, language: str = "vi") -> dict:
    """A random valid spec in tree order, fiscal year from a random month."""
    rng = random.Random(seed)
    start = dt.date(2027, rng.randint(1, 12), 1)
    lines = [f"Line {k}" for k in range(5)]
    items: list[dict] = []
    units: list[str] = []
    subs: list[str] = []
    for k in range(goals):
        if k % 10 == 0:
            items.append({"id": f"E{k}", "level": "enterprise"})
        elif k % 10 < 3:
            units.append(f"U{k}")
            items.append({"id": units[-1], "level": "unit", "parent": f"E{k - k % 10}",
                          "contribution": rng.choice([None, 0, 1, 2.5, 4])})
        else:
            subs.append(f"G{k}")
            items.append({"id": subs[-1], "level": "sub_goal", "parent": rng.choice(units[-2:]),
                          "dimension": rng.choice(["brand", "user", "sales", "channel", None]),
                          "relevance": rng.choice(["high", "medium", "low", None])})
        goal = items[-1]
        baseline = rng.choice([0, 5, 80, 120])
        goal.update({"goal": rng.choice(["", f"Goal {k}"]), "metric": rng.choice(["", "metric"]),
                     "unit": rng.choice(["", "%"]), "baseline": rng.choice([None, baseline]),
                     "target": rng.choice([None, baseline, round(baseline * rng.uniform(0.5, 1.8), 2)]),
                     "current": rng.choice([None, round(baseline * rng.uniform(0.6, 1.6), 2)]),
                     "deadline": rng.choice([None, start + dt.timedelta(days=rng.randint(-60, 500))])})
    plan: list[dict] = []
    for k in range(initiatives):
        begin = start + dt.timedelta(days=rng.randint(-40, 380))
        plan.append({"id": f"I{k}", "goal": rng.choice(subs), "budget": rng.choice([None, rng.randint(0, 900)]),
                     "start": rng.choice([None, begin]),
                     "end": rng.choice([None, begin + dt.timedelta(days=rng.randint(0, 120))]),
                     "target": rng.choice([None, 0, 50]), "actual": rng.choice([None, 10, 60]),
                     "budget_line": rng.choice([None, *lines])})
        if plan[-1]["start"] is None:
            plan[-1]["end"] = None
    clean = lambda d: {k: v for k, v in d.items() if v is not None and v != ""}  # noqa: E731
    return {"plan": {"year": start.year, "fiscal_year_start": start.month, "language": language},
            "budget": {"as_of_month": rng.randint(0, 12),
                       "activities": [{"name": n, "plan": [rng.randint(0, 4000)] * 12} for n in lines]},
            "objectives": {"max_stretch": rng.choice([0.3, 0.5, 1]), "goals": [clean(g) for g in items]},
            "initiatives": {"budget_cap": rng.choice([None, 20000, 30000]), "items": [clean(i) for i in plan]}}


def _blank(value: Any) -> bool:
    return value is None or value == ""


def same(got: Any, want: Any) -> bool:
    if _blank(want):
        return _blank(got)
    if isinstance(want, bool) or isinstance(got, bool):
        return got == want
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-7)
    return got == want


def column(values: list[list[Any]]) -> list[Any]:
    return [row[0] for row in values]


def check_names(values: Callable[[str], list[list[Any]]], value: Callable[[str], Any], spec: PlanSpec,
                spare_items: int = SPARE) -> list[str]:
    """Every named goal figure against the hand computation; returns the differences (empty: all equal).
    ``spare_items``: blank initiative rows left below the spec's (fewer when one was typed into)."""
    labels = Labels(spec.plan.language)
    status_text = {k: labels(f"objectives.{k}") for k in ("achieved", "on_track", "behind", "not_started")}
    problems: list[str] = []

    def compare(name: str, got: list[Any], want: list[Any]) -> None:
        if len(got) != len(want):
            problems.append(f"{name}: {len(got)} cells, expected {len(want)}")
            return
        for i, (g, w) in enumerate(zip(got, want)):
            if not same(g, w):
                problems.append(f"{name}[{i}]: workbook {g!r}, expected {w!r}")

    n_items = len(spec.initiatives.items) + spare_items
    pad_goals = [None] * SPARE
    pad_items = [None] * spare_items
    goals = goal_figures(spec)
    compare("GoalIDs", column(values("GoalIDs")), [g.id for g in spec.objectives.goals] + pad_goals)
    compare("GoalProgress", column(values("GoalProgress")), goals["progress"] + pad_goals)
    compare("GoalExpectedProgress", column(values("GoalExpectedProgress")), goals["expected"] + pad_goals)
    compare("GoalStatus", column(values("GoalStatus")),
            [status_text[s] if s else None for s in goals["status"]] + pad_goals)
    compare("GoalSmartScore", column(values("GoalSmartScore")), goals["score"] + pad_goals)
    compare("GoalSmartFails", column(values("GoalSmartFails")), goals["fails"] + pad_goals)
    compare("DimensionProgress", column(values("DimensionProgress")), dimension_progress(spec))

    money = budget_figures(spec)
    compare("GoalBudgets", column(values("GoalBudgets")), money["sub_budget"] + pad_goals)
    compare("UnitRequested", column(values("UnitRequested")), money["requested"] + pad_goals)
    compare("UnitAllocation", column(values("UnitAllocation")), money["allocation"] + pad_goals)
    compare("UnitPriority", column(values("UnitPriority")), money["priority"] + pad_goals)
    fits = {True: labels("initiatives.fits_yes"), False: labels("initiatives.fits_no")}
    compare("UnitFits", column(values("UnitFits")),
            [None if r is None else fits[r <= a] for r, a in zip(money["requested"], money["allocation"])] + pad_goals)
    compare("InitiativeLineDrawn", column(values("InitiativeLineDrawn")), money["line_drawn"])
    compare("InitiativeLineHeadroom", column(values("InitiativeLineHeadroom")), money["line_headroom"])
    for name, want in (("InitiativeBudgetTotal", money["total"]), ("BudgetCapHeadroom", money["headroom"]),
                       ("BudgetCap", spec.initiatives.budget_cap), ("AlignmentOK", money["alignment_ok"])):
        compare(name, [value(name)], [want])

    items = initiative_figures(spec)
    compare("InitiativeIDs", column(values("InitiativeIDs")), [i.id for i in spec.initiatives.items] + pad_items)
    compare("InitiativeBudgets", column(values("InitiativeBudgets")),
            [i.budget for i in spec.initiatives.items] + pad_items)
    compare("InitiativeProgress", column(values("InitiativeProgress")), items["progress"] + pad_items)
    compare("InitiativeExpectedProgress", column(values("InitiativeExpectedProgress")), items["expected"] + pad_items)
    compare("InitiativeStatus", column(values("InitiativeStatus")),
            [status_text[s] if s else None for s in items["status"]] + pad_items)

    chart = values("TimelineGantt")
    want_chart = gantt(spec) + [[None] * 53 for _ in range(spare_items)]
    if len(chart) != n_items:
        problems.append(f"TimelineGantt: {len(chart)} rows, expected {n_items}")
    else:
        for i, (got, want) in enumerate(zip(chart, want_chart)):
            compare(f"TimelineGantt[{i}]", got, want)
    marker = values("TimelineAsOfWeek")[0]
    week = as_of_week(spec)
    compare("TimelineAsOfWeek", marker, ["▼" if w == week else None for w in range(53)])
    months = values("TimelineMonthlyBudget")
    want_months = monthly_budget(spec) + [None] * spare_items
    for i, (got, want) in enumerate(zip(months, want_months)):
        compare(f"TimelineMonthlyBudget[{i}]", got, want if want is not None else [None] * 12)
    table = values("AlignmentTable")
    compare("AlignmentTable rows", [len(table)], [n_items])
    return problems
