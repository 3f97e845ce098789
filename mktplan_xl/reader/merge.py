"""Putting the inputs read over the stored spec: items matched by key, fields no sheet holds kept."""

from __future__ import annotations

from typing import Any, Iterable, Optional

from ..spec.fields import accepts_blank, leaf_type
from .slots import InputSlot, key_slot


# merging into the stored spec ---------------------------------------------------------

def get_path(data: Any, path: Iterable[str]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def set_path(data: dict[str, Any], path: tuple[str, ...], value: Any, blank_default: bool = False) -> None:
    for part in path[:-1]:
        child = data.get(part)
        if not isinstance(child, dict):
            child = data[part] = {}
        data = child
    if value is None and blank_default:
        full = ".".join(path)
        kind = leaf_type(full)
        if kind.base is str and not accepts_blank(full):
            value = ""
        elif not accepts_blank(full):
            data.pop(path[-1], None)  # the field's default applies
            return
    data[path[-1]] = value


def _key_text(value: Any) -> Optional[str]:
    return value.strip().casefold() if isinstance(value, str) and value.strip() else None


def merge_list(spec_data: dict[str, Any], stored: dict[str, Any], group: list[InputSlot],
                items: list[dict[str, Any]]) -> None:
    """Put the items read over the stored list: a stored item is matched by its key (name),
    else by position, so fields that are not inputs are carried over."""
    list_path = group[0].field.list_path
    key = key_slot(group)
    if key.area is None:
        return  # the list's names are not in this workbook: keep what is stored
    stored_items = get_path(spec_data, list_path)  # spec_data is a fresh parse: its items can be reused
    stored_items = [i for i in stored_items if isinstance(i, dict)] if isinstance(stored_items, list) else []
    key_leaf = key.field.column
    if not key.field.leaf:  # a list of plain values (budget.groups[*]): the items are the values
        set_path(spec_data, list_path, [item.get("") for item in items])
        return
    by_key: dict[str, int] = {}
    for index, item in enumerate(stored_items):
        text = _key_text(get_path(item, key.field.leaf))
        if text is not None:
            by_key.setdefault(text, index)
    read_keys = {_key_text(item.get(key_leaf)) for item in items}
    used: set[int] = set()
    merged = []
    for index, item in enumerate(items):
        match = by_key.get(_key_text(item.get(key_leaf)) or "")
        if match is None and index < len(stored_items) and index not in used:
            old_key = _key_text(get_path(stored_items[index], key.field.leaf))
            if old_key not in read_keys:
                match = index
        if match is not None and match in used:
            match = None
        base = stored_items[match] if match is not None else {}
        if match is not None:
            used.add(match)
        for slot in group:
            if slot.area is None:
                continue
            value = item.get(slot.field.column)
            item_path = slot.field.list_name + "[*]." + slot.field.column
            target = base
            for part in slot.field.leaf[:-1]:
                if not isinstance(target.get(part), dict):
                    target[part] = {}
                target = target[part]
            leaf = slot.field.leaf[-1]
            if value is None and leaf_type(item_path).base is str and not accepts_blank(item_path):
                value = ""
            if value is None and not accepts_blank(item_path) and slot is not key:
                target.pop(leaf, None)
            else:
                target[leaf] = as_long_as(target.get(leaf), value)
        merged.append(base)
    set_path(spec_data, list_path, merged)


def as_long_as(stored: Any, value: Any) -> Any:
    """A list read back (always its full length) cut to the stored list's length when the cells
    past it are blank: the spec said ``[880, 990]`` and nothing was typed after, so it stays so."""
    if isinstance(stored, list) and isinstance(value, list) and len(stored) < len(value) \
            and all(v is None for v in value[len(stored):]):
        return value[:len(stored)]
    return value
