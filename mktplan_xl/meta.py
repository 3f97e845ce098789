"""What a workbook says about itself: document properties and the spec it was made from.

The spec is stored as JSON in a very hidden sheet (``mktplan_meta``), split
into cells of at most :data:`CHUNK` characters under the defined name
``MktplanSpec``, so a filled workbook can be turned back into a spec and
regenerated. The custom document properties carry the schema version and the
plan's calendar and currency for tools that only read properties.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .model import WorkbookModel
from .sheets.protocol import BuildOptions, DefinedName
from .spec import PlanSpec

#: Changes whenever the layout of a workbook changes (sheets, names, what a name holds).
SCHEMA_VERSION = 2
#: The layout of each schema version (:func:`mktplan_xl.names.schema_fingerprint`). A change
#: of names, fields, kinds or table columns raises SCHEMA_VERSION and adds its fingerprint here.
SCHEMA_FINGERPRINTS = {2: "b4d00463523157e3"}
META_SHEET = "mktplan_meta"
META_KEY = "meta"
#: Characters per cell; far below Excel's 32,767 even when every character takes two UTF-16 units.
CHUNK = 8000

NAMES = (
    DefinedName("MktplanSchema", "layout version of the workbook (an integer)"),
    DefinedName("MktplanSpec", "the spec the workbook was made from, as JSON split over cells"),
)
_NOT_IN_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _version() -> str:
    from . import __version__
    return __version__


def spec_document(spec: PlanSpec, options: BuildOptions) -> dict[str, Any]:
    """The JSON document stored in a workbook."""
    return {"schema": SCHEMA_VERSION, "generator": f"mktplan-xl {_version()}",
            "options": _options(options), "spec": spec.model_dump(mode="json")}


def _options(options: BuildOptions) -> dict[str, Any]:
    out: dict[str, Any] = {"udfs": options.udfs}
    if options.units:  # roll-ups: what the "by unit" sheet shows, so the workbook can be rebuilt
        from dataclasses import asdict
        out["units"] = [asdict(unit) for unit in options.units]
    return out


def dumps(document: dict[str, Any]) -> str:
    """JSON text safe in XML: characters XML cannot hold are written as \\u escapes."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return _NOT_IN_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def add_meta(model: WorkbookModel, spec: PlanSpec, options: BuildOptions) -> None:
    """The very hidden sheet with the stored spec, its names, and the custom document properties."""
    info = spec.plan
    model.custom_properties.update({
        "mktplan_schema": SCHEMA_VERSION, "mktplan_version": _version(), "language": info.language,
        "year": info.year, "fiscal_year_start": info.fiscal_year_start, "currency": info.currency,
        "display_unit": info.display_unit})
    text = dumps(spec_document(spec, options))
    chunks = [text[i:i + CHUNK] for i in range(0, len(text), CHUNK)] or [""]
    sheet = model.add_sheet(META_KEY, META_SHEET, visibility="very_hidden")
    sheet.page.fit_width = 0
    sheet.set(0, 0, "mktplan-xl: the spec this workbook was made from (JSON); do not edit")
    sheet.set(1, 0, SCHEMA_VERSION)
    sheet.set(1, 1, "schema")
    for i, chunk in enumerate(chunks):
        sheet.set(3 + i, 0, chunk)
    model.define("MktplanSchema", sheet.ref(1, 0, True))
    model.define("MktplanSpec", sheet.area(3, 0, 3 + len(chunks) - 1, 0, True))


def load_document(chunks: list[Any]) -> dict[str, Any]:
    """The stored document from the cells of ``MktplanSpec`` (blank cells skipped)."""
    return json.loads("".join(c for c in chunks if isinstance(c, str)))
