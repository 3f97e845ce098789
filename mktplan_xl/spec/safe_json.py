"""JSON for untrusted specs: the standard C decoder, with duplicate keys refused.

``json.loads`` keeps the last of two equal keys; here a duplicate is refused
with the line of both. The decoder's hook sees keys but no positions, so only
when it finds a duplicate is the text scanned again, with a light tokenizer, to
name the lines. Deep nesting and integers too long to read are refused too.
"""

from __future__ import annotations

import json
import re
from typing import Any, Optional

from .base import MAX_ITEMS
from .problems import shown
from .safe_yaml import MAX_DEPTH, Refused


class _Duplicate(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique(pairs: list[tuple[str, Any]]) -> dict:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set = set()
        for key, _ in pairs:
            if key in seen:
                raise _Duplicate(key)
            seen.add(key)
    return data


def load_json(text: str) -> Any:
    """The data of a JSON text; :class:`json.JSONDecodeError` for broken JSON."""
    try:
        data = json.loads(text, object_pairs_hook=_unique)
    except _Duplicate as dup:
        raise locate_duplicate(text) or Refused(f"duplicate key {shown(dup.key)}") from None
    except RecursionError:
        raise Refused(f"nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of more than 4,300 digits
        raise Refused("cannot read a number: too many digits") from None
    if isinstance(data, (dict, list)):
        _check_sizes(data)
    return data


def _check_sizes(data: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH and lists or objects longer than MAX_ITEMS."""
    todo: list[tuple[Any, str, int]] = [(data, "", 0)]
    while todo:
        node, path, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise Refused(f"{path or '(top level)'}: nested more than {MAX_DEPTH} levels deep")
        if len(node) > MAX_ITEMS:
            what = "a list of" if isinstance(node, list) else "an object of"
            raise Refused(f"{path or '(top level)'}: {what} more than {MAX_ITEMS:,} items")
        items = enumerate(node) if isinstance(node, list) else node.items()
        for key, value in items:
            if type(value) is dict or type(value) is list:
                child = f"{path}[{key}]" if isinstance(node, list) else (f"{path}.{key}" if path else str(key))
                child = child if len(child) <= 80 else child[:79] + "…"
                todo.append((value, child, depth + 1))


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],]')


class _Level:
    __slots__ = ("is_object", "keys", "expect_key", "key", "index")

    def __init__(self, is_object: bool):
        self.is_object = is_object
        self.keys: dict[str, int] = {}
        self.expect_key = is_object
        self.key: Any = None
        self.index = 0


def locate_duplicate(text: str) -> Optional[Refused]:
    """The first duplicate key of a valid JSON ``text``, with its path and lines."""
    levels: list[_Level] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == '"':
            level = levels[-1] if levels else None
            if level is None or not level.is_object or not level.expect_key:
                continue
            key = json.loads(token)
            level.expect_key = False
            if key in level.keys:
                line = text.count("\n", 0, match.start()) + 1
                first_line = text.count("\n", 0, level.keys[key]) + 1
                path = _path(levels[:-1]) or "(top level)"
                return Refused(f"{path}: duplicate key {shown(key)} (first at line {first_line}); "
                                   f"the second would silently replace the first", line)
            level.keys[key] = match.start()
            level.key = key
        elif first in "{[":
            levels.append(_Level(first == "{"))
        elif first in "}]":
            levels.pop()
        elif levels:  # a comma
            level = levels[-1]
            level.expect_key = level.is_object
            level.index += 1
    return None


def _path(levels: list[_Level]) -> str:
    out = ""
    for level in levels:
        out += (("." if out else "") + str(level.key)) if level.is_object else f"[{level.index}]"
    return out if len(out) <= 80 else out[:79] + "…"
