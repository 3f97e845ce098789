"""The parts of a checked .xlsx a reader needs: sheets, defined names, properties, cells.

Defined names, sheet states, relationships and document properties come from
the package's XML (parsed with defusedxml: fast and safe). Cell values come
from python-calamine (``engine="calamine"``, the default) or openpyxl
(``engine="openpyxl"``, kept for comparison and as a fallback). Formulas and
error values, which calamine does not report, come from
:func:`~mktplan_xl.reader.scan.scan_sheet` (used by ``mktplan check``). A1
addresses are read and written with :mod:`mktplan_xl.formula.a1`.
"""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from defusedxml import ElementTree as SafeET

from ..formula.a1 import MAX_COLS, MAX_ROWS, cell_name, col_index, parse_range
from .safety import Package, ReadError, short_reason

_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def local_name(tag: str) -> str:
    """An XML tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _attr(element: Any, name: str) -> Optional[str]:
    """An attribute by local name, whatever its namespace."""
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return None


@dataclass(frozen=True)
class Area:
    """Where a defined name points: a sheet and a rectangle (0-based, inclusive)."""

    sheet: str
    row1: int
    col1: int
    row2: int
    col2: int

    @property
    def rows(self) -> int:
        return self.row2 - self.row1 + 1

    @property
    def cols(self) -> int:
        return self.col2 - self.col1 + 1

    def a1(self, row: int, col: int) -> str:
        """``Sheet!B7`` of the cell at (row, col) inside this area."""
        return cell_name(self.sheet, self.row1 + row, self.col1 + col)


def parse_destination(text: str) -> Optional[Area]:
    """``'Budget tracker'!$D$10:$O$17`` as an :class:`Area`; None for anything else (#REF!, formulas)."""
    found = parse_range(text)
    return None if found is None else Area(*found)


@dataclass
class SheetInfo:
    name: str
    state: str          # visible, hidden, veryHidden
    part: str           # e.g. xl/worksheets/sheet2.xml


@dataclass
class Workbook:
    """A checked workbook: its sheets, workbook-scoped defined names and properties."""

    package: Package
    sheets: list[SheetInfo]
    names: dict[str, str]                      # defined name -> its text (workbook scope)
    properties: dict[str, Any]                 # custom document properties
    engine: str = "calamine"
    _grids: dict[str, list[list[Any]]] = field(default_factory=dict, repr=False)
    _reader: Any = field(default=None, repr=False)
    scans: dict[str, list] = field(default_factory=dict, repr=False)   # by scan.scan_sheet

    @property
    def path(self):
        return self.package.path

    def sheet(self, name: str) -> Optional[SheetInfo]:
        for info in self.sheets:
            if info.name == name:
                return info
        lowered = name.casefold()
        for info in self.sheets:
            if info.name.casefold() == lowered:
                return info
        return None

    def destination(self, name: str) -> Optional[Area]:
        """Where a workbook-scoped name points, or None if it is missing or broken."""
        text = self.names.get(name)
        if text is None:
            lowered = name.lower()
            text = next((t for n, t in self.names.items() if n.lower() == lowered), None)
        if text is None:
            return None
        area = parse_destination(text)
        if area is None or self.sheet(area.sheet) is None:
            return None
        return Area(self.sheet(area.sheet).name, area.row1, area.col1, area.row2, area.col2)

    # values ----------------------------------------------------------------
    def grid(self, sheet: str) -> list[list[Any]]:
        """Every cell value of a sheet from A1, rows of columns; blanks are None."""
        if sheet not in self._grids:
            self._grids[sheet] = self._load_grid(sheet)
        return self._grids[sheet]

    def values(self, area: Area) -> list[list[Any]]:
        grid = self.grid(area.sheet)
        out = []
        for r in range(area.row1, area.row2 + 1):
            row = grid[r] if r < len(grid) else ()
            out.append([row[c] if c < len(row) else None for c in range(area.col1, area.col2 + 1)])
        return out

    def value(self, sheet: str, row: int, col: int) -> Any:
        grid = self.grid(sheet)
        if row < len(grid) and col < len(grid[row]):
            return grid[row][col]
        return None

    def _load_grid(self, sheet: str) -> list[list[Any]]:
        try:
            if self.engine == "openpyxl":
                return self._openpyxl_grid(sheet)
            return self._calamine_grid(sheet)
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"{self.path}: sheet {sheet!r} cannot be read ({short_reason(exc)})") from None

    def _calamine_grid(self, sheet: str) -> list[list[Any]]:
        import python_calamine

        if self._reader is None:
            guard_calamine_open(self.package)
            self._reader = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(self.package.data))
        info = self.sheet(sheet)
        if info is not None:
            guard_sheet_size(self.package, info.part)
        rows = self._reader.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return [[None if v == "" else v for v in row] for row in rows]

    def _openpyxl_grid(self, sheet: str) -> list[list[Any]]:
        import openpyxl

        if self._reader is None:
            self._reader = openpyxl.load_workbook(io.BytesIO(self.package.data), read_only=True,
                                                  data_only=True, keep_links=False)
        ws = self._reader[sheet]
        return [[None if v == "" else v for v in row] for row in ws.iter_rows(values_only=True)]

    def close(self) -> None:
        if self._reader is not None and hasattr(self._reader, "close"):
            try:
                self._reader.close()
            except Exception:
                pass
        self._reader = None


# python-calamine trusts sizes written in the file (a shared-string count, the largest cell
# reference) and aborts the whole process when an allocation that large fails; so they are
# checked here first.
#: Most cells (rows x columns of the used area) a sheet may span to be read.
MAX_CELLS = 25_000_000
_COUNT = re.compile(rb"""\b(?:count|uniqueCount)\s*=\s*["']\s*(\d{1,30})""")
#: Cell references with a column of two letters or more, or a row of five digits or more: the
#: only ones that can lie outside the grid or make the used area large.
#: (Led by the literal "r", then a look back that it starts the attribute's name: fast.)
_LARGE_REF = re.compile(rb"""r(?<![\w.-]r)\s*=\s*["']\s*([A-Za-z]{2,}[0-9]+|[A-Za-z]*[0-9]{5,})""")
# the opening tag of a cell with a large reference; group 2 is "/" for an empty, self-closing cell
_FILLED_CELL = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?(?<![\w.-])r\s*=\s*["']\s*([A-Za-z]{2,}[0-9]+|[A-Za-z]+[0-9]{5,})"""
                          rb"""\s*["'][^>]*?(/?)>""")


def guard_calamine_open(package: Package) -> None:
    """Counts in the parts calamine reads on opening must fit in those parts."""
    for name in package.parts:
        lowered = name.lower()
        if lowered in ("[content_types].xml", "_rels/.rels") or lowered.startswith("xl/_rels/"):
            package.read(name)  # checked before calamine reads it
            continue
        if not lowered.startswith("xl/") or "/" in lowered[3:] or not lowered.endswith(".xml"):
            continue
        data = package.read(name)
        shared = lowered.endswith("sharedstrings.xml")  # its count is references, not entries
        for match in _COUNT.finditer(data):
            if shared and not match.group(0).startswith(b"unique"):
                continue
            if int(match.group(1)) > len(data):
                raise ReadError(f"{package.path}: part {name} is damaged (it claims {int(match.group(1)):,} "
                                f"entries in {len(data):,} bytes)")


def guard_sheet_size(package: Package, part: str) -> None:
    """A sheet's cell references must lie inside Excel's grid, and its used area be readable.

    Only references with a row of five digits or more, or a column of two letters or more, can
    matter, so only those are looked at (a regular-expression scan, not a loop over every cell).
    The used area counts cells that can hold something: an empty row or a self-closing cell (as
    LibreOffice writes at row 1,048,576 after a row is deleted) is formatting only."""
    if part not in package.parts:
        return
    data = package.read(part)
    _used_area(set(_LARGE_REF.findall(data)), package, part)          # bounds of every reference
    max_row, max_col = _used_area({m.group(1) for m in _FILLED_CELL.finditer(data) if not m.group(2)},
                                  package, part)
    if max_row * max_col > MAX_CELLS:
        raise ReadError(f"{package.path}: a sheet spans {max_row:,} rows × {max_col:,} columns, more than "
                        f"the {MAX_CELLS:,} cells a plan workbook can be read with")


def _used_area(refs: set[bytes], package: Package, part: str) -> tuple[int, int]:
    """The largest row and column of ``refs`` (at least 9,999 × 26); refuses one outside the grid."""
    max_row, max_col = 9_999, 26
    for ref in refs:
        split = len(ref) - len(ref.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
        letters, digits = ref[:split], ref[split:]
        row = int(digits) if len(digits) <= 8 else MAX_ROWS + 1
        col = col_index(letters.decode("ascii")) + 1 if 0 < len(letters) <= 3 else \
            (MAX_COLS + 1 if letters else 0)
        max_row, max_col = max(max_row, row), max(max_col, col)
    if max_row > MAX_ROWS or max_col > MAX_COLS:
        raise ReadError(f"{package.path}: part {part} is damaged (a cell lies outside the sheet's "
                        f"{MAX_ROWS:,} rows and {MAX_COLS:,} columns)")
    return max_row, max_col


def open_workbook(package: Package, engine: str = "calamine") -> Workbook:
    """Parse the workbook part, its relationships and the custom properties."""
    path = package.path
    try:
        parts = set(package.parts)
        workbook_part = _office_document(package, parts)
        root = SafeET.fromstring(package.read(workbook_part))
        rels = _relationships(package, parts, workbook_part)
        sheets: list[SheetInfo] = []
        names: dict[str, str] = {}
        for element in root.iter():
            tag = local_name(element.tag)
            if tag == "sheet":
                rid = _attr(element, "id")
                target = rels.get(rid or "", "")
                sheets.append(SheetInfo(element.get("name", ""), element.get("state", "visible"),
                                        target))
            elif tag == "definedName" and element.get("localSheetId") is None:
                name = element.get("name", "")
                if name and not name.startswith("_xlnm."):
                    names[name] = element.text or ""
        properties = _custom_properties(package, parts)
    except ReadError:
        raise
    except Exception as exc:  # XML that is not well-formed, defusedxml refusals, damaged parts
        raise ReadError(f"{path}: the workbook's structure cannot be read ({short_reason(exc)})") from None
    if not sheets:
        raise ReadError(f"{path}: the workbook has no sheets")
    return Workbook(package, sheets, names, properties, engine)


def _office_document(archive: Any, parts: set[str]) -> str:
    if "_rels/.rels" in parts:
        root = SafeET.fromstring(archive.read("_rels/.rels"))
        for rel in root:
            if (rel.get("Type") or "").endswith("/officeDocument"):
                target = _resolve("", rel.get("Target") or "")
                if target in parts:
                    return target
    if "xl/workbook.xml" in parts:
        return "xl/workbook.xml"
    raise ReadError("the workbook has no workbook part (xl/workbook.xml)")


def _relationships(archive: Any, parts: set[str], part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", name + ".rels")
    if rels_part not in parts:
        return {}
    root = SafeET.fromstring(archive.read(rels_part))
    return {rel.get("Id", ""): _resolve(folder, rel.get("Target") or "") for rel in root
            if rel.get("TargetMode") != "External"}


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _custom_properties(archive: Any, parts: set[str]) -> dict[str, Any]:
    part = "docProps/custom.xml"
    if "_rels/.rels" in parts:
        for rel in SafeET.fromstring(archive.read("_rels/.rels")):
            if (rel.get("Type") or "").endswith("/custom-properties"):
                part = _resolve("", rel.get("Target") or "")
    if part not in parts:
        return {}
    out: dict[str, Any] = {}
    for prop in SafeET.fromstring(archive.read(part)):
        name = prop.get("name")
        for value in prop:
            out[name] = _typed(local_name(value.tag), value.text or "")
    return out


def _typed(kind: str, text: str) -> Any:
    try:
        if kind in ("i1", "i2", "i4", "i8", "int", "ui1", "ui2", "ui4", "ui8", "uint"):
            return int(text)
        if kind in ("r4", "r8", "decimal"):
            value = float(text)
            return int(value) if value.is_integer() else value
        if kind == "bool":
            return text.strip().lower() in ("true", "1")
    except ValueError:
        return text
    return text
