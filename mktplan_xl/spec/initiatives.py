"""The ``initiatives`` section: strategies and initiatives serving the marketing sub-goals (seed 003).

::

    initiatives:
      budget_cap: 1000000       # what all initiatives together may spend, in the plan's currency
      items:
        - {id: I1, goal: G1, strategy: "...", initiative: "...", owner: "...", budget: 200000,
           start: 2027-09-01, end: 2027-09-30, kpi: video views, target: 5000000, actual: 3200000,
           budget_line: Digital marketing}

``goal`` is the id of a sub-goal in ``objectives``; ``budget_line`` the name of
a budget-tracker activity the money comes from. Errors name the field: a
duplicate id, an end before its start, a negative budget, and (checked across
sections by :func:`link_problems`, one of ``spec.CROSS_CHECKS``) a goal that is no
sub-goal and a budget line that is no activity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

from pydantic import Field, model_validator

from .base import MAX_ITEMS, Amount, LongText, Name, Number, Strict, Text
from .objectives import A_GOAL, Id, PlanDate, Problem, goal_index, raise_problems
from .problems import shown

if TYPE_CHECKING:
    from . import PlanSpec


class Initiative(Strict):
    """One initiative: what is done for which sub-goal, by whom, when, for how much, measured how."""

    id: Id
    goal: Id
    strategy: LongText = ""
    initiative: LongText = ""
    owner: Text = ""
    budget: Optional[Amount] = None
    start: Optional[PlanDate] = None
    end: Optional[PlanDate] = None
    kpi: Text = ""
    target: Optional[Number] = None
    actual: Optional[Number] = None
    budget_line: Optional[Name] = None

    @model_validator(mode="after")
    def _end_after_start(self) -> "Initiative":
        if self.start is not None and self.end is not None and self.end < self.start:
            raise_problems("Initiative", [(("end",), f"ends {self.end.isoformat()}, before its start "
                                           f"{self.start.isoformat()}", self.end.isoformat())])
        return self


class Initiatives(Strict):
    """The initiatives and the cap on what they may spend together."""

    budget_cap: Optional[Amount] = None
    items: Annotated[list[Initiative], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> "Initiatives":
        seen: dict[str, int] = {}
        problems: list[Problem] = []
        for i, item in enumerate(self.items):
            first = seen.setdefault(item.id.casefold(), i)
            if first != i:
                problems.append((("items", i, "id"), f"duplicate id {shown(item.id)} (also items[{first}].id); "
                                 "ids must differ, ignoring case", item.id))
        raise_problems("Initiatives", problems)
        return self


def link_problems(spec: "PlanSpec") -> list[Problem]:
    """Across sections: each initiative's goal is a sub-goal, its budget line a budget activity."""
    goals = spec.objectives.goals
    index = goal_index(goals)
    activities = {a.name.casefold() for a in spec.budget.activities}
    problems: list[Problem] = []
    for i, item in enumerate(spec.initiatives.items):
        found = index.get(item.goal.casefold())
        if found is None:
            problems.append((("initiatives", "items", i, "goal"),
                             f"no goal in objectives.goals has the id {shown(item.goal)}", item.goal))
        elif goals[found].level != "sub_goal":
            problems.append((("initiatives", "items", i, "goal"),
                             f"an initiative serves a sub-goal; {shown(item.goal)} is "
                             f"{A_GOAL[goals[found].level]}", item.goal))
        if item.budget_line is not None and item.budget_line.casefold() not in activities:
            problems.append((("initiatives", "items", i, "budget_line"),
                             f"no activity of the budget is named {shown(item.budget_line)}", item.budget_line))
    return problems
