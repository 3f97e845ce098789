"""The ``objectives`` section: the goal breakdown, enterprise → unit → marketing sub-goal (seed 003).

One list of goals in three levels linked by ``parent``::

    objectives:
      max_stretch: 0.5          # a target more than 50 % away from its baseline is not "Achievable"
      goals:
        - {id: E1, level: enterprise, goal: "...", metric: market share, unit: "%",
           baseline: 10, target: 15, current: 11, deadline: 2027-12-31}
        - {id: U1, level: unit, parent: E1, goal: "...", contribution: 3, ...}
        - {id: G1, level: sub_goal, parent: U1, dimension: sales, relevance: high, ...}

Every field but ``id`` and ``level`` may be left out: the workbook's SMART
check shows what is missing. What the workbook cannot follow is an error
naming the field: a duplicate id (ids are compared ignoring case, as Excel
does), a parent that does not exist, parents that form a cycle, a parent at
the wrong level (a unit's parent is an enterprise goal, a sub-goal's parent a
unit; an enterprise goal has none), an unknown level, dimension or relevance,
a date that is not a date.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Optional

from pydantic import BeforeValidator, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from .base import MAX_ITEMS, Amount, LongText, Name, Number, Strict, Text, choice
from .problems import shown

LEVELS = ("enterprise", "unit", "sub_goal")
DIMENSIONS = ("brand", "user", "sales", "channel")
RELEVANCE = ("high", "medium", "low")
#: The level each level's parent must have (enterprise goals have no parent).
PARENT_LEVEL = {"unit": "enterprise", "sub_goal": "unit"}
A_GOAL = {"enterprise": "an enterprise goal", "unit": "a unit goal", "sub_goal": "a sub-goal"}
#: Dates a spreadsheet can hold (1900 date system, without the 1900 leap-year bug).
FIRST_DATE = _dt.date(1900, 3, 1)
LAST_DATE = _dt.date(9999, 12, 31)


def _id_text(value: Any) -> Any:
    """An id written as a whole number (``id: 7``) is the text "7"."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _date(value: Any) -> Any:
    """A date, or ISO text YYYY-MM-DD (JSON specs, dates stored in a workbook)."""
    if isinstance(value, _dt.datetime):
        if value.time() != _dt.time():
            raise ValueError(f"not a date: {shown(value)} has a time of day; write YYYY-MM-DD")
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"not a date: {shown(value)}; write a date as YYYY-MM-DD, e.g. 2027-12-31")


def _in_range(value: _dt.date) -> _dt.date:
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"{value.isoformat()} is outside the dates a spreadsheet holds "
                         f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})")
    return value


Id = Annotated[Name, BeforeValidator(_id_text)]
PlanDate = Annotated[_dt.date, BeforeValidator(_in_range), BeforeValidator(_date)]
Level = choice(LEVELS, "objectives.levels", "level")
Dimension = choice(DIMENSIONS, "objectives.dimensions", "dimension")
Relevance = choice(RELEVANCE, "objectives.relevances", "relevance")
#: The largest stretch a goal may have and still be "Achievable" (0.5 = 50 % of its baseline).
Stretch = Annotated[float, Field(strict=True, ge=0, le=1e6, allow_inf_nan=False)]


class Goal(Strict):
    """One goal of the breakdown: what, how it is measured, from where to where, by when."""

    id: Id
    level: Level
    parent: Optional[Id] = None
    dimension: Optional[Dimension] = None     # sub-goals: brand, user, sales or channel
    goal: LongText = ""
    metric: Text = ""
    unit: Text = ""
    baseline: Optional[Number] = None
    target: Optional[Number] = None
    current: Optional[Number] = None
    deadline: Optional[PlanDate] = None
    relevance: Optional[Relevance] = None     # sub-goals: strategic relevance high, medium or low
    contribution: Optional[Amount] = None     # units: weight of the budget split


class Objectives(Strict):
    """The goal breakdown and the largest stretch that still counts as achievable."""

    max_stretch: Stretch = 0.5
    goals: Annotated[list[Goal], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _links(self) -> "Objectives":
        raise_problems("Objectives", goal_problems(self.goals))
        return self


Problem = tuple[tuple, str, Any]


def raise_problems(title: str, problems: list[Problem]) -> None:
    """Raise the problems as one validation error, each at its own field (``goals[3].parent``)."""
    if problems:
        raise ValidationError.from_exception_data(title, [
            InitErrorDetails(type=PydanticCustomError("plan_link", "{message}", {"message": message}),
                             loc=loc, input=value)
            for loc, message, value in problems])


def goal_index(goals: list[Goal]) -> dict[str, int]:
    """Position of each id, keyed ignoring case (the first of duplicates)."""
    index: dict[str, int] = {}
    for i, goal in enumerate(goals):
        index.setdefault(goal.id.casefold(), i)
    return index


def goal_problems(goals: list[Goal]) -> list[Problem]:
    """Duplicate ids, unknown parents, cycles and parents at the wrong level."""
    problems: list[Problem] = []
    index = goal_index(goals)
    for i, goal in enumerate(goals):
        first = index[goal.id.casefold()]
        if first != i:
            problems.append((("goals", i, "id"), f"duplicate id {shown(goal.id)} (also goals[{first}].id); "
                             "ids must differ, ignoring case", goal.id))
    parents: dict[int, int] = {}
    for i, goal in enumerate(goals):
        if goal.parent is None:
            continue
        found = index.get(goal.parent.casefold())
        if found is None:
            problems.append((("goals", i, "parent"), f"no goal has the id {shown(goal.parent)}", goal.parent))
        else:
            parents[i] = found
    in_cycle: set[int] = set()
    for i in range(len(goals)):
        path, seen, node = [], set(), i
        while node in parents and node not in seen and node not in in_cycle:
            seen.add(node)
            path.append(node)
            node = parents[node]
        if node in seen:
            cycle = path[path.index(node):]
            in_cycle.update(cycle)
            chain = " → ".join(goals[k].id for k in cycle + [node])
            start = min(cycle)
            problems.append((("goals", start, "parent"), f"the parents form a cycle: {chain}",
                             goals[start].parent))
    for i, goal in enumerate(goals):
        if i in in_cycle or goal.parent is None or i not in parents:
            continue
        parent = goals[parents[i]]
        wanted = PARENT_LEVEL.get(goal.level)
        if wanted is None:
            problems.append((("goals", i, "parent"), "an enterprise goal has no parent", goal.parent))
        elif parent.level != wanted:
            problems.append((("goals", i, "parent"),
                             f"the parent of {A_GOAL[goal.level]} must be {A_GOAL[wanted]}; "
                             f"{shown(parent.id)} is {A_GOAL[parent.level]}", goal.parent))
    return problems
