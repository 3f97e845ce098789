"""YAML for untrusted specs: libyaml parses, a small iterative builder makes the data.

libyaml (PyYAML's ``CSafeLoader``; PyYAML's own parser without it) turns the text
into events; :func:`load_yaml` builds dicts, lists and scalars from them without
recursion, refusing what could exhaust memory or crash the interpreter:

* nesting deeper than :data:`MAX_DEPTH` (libyaml's own composer recurses in C
  and crashes on about 100,000 nested brackets);
* aliases that expand to more than :data:`MAX_ALIAS_VALUES` values in total
  (a "billion laughs" file is a few hundred bytes);
* a list or mapping of more than ``MAX_ITEMS`` entries, while parsing rather
  than after building it all;
* a key given twice in one mapping (both lines are named);
* a document after the first.

Otherwise the data equal ``yaml.safe_load``'s: the same implicit types, merge
keys (``<<``), timestamps, explicit scalar tags. One addition from YAML 1.2: a
plain number with an exponent and no dot or sign (``1e5``, ``1.0e5``, ``1e308``)
is a number, where YAML 1.1 reads it as text.
"""

from __future__ import annotations

import re
import sys
from typing import Any, Optional

import yaml
from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                         MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                         StreamEndEvent, StreamStartEvent)
from yaml.nodes import ScalarNode

from .base import MAX_ITEMS
from .problems import shown

MAX_DEPTH = 64
MAX_ALIAS_VALUES = 1_000_000

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _NULL, _BOOL, _MERGE_TAG = (_TAG + t for t in ("str", "int", "float", "null", "bool", "merge"))
_SEQ_TAGS = (None, "!", _TAG + "seq")
_MAP_TAGS = (None, "!", _TAG + "map")


class _EventSource(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's events plus PyYAML's safe resolver and scalar constructors."""


_EventSource.add_implicit_resolver(
    _FLOAT, re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+.0123456789"))


class Refused(ValueError):
    """Well-formed YAML or JSON that is refused; ``line`` is 1-based (0: unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


def _refused(message: str, mark: Any = None) -> Refused:
    """A :class:`Refused` at a YAML mark."""
    return Refused(message, mark.line + 1 if mark is not None else 0)


class _Merge:
    """The ``<<`` merge key."""


_MERGE = _Merge()


class _Frame:
    """A list or mapping being built."""

    __slots__ = ("data", "key", "has_key", "lines", "merges", "anchor", "start", "mark")

    def __init__(self, data: Any, anchor: Optional[str], start: int, mark: Any):
        self.data = data
        self.key: Any = None
        self.has_key = False
        self.lines: dict[Any, int] = {}
        self.merges: list[tuple[Any, Any]] = []
        self.anchor = anchor
        self.start = start
        self.mark = mark


def load_yaml(text: str) -> Any:
    """The data of a single YAML document (None when there is none)."""
    source = _EventSource(text)
    try:
        return _Builder(source).document()
    except yaml.MarkedYAMLError:
        # libyaml's scanner may stop first on deep flow nesting ([[[[...); say it in our words.
        line = _too_deep_flow(text)
        if line:
            raise Refused(f"nested more than {MAX_DEPTH} levels deep", line) from None
        raise
    finally:
        source.dispose()


def _too_many_digits(value: str) -> bool:
    """Whether Python refuses ``value`` as an integer for its length (``sys.get_int_max_str_digits``)."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
    return bool(limit) and sum(char.isdigit() for char in value) > limit


def _too_deep_flow(text: str) -> int:
    """The 1-based line where flow collections ([ and {) nest deeper than MAX_DEPTH; 0 if nowhere.

    Quoted scalars and comments are skipped; only used after the parser has failed."""
    depth, line, quote, previous = 0, 1, "", " "
    i, size = 0, len(text)
    while i < size:
        char = text[i]
        if char == "\n":
            line += 1
        if quote:
            if char == "\\" and quote == '"':
                i += 1
                line += text[i:i + 1] == "\n"
            elif char == quote:
                quote = ""
        elif char in "'\"" and previous in " \t\n[{,:":
            quote = char
        elif char == "#" and previous in " \t\n":
            end = text.find("\n", i)
            i = size if end < 0 else end
            continue
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
        previous = char
        i += 1
    return 0


class _Builder:
    def __init__(self, source: Any):
        self.source = source
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0      # values built, aliases counted at their full size
        self.expanded = 0   # values added through aliases

    # events ---------------------------------------------------------------------
    def document(self) -> Any:
        get = self.source.get_event
        event = get()
        if type(event) is StreamStartEvent:
            event = get()
        if type(event) is StreamEndEvent:
            return None
        if type(event) is not DocumentStartEvent:  # pragma: no cover - libyaml guarantees it
            raise _refused("expected a YAML document", event.start_mark)
        root = self._node_events(get)
        event = get()
        if type(event) is DocumentStartEvent:
            raise _refused("a spec file holds one YAML document; found a second one (---)",
                              event.start_mark)
        return root

    def _node_events(self, get: Any) -> Any:
        stack = self.stack
        root: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                value, size = self._scalar(event), 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is AliasEvent:
                value, size = self._alias(event)
            elif kind is SequenceStartEvent or kind is MappingStartEvent:
                self._open(event, kind is SequenceStartEvent)
                continue
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                frame = stack.pop()
                value, size = self._close(frame), 0
            elif kind is DocumentEndEvent:
                return root
            else:  # pragma: no cover - no other event comes inside a document
                raise _refused(f"unexpected YAML event {kind.__name__}", event.start_mark)
            self.nodes += size
            if stack:
                self._add(stack[-1], value, event)
            else:
                root = value

    def _open(self, event: Any, is_list: bool) -> None:
        tags = _SEQ_TAGS if is_list else _MAP_TAGS
        if event.tag not in tags:
            raise _refused(f"the tag {event.tag} is not used in a plan spec", event.start_mark)
        if len(self.stack) >= MAX_DEPTH:
            raise _refused(f"{self._path()}: nested more than {MAX_DEPTH} levels deep",
                              event.start_mark)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.nodes += 1
        self.stack.append(_Frame([] if is_list else {}, event.anchor, self.nodes, event.start_mark))

    def _close(self, frame: _Frame) -> Any:
        data = frame.data
        if frame.merges:
            merged: dict = {}
            for value, mark in frame.merges:
                parts = value if isinstance(value, list) else [value]
                for part in reversed(parts):
                    if not isinstance(part, dict):
                        raise _refused("a merge (<<) takes a mapping or a list of mappings", mark)
                    merged.update(part)
            merged.update(data)
            data = merged
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (data, self.nodes - frame.start + 1)
        return data

    def _alias(self, event: Any) -> tuple[Any, int]:
        name = event.anchor
        if name in self.open_anchors:
            raise _refused(f"the alias *{name} refers to a value that contains it", event.start_mark)
        if name not in self.anchors:
            raise _refused(f"the alias *{name} has no anchor &{name} before it", event.start_mark)
        value, size = self.anchors[name]
        self.expanded += size
        if self.expanded > MAX_ALIAS_VALUES:
            raise _refused(f"aliases (*{name} and others) expand to more than {MAX_ALIAS_VALUES:,} "
                              f"values; write the values out instead", event.start_mark)
        return value, size

    def _add(self, frame: _Frame, value: Any, event: Any) -> None:
        data = frame.data
        if type(data) is list:
            if len(data) >= MAX_ITEMS:
                raise _refused(f"{self._path()}: a list of more than {MAX_ITEMS:,} items "
                                  f"(starting at line {frame.mark.line + 1})", event.start_mark)
            data.append(value)
        elif not frame.has_key:
            self._key(frame, value, event)
        else:
            frame.has_key = False
            if frame.key is _MERGE:
                frame.merges.append((value, event.start_mark))
            else:
                data[frame.key] = value

    def _key(self, frame: _Frame, key: Any, event: Any) -> None:
        if isinstance(key, (list, dict)):
            raise _refused(f"{self._path()}: a key must be a plain value, not a "
                              f"{'list' if isinstance(key, list) else 'mapping'}", event.start_mark)
        line = event.start_mark.line + 1
        if key is not _MERGE:
            first = frame.lines.get(key)
            if first is not None:
                raise _refused(f"{self._path()}: duplicate key {shown(key)} (first at line {first}); "
                                  f"the second would silently replace the first", event.start_mark)
            if len(frame.lines) >= MAX_ITEMS:
                raise _refused(f"{self._path()}: a mapping of more than {MAX_ITEMS:,} keys",
                                  event.start_mark)
            frame.lines[key] = line
        frame.key = key
        frame.has_key = True

    def _path(self) -> str:
        """Where the builder is, as a spec field path (``budget.activities[3]``)."""
        out = ""
        for frame in self.stack:
            if type(frame.data) is list:
                out += f"[{len(frame.data)}]"
            elif frame.has_key and frame.key is not _MERGE:
                out += ("." if out else "") + str(frame.key)
        return (out if len(out) <= 80 else out[:79] + "…") or "(top level)"

    # scalars --------------------------------------------------------------------
    def _scalar(self, event: Any) -> Any:
        value, tag = event.value, event.tag
        if tag is None or tag == "!":
            tag = self.source.resolve(ScalarNode, value, event.implicit)
        if tag == _STR:
            return value
        if tag == _INT and value.isdigit() and value.isascii() and (value[0] != "0" or len(value) == 1):
            return self._number(int, value, event)
        if tag == _FLOAT and ":" not in value and "." != value[:1]:
            try:
                return float(value)
            except ValueError:
                pass
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return self.source.bool_values[value.lower()]
        if tag == _MERGE_TAG:
            return _MERGE if self.stack and type(self.stack[-1].data) is dict \
                and not self.stack[-1].has_key else value
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        return self._number(lambda _: self.source.construct_object(node, deep=True), value, event)

    def _number(self, make: Any, value: str, event: Any) -> Any:
        try:
            return make(value)
        except ValueError:  # an integer of more than 4,300 digits, a bad date
            shown = repr(value) if len(value) <= 40 else repr(value[:40]) + "..."
            reason = "too many digits" if _too_many_digits(value) else "not a valid number or date"
            raise _refused(f"{self._path()}: cannot read the value {shown}: {reason}",
                           event.start_mark) from None
