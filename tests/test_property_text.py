"""Property (issue 7): arbitrary Unicode in every text field of a spec gives either exit 2
with a message naming the field, or a workbook whose every XML part parses and which
LibreOffice recalculates with no error cell.

Text fields are found by walking the pydantic models of :class:`PlanSpec`, so a
section added later is covered without editing this file. Workbooks are built
first and recalculated in one LibreOffice run.
"""

from __future__ import annotations

import itertools
import json
import re
import types
from pathlib import Path
from typing import Annotated, Any, Iterator, Optional, Union, get_args, get_origin

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, BeforeValidator

from mktplan_xl import cli
from mktplan_xl.recalc import recalculate
from mktplan_xl.spec import PlanSpec, field_path
from mktplan_xl.spec.base import FORBIDDEN_CHARACTERS, _xml_text
from mktplan_xl.templates import complete_spec
from xml_check import xml_problems

#: str fields that are codes checked against a list, not free text.
CODE_FIELDS = {"plan.currency"}
BASE = complete_spec({"plan": {"name": "Plan", "year": 2027, "language": "en"}})


def _text_kind(annotation: Any, metadata: tuple = ()) -> Optional[str]:
    """"checked" for the shared text types (Text, Name, LongText), "plain" for another str."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return _text_kind(base, (*metadata, *extra))
    if origin in (Union, types.UnionType):
        kinds = {_text_kind(a, metadata) for a in get_args(annotation) if a is not type(None)}
        return "plain" if "plain" in kinds else ("checked" if "checked" in kinds else None)
    if annotation is str:
        if any(isinstance(m, BeforeValidator) and getattr(m.func, "choice_of", None) for m in metadata):
            return None  # a choice among codes (spec.base.choice): no free text reaches the workbook
        checked = any(isinstance(m, BeforeValidator) and m.func is _xml_text for m in metadata)
        return "checked" if checked else "plain"
    return None


def _models_in(annotation: Any) -> Iterator[tuple[type[BaseModel], bool]]:
    """Models inside an annotation: (model, True) for a list of them, (model, False) for one."""
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, False
    elif origin is list:
        for inner in get_args(annotation):
            yield from ((m, True) for m, _ in _models_in(inner))
    elif origin in (Union, types.UnionType, Annotated):
        for inner in get_args(annotation):
            yield from _models_in(inner)


def text_fields(model: type[BaseModel], data: Any, prefix: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path, kind) of every str field reachable in ``data`` (lists: their first item)."""
    for name, field in model.model_fields.items():
        kind = _text_kind(field.annotation, tuple(field.metadata))
        if kind:
            yield prefix + (name,), kind
        value = data.get(name) if isinstance(data, dict) else None
        for sub, is_list in _models_in(field.annotation):
            if is_list and isinstance(value, list) and value:
                yield from text_fields(sub, value[0], prefix + (name, 0))
            elif not is_list and isinstance(value, dict):
                yield from text_fields(sub, value, prefix + (name,))


FIELDS = list(text_fields(PlanSpec, BASE))
#: Text fields that must name another field's text: they get the same text.
LINKED = {("media", "channels", 0, "budget_line"): ("budget", "activities", 0, "name")}
TEXT_PATHS = [path for path, kind in FIELDS if kind == "checked"]


def test_every_free_text_field_uses_a_shared_checked_type() -> None:
    plain = {field_path(path) for path, kind in FIELDS if kind == "plain"}
    assert plain <= CODE_FIELDS, f"use Text/Name/LongText from spec.base for {plain - CODE_FIELDS}"
    names = {field_path(p) for p in TEXT_PATHS}
    assert {"plan.name", "plan.company", "budget.activities[0].name", "budget.activities[0].group",
            "sales.products[0].name", "sales.products[0].unit"} <= names


SPECIAL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\t", "\n", "\r", "\ufffe", "\uffff", "\ud800",
           "\udfff", "\u0085", "\u2028", "\u202e", "\u00a0", "<", ">", "&", '"', "'", "]]>", "=", "@", "+",
           "-", "_x0041_", "#N/A", "😀", "\U0010ffff", "ñ", "中", " "]
ANY_CHAR = st.characters(exclude_categories=())                       # lone surrogates included
CLEAN_CHAR = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")


@st.composite
def texts(draw: Any) -> dict[tuple, str]:
    """Text for every text field: all writable in about half the examples, anything in the rest."""
    clean = draw(st.booleans())
    pieces = st.one_of(CLEAN_CHAR, st.sampled_from([s for s in SPECIAL if not FORBIDDEN_CHARACTERS.search(s)])) \
        if clean else st.one_of(ANY_CHAR, st.sampled_from(SPECIAL))
    out = {}
    for path in TEXT_PATHS:
        size = draw(st.sampled_from([8, 30, 300])) if not clean else 30
        out[path] = "".join(draw(st.lists(pieces, min_size=1, max_size=size)))
    for path, target in LINKED.items():
        if path in out and target in out:
            out[path] = out[target]
    return out


def _set(data: dict, path: tuple, value: str) -> None:
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _named(err: str) -> set[str]:
    return set(re.findall(r"^  (\S+): ", err, flags=re.M))


def test_arbitrary_text_gives_exit_2_naming_the_field_or_a_sound_workbook(soffice: str, tmp_path: Path,
                                                                          capsys) -> None:
    written: list[tuple[Path, dict[tuple, str]]] = []
    refused: list[str] = []
    numbers = itertools.count()

    @settings(max_examples=20, deadline=None, derandomize=True, database=None)
    @given(texts())
    def build(values: dict[tuple, str]) -> None:
        data = json.loads(json.dumps(BASE))
        for path, text in values.items():
            _set(data, path, text)
        n = next(numbers)
        spec, out = tmp_path / f"spec{n}.json", tmp_path / f"plan{n}.xlsx"
        spec.write_text(json.dumps(data), encoding="ascii")       # \ud800 travels as an escape
        code = cli.main(["new", str(out), "--spec", str(spec)])
        err = capsys.readouterr().err
        assert code in (0, 2), err
        paths = {field_path(p) for p in values}
        if code == 2:
            assert err.startswith("mktplan: error: ") and "Traceback" not in err and not out.exists()
            named = _named(err)
            assert named and named <= paths, err
            must = {field_path(p) for p, text in values.items() if FORBIDDEN_CHARACTERS.search(text)}
            assert must <= named, err
            refused.append(err)
        else:
            assert not any(FORBIDDEN_CHARACTERS.search(t) for t in values.values())
            assert xml_problems(out) == []
            written.append((out, values))

    build()
    assert written and refused, (len(written), len(refused))     # both outcomes were exercised
    out_dir = tmp_path / "recalculated"
    for (source, values), result in zip(written, recalculate([w for w, _ in written], out_dir)):
        assert xml_problems(result) == []
        book = openpyxl.load_workbook(result, data_only=True)
        errors = [(ws.title, c.coordinate, c.value) for ws in book.worksheets for row in ws.iter_rows()
                  for c in row if c.data_type == "e"]
        assert errors == [], source.name
        shown = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str)}
        name = values[("budget", "activities", 0, "name")].strip()
        if "\r" not in name and "_x" not in name:
            assert name in shown, (source.name, name)     # the budget lines survived LibreOffice
