"""The names catalogue: every defined name of a plan workbook, in one place.

Each sheet declares its names (:class:`~mktplan_xl.sheets.protocol.DefinedName`);
this module gathers them with the sheet that defines each, for the builders
(which refuse an undeclared name), the tests and the reader. README's table
of names is generated here: ``python -m mktplan_xl.names``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from . import meta
from .sheets import REGISTRY
from .sheets.protocol import DefinedName


@dataclass(frozen=True)
class NameEntry:
    """A defined name with the key of the sheet it points into."""

    sheet: str
    info: DefinedName

    @property
    def name(self) -> str:
        return self.info.name


@functools.lru_cache(maxsize=None)
def catalogue() -> tuple[NameEntry, ...]:
    """Every defined name, sheet by sheet in registry order, then the metadata names."""
    entries = [NameEntry(cls.key, info) for cls in REGISTRY for info in cls.names]
    entries += [NameEntry(meta.META_KEY, info) for info in meta.NAMES]
    seen: dict[str, str] = {}
    for entry in entries:
        lowered = entry.name.lower()
        if lowered in seen:
            raise ValueError(f"defined name {entry.name} is declared by {seen[lowered]} and {entry.sheet}")
        seen[lowered] = entry.sheet
    return tuple(entries)


def entry(name: str) -> NameEntry:
    """The catalogue entry of ``name`` (KeyError if there is none)."""
    for item in catalogue():
        if item.name == name:
            return item
    raise KeyError(name)


def inputs() -> tuple[NameEntry, ...]:
    """The names of the cells a user types into, each with the spec field it carries."""
    return tuple(e for e in catalogue() if e.info.is_input)


def markdown_table() -> str:
    """README's table of defined names."""
    from .templates import Labels

    labels = Labels("en")
    sheet_names = dict(labels("sheets"))
    lines = ["| name | sheet | holds | spec field |", "|---|---|---|---|"]
    for item in catalogue():
        info = item.info
        sheet = sheet_names.get(item.sheet, "(hidden)" if item.sheet == meta.META_KEY else item.sheet)
        holds = info.holds + (f" ({info.when})" if info.when else "")
        field = f"`{info.field}`" if info.field else ""
        lines.append(f"| `{info.name}` | {sheet} | {holds} | {field} |")
    return "\n".join(lines)


def schema_fingerprint() -> str:
    """A hash of the workbook layout a reader relies on: every defined name with its sheet, spec
    field, kind and condition, and every input table with its columns. When it changes,
    :data:`mktplan_xl.meta.SCHEMA_VERSION` is raised and the new fingerprint recorded in
    :data:`mktplan_xl.meta.SCHEMA_FINGERPRINTS` (tests/test_schema.py says so)."""
    import hashlib
    import json

    from .tables import input_tables

    names = [[e.sheet, e.name, e.info.field, e.info.kind, e.info.optional, e.info.when] for e in catalogue()]
    tables = [[name, list(table.columns)] for name, table in input_tables().items()]
    text = json.dumps({"names": names, "tables": tables}, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


START, END = "<!-- names:start -->", "<!-- names:end -->"


def update_readme(path: str) -> bool:
    """Replace README's table between the markers; True if the file changed."""
    from pathlib import Path

    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{START}\n{markdown_table()}\n{END}{tail}"
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--fingerprint"]:
        print(schema_fingerprint())
    elif sys.argv[1:2] == ["--update-readme"]:
        print("README updated" if update_readme(sys.argv[2] if len(sys.argv) > 2 else "README.md")
              else "README already up to date")
    else:
        print(markdown_table())
