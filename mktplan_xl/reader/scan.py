"""Formulas and error values of a sheet's cells (for ``mktplan check``), which calamine does not
report: a regular-expression pass over the sheet's XML, or a streaming XML parse where that
pass cannot tell a cell's position."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Iterator, Optional

from defusedxml import ElementTree as SafeET

from ..formula.a1 import parse_cell
from .safety import ReadError, short_reason
from .workbook import Workbook, local_name


@dataclass(frozen=True)
class ScannedCell:
    row: int
    col: int
    formula: bool
    error: Optional[str]
    kind: str           # the cell's t attribute (n, s, str, b, e, inlineStr) or "" for a number
    has_value: bool


_CELL = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?c\s*>)""", re.S)
_ATTRS = re.compile(rb"""\b([rt])\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FORMULA = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?f\b""")
_VALUE = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?v\s*>(.*?)</""", re.S)


def scan_sheet(workbook: Workbook, sheet: str) -> list[ScannedCell]:
    """Every cell of a sheet with whether it holds a formula and its error value, if any.

    A regular-expression pass over the sheet's XML (which :func:`~.workbook.open_workbook`'s checks
    and calamine have already parsed); a sheet with cells that give no reference is read with a
    full XML parser instead. Kept in ``workbook.scans``."""
    if sheet not in workbook.scans:
        info = workbook.sheet(sheet)
        if info is None or info.part not in workbook.package.parts:
            workbook.scans[sheet] = []
        else:
            cells = _scan_fast(workbook.package.read(info.part))
            workbook.scans[sheet] = cells if cells is not None else list(_scan_xml(workbook, sheet))
    return workbook.scans[sheet]


def _scan_fast(data: bytes) -> Optional[list[ScannedCell]]:
    out = []
    for match in _CELL.finditer(data):
        attrs = {m.group(1): (m.group(2) if m.group(2) is not None else m.group(3))
                 for m in _ATTRS.finditer(match.group(1))}
        position = parse_cell(attrs.get(b"r", b"").decode("ascii", "replace"))
        if position is None:
            return None
        kind = attrs.get(b"t", b"").decode("ascii", "replace")
        inner = match.group(2) or b""
        value_match = _VALUE.search(inner)
        value = value_match.group(1).decode("utf-8", "replace").strip() if value_match else None
        out.append(ScannedCell(*position, bool(_FORMULA.search(inner)), value if kind == "e" else None, kind,
                               value not in (None, "") or b"<is" in inner))
    return out


def _scan_xml(workbook: Workbook, sheet: str) -> Iterator[ScannedCell]:
    info = workbook.sheet(sheet)
    try:
        data = workbook.package.read(info.part)
        last_row = -1
        for _, element in SafeET.iterparse(io.BytesIO(data), events=("end",), forbid_dtd=True):
            tag = local_name(element.tag)
            if tag == "row":
                element.clear()
                continue
            if tag != "c":
                continue
            ref = element.get("r")
            if ref:
                position = parse_cell(ref)
                if position is None:
                    continue
                row, col = position
            else:  # cells without r follow each other
                row, col = max(last_row, 0), 0
            last_row = row
            kind = element.get("t", "")
            formula, value = False, None
            for child in element:
                child_tag = local_name(child.tag)
                if child_tag == "f":
                    formula = True
                elif child_tag == "v":
                    value = child.text
                elif child_tag == "is":
                    value = "".join(child.itertext())
            error = value if kind == "e" else None
            yield ScannedCell(row, col, formula, error, kind, value not in (None, ""))
            element.clear()
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"{workbook.path}: sheet {sheet!r} cannot be read ({short_reason(exc)})") from None
