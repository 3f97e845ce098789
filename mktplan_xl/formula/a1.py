"""A1 notation: column letters, cell and range addresses, quoted sheet names.

Written by formulas (:func:`a1`, :func:`quote_sheet`) and read back by the
reader (:func:`parse_cell`, :func:`parse_range`, :func:`cell_name`). Ranges are
one cell or a rectangle (``'Budget tracker'!$D$10:$O$17``); whole columns or rows
(``A:A``, ``1:1``) are not A1 cell addresses here.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

#: Excel's grid: rows and columns of a sheet.
MAX_ROWS, MAX_COLS = 1_048_576, 16_384

_CELL = r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"
_A1 = re.compile(f"^{_CELL}$")
_PLAIN = re.compile(r"^([A-Za-z]{1,3})([0-9]{1,7})$")
_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!" + _CELL + r"(?::" + _CELL + r")?$")
_BARE_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


_LETTERS: dict[int, str] = {}   # column letters already worked out (formulas repeat a few columns)


def col_letter(col: int) -> str:
    """0-based column index to letters: 0 -> A, 26 -> AA."""
    known = _LETTERS.get(col)
    if known is not None:
        return known
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    if 0 <= col < MAX_COLS:
        _LETTERS[col] = letters
    return letters


def col_index(letters: str) -> int:
    """Column letters (any case) to a 0-based index: A -> 0, AA -> 26."""
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def a1(row: int, col: int, abs_row: bool = False, abs_col: bool = False) -> str:
    """0-based row/col to an A1 reference."""
    return f"{'$' if abs_col else ''}{col_letter(col)}{'$' if abs_row else ''}{row + 1}"


def _position(match: re.Match) -> tuple[int, int]:
    return int(match.group(2)) - 1, col_index(match.group(1))


def parse_a1(text: str) -> tuple[int, int]:
    """An A1 reference (``$`` allowed) to 0-based (row, col)."""
    match = _A1.match(text.strip())
    if not match:
        raise ValueError(f"not an A1 cell reference: {text!r}")
    return _position(match)


def parse_cell(text: str) -> Optional[tuple[int, int]]:
    """A cell reference as a sheet's XML writes it (``B7``: no ``$``, no spaces) to 0-based
    (row, col); None for anything else."""
    match = _PLAIN.match(text)
    return _position(match) if match else None


def parse_range(text: str) -> Optional[tuple[str, int, int, int, int]]:
    """``'Budget tracker'!$D$10:$O$17`` (or ``Sheet!B7``) to (sheet, row1, col1, row2, col2),
    0-based, the first corner top-left; None for anything else (``#REF!``, formulas, whole columns).
    Rows and columns are not checked against the grid."""
    match = _RANGE.match(text.strip())
    if not match:
        return None
    quoted, plain, c1, r1, c2, r2 = match.groups()
    sheet = quoted.replace("''", "'") if quoted is not None else plain
    row1, col1 = int(r1) - 1, col_index(c1)
    row2, col2 = (int(r2) - 1, col_index(c2)) if c2 else (row1, col1)
    return sheet, min(row1, row2), min(col1, col2), max(row1, row2), max(col1, col2)


def quote_sheet(name: str) -> str:
    """Sheet name as it must appear before ``!`` in a formula."""
    return "'" + name.replace("'", "''") + "'"


@functools.lru_cache(maxsize=256)
def _shown_sheet(name: str) -> str:
    return name if _BARE_SHEET.fullmatch(name) else quote_sheet(name)


def cell_name(sheet: str, row: int, col: int) -> str:
    """``Sheet!B7`` of a 0-based cell, for messages: the sheet quoted unless it is a plain name
    (letters, digits, ``_`` and ``.``), as in ``'Budget tracker'!B7``."""
    return f"{_shown_sheet(sheet)}!{col_letter(col)}{row + 1}"
