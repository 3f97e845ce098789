"""What changed between two versions of a plan, input by input (``mktplan diff A.xlsx B.xlsx``).

Both workbooks are read back; their specs are compared field by field. Items
of a list (budget lines, products, and the items of any later sheet) are
matched by name, so a line moved or inserted shows as itself; a month list
gives one row per month that changed. Each change is (field, item, month, old,
new); an item only in A or only in B shows every value it has as removed or
added.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from .core import read_plan

_MISSING = object()


@dataclass(frozen=True)
class Change:
    field: str            # budget.activities[*].plan
    item: str             # the item's name ("" outside lists)
    month: Optional[int]  # 1-based position in a month list, else None
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "item": self.item, "month": self.month, "old": self.old, "new": self.new}


def diff_plans(a: Path, b: Path) -> list[Change]:
    """Every input that differs between plan workbooks ``a`` and ``b``."""
    first, second = read_plan(a), read_plan(b)
    first.close()
    second.close()
    return list(diff_specs(first.spec_data, second.spec_data))


def diff_specs(a: Any, b: Any, path: str = "", item: str = "") -> Iterator[Change]:
    if isinstance(a, dict) or isinstance(b, dict):
        a = a if isinstance(a, dict) else {}
        b = b if isinstance(b, dict) else {}
        for key in list(a) + [k for k in b if k not in a]:
            yield from diff_specs(a.get(key, None), b.get(key, None), f"{path}.{key}" if path else key, item)
        return
    if _item_list(a) or _item_list(b):
        yield from _diff_items(a or [], b or [], path)
        return
    if isinstance(a, list) or isinstance(b, list):
        a_list = a if isinstance(a, list) else []
        b_list = b if isinstance(b, list) else []
        for m in range(max(len(a_list), len(b_list))):
            old = a_list[m] if m < len(a_list) else None
            new = b_list[m] if m < len(b_list) else None
            if not _same(old, new):
                yield Change(path, item, m + 1, old, new)
        return
    if not _same(a, b):
        yield Change(path, item, None, a, b)


def _item_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _key(item: dict) -> str:
    name = item.get("name")
    return str(name).strip().casefold() if name is not None else ""


def _diff_items(a: list, b: list, path: str) -> Iterator[Change]:
    b_by_key: dict[str, list[dict]] = {}
    for entry in b:
        b_by_key.setdefault(_key(entry), []).append(entry)
    field = f"{path}[*]"
    for entry in a:
        matches = b_by_key.get(_key(entry))
        other = matches.pop(0) if matches else {}
        name = str(entry.get("name", ""))
        yield from _diff_item(entry, other, field, name)
    for rest in b_by_key.values():
        for entry in rest:
            yield from _diff_item({}, entry, field, str(entry.get("name", "")))


def _diff_item(a: dict, b: dict, field: str, name: str) -> Iterator[Change]:
    for key in list(a) + [k for k in b if k not in a]:
        if key == "name" and a and b:
            continue
        yield from diff_specs(a.get(key), b.get(key), f"{field}.{key}", name)


def _same(a: Any, b: Any) -> bool:
    if a in (None, "", []) and b in (None, "", []):
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b
