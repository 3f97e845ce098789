"""Spec field paths: their parts, and the type of value each leaf holds (from PlanSpec itself).

A field path as sheets declare it: ``budget.activities[*].plan``. The part
before ``[*]`` is the *list* (``budget.activities``), the rest the item's
field (``plan``). The leaf type is found by walking the pydantic models, so a
section added later needs no code here.
"""

from __future__ import annotations

import datetime as _dt
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Optional

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import PlanSpec


@dataclass(frozen=True)
class FieldPath:
    """``budget.activities[*].plan`` → list ``budget.activities``, item field ``plan``."""

    text: str
    list_path: Optional[tuple[str, ...]]   # path of the list, or None for a field outside lists
    leaf: tuple[str, ...]                  # field inside the item (or the whole path)

    @classmethod
    def parse(cls, text: str) -> "FieldPath":
        if "[*]" in text:
            head, _, tail = text.partition("[*]")
            if "[*]" in tail:
                raise ValueError(f"field {text}: one [*] at most")
            return cls(text, tuple(head.split(".")), tuple(p for p in tail.split(".") if p))
        return cls(text, None, tuple(text.split(".")))

    @property
    def list_name(self) -> str:
        return ".".join(self.list_path or ())

    @property
    def column(self) -> str:
        return ".".join(self.leaf)


@dataclass(frozen=True)
class LeafType:
    """What a leaf holds: ``base`` (str, int, float, bool, date or "any") and whether it is a list."""

    base: Any
    is_list: bool
    literal: tuple = ()


def _unwrap(annotation: Any) -> tuple[Any, bool, tuple]:
    """(base type, is list, literal values) of an annotation."""
    is_list = False
    literal: tuple = ()
    for _ in range(20):
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in args if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else Any
        elif origin in (list, tuple, set, frozenset):
            if is_list:
                return Any, True, ()
            is_list = True
            annotation = args[0] if args else Any
        elif origin is typing.Literal:
            literal = args
            kinds = {type(a) for a in args}
            annotation = kinds.pop() if len(kinds) == 1 else Any
        else:
            break
    return annotation, is_list, literal


@functools.lru_cache(maxsize=None)
def leaf_type(path: str) -> LeafType:
    """The type of the value at a field path (Any when the path is not in PlanSpec)."""
    model: Any = PlanSpec
    parts = path.replace("[*]", ".[*]").split(".")
    result = LeafType(Any, False)
    for index, part in enumerate(p for p in parts if p):
        if part == "[*]":
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return LeafType(Any, False)
        base, is_list, literal = _unwrap(model.model_fields[part].annotation)
        model = base
        result = LeafType(base, is_list, literal)
    return result


@functools.lru_cache(maxsize=None)
def series_length(path: str) -> Optional[int]:
    """The most values a list field holds (``max_length`` of its annotation), or None."""
    return _max_length(_metadata(path))


@functools.lru_cache(maxsize=None)
def whole_year(path: str) -> bool:
    """Whether a monthly list is empty or holds all twelve months (:data:`~.base.WHOLE_YEAR`)."""
    from .base import WholeYear

    return any(isinstance(item, WholeYear) for item in _metadata(path))


@functools.lru_cache(maxsize=None)
def _field_info(path: str) -> Optional[FieldInfo]:
    """The pydantic field at ``path`` (``budget.activities[*].plan``), None when it is not in PlanSpec."""
    model: Any = PlanSpec
    info: Optional[FieldInfo] = None
    for part in (p for p in path.replace("[*]", ".[*]").split(".") if p):
        if part == "[*]":
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        model = _unwrap(info.annotation)[0]
    return info


def _metadata(path: str) -> list:
    """The metadata of the field at ``path`` (constraints and markers), [] when it is not in PlanSpec."""
    info = _field_info(path)
    return list(info.metadata) if info is not None else []


def _max_length(metadata: list) -> Optional[int]:
    for item in metadata:
        length = getattr(item, "max_length", None)
        if length is not None:
            return int(length)
    return None


@functools.lru_cache(maxsize=None)
def accepts_blank(path: str) -> bool:
    """Whether a spec field accepts None (a blank cell); True for a path outside PlanSpec."""
    info = _field_info(path)
    if info is None:
        return True
    annotation = info.annotation
    origin = typing.get_origin(annotation)
    return (origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)) \
        or annotation is None


def coerce(value: Any, base: Any) -> tuple[Any, Optional[str]]:
    """A cell value as the field wants it; (value, problem) where problem says why it does not fit."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None, None
    if base is str:
        if isinstance(value, bool):
            return ("TRUE" if value else "FALSE"), None
        if isinstance(value, float) and value.is_integer():
            return str(int(value)), None
        if isinstance(value, (_dt.date, _dt.datetime)):
            return value.isoformat()[:10] if not isinstance(value, _dt.datetime) or not (
                value.hour or value.minute or value.second) else value.isoformat(), None
        return (value if isinstance(value, str) else str(value)), None
    if base in (int, float):
        if isinstance(value, bool):
            return value, "TRUE/FALSE in a number cell"
        if isinstance(value, int):
            return value, None
        if isinstance(value, (int, float)):
            if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
                return int(value), None
            if base is int:
                return value, "a fraction where a whole number belongs"
            return value, None
        if isinstance(value, _dt.datetime):
            return value, "a date in a number cell"
        if isinstance(value, _dt.date):
            return value, "a date in a number cell"
        return value, f"text {_shown(value)} in a number cell"
    if base is bool:
        if isinstance(value, bool):
            return value, None
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value), None
        return value, f"{_shown(value)} where TRUE or FALSE belongs"
    if base is _dt.date or base is _dt.datetime:
        if isinstance(value, _dt.datetime):
            return (value.date() if base is _dt.date else value), None
        if isinstance(value, _dt.date):
            return value, None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 2958466:
            from ..formula.values import serial_date
            return serial_date(float(value)), None
        return value, f"{_shown(value)} where a date belongs"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value), None
    return value, None


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
