"""The ``media`` section: the media calendar (KẾ HOẠCH TRUYỀN THÔNG), one channel per medium.

Each channel has a monthly spend (fiscal months, like the budget tracker), optional
impressions per month (for the cost per thousand) and an optional ``budget_line``:
the budget-tracker activity whose plan the channel's spend draws on. That name
must be one of the budget's activities; :func:`problems` checks it once the whole
spec has validated (the hook in :mod:`mktplan_xl.spec`).
"""

from __future__ import annotations

from typing import Annotated, Optional

from pydantic import Field

from .base import MAX_ITEMS, MonthAmounts, Name, Strict


class Channel(Strict):
    """One medium: spend per fiscal month, impressions per month, the budget line it draws on."""

    name: Name
    budget_line: Optional[Name] = None
    spend: MonthAmounts = Field(default_factory=list)
    impressions: MonthAmounts = Field(default_factory=list)


class Media(Strict):
    """The media calendar's channels (spare rows for more are added in the workbook)."""

    channels: Annotated[list[Channel], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)


def line_key(name: str) -> str:
    """How a workbook compares names (``=`` ignores case): the key a budget line is matched by."""
    return name.casefold()


def problems(media: Media, activity_names: list[str]) -> list[tuple[str, str]]:
    """(field path, message) for each channel whose ``budget_line`` is no budget activity."""
    known = {line_key(name) for name in activity_names}
    found = []
    for i, channel in enumerate(media.channels):
        line = channel.budget_line
        if line is not None and line_key(line) not in known:
            shown = ", ".join(activity_names[:8]) + (" …" if len(activity_names) > 8 else "")
            found.append((f"media.channels[{i}].budget_line",
                          f"{line[:80]!r} is not an activity of the budget tracker; use one of: {shown[:200]}"))
    return found
