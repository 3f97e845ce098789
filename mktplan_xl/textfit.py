"""How tall a row must be to show wrapped text: Excel keeps a row's stored height, and LibreOffice
does not re-fit rows when it opens a workbook, so rows holding long texts get a height."""

from __future__ import annotations

import math
import unicodedata
from typing import Iterable, Optional

#: Height of one line of 11-point text in a row, in points (the one line height of every sheet).
LINE_HEIGHT = 15.0
MAX_LINES = 6           # a row never grows beyond this (the cell still holds all the text)


def text_width(text: Optional[str]) -> int:
    """Width of a text in Excel's character units: East Asian wide characters count twice."""
    if not text:
        return 0
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def display_width(text: str) -> float:
    """Width in character cells (a column's width counts digits): East Asian wide characters take two,
    other letters a little less than a digit on average."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 0.9 for ch in text)


def lines(text: Optional[str], width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide."""
    if not text:
        return 1
    usable = max(1.0, width - 1.5)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in str(text).split("\n"))


def row_height(cells: Iterable[tuple[Optional[str], float]]) -> Optional[float]:
    """Height for a row of (text, column width) pairs, or None when one line is enough."""
    needed = max((lines(text, width) for text, width in cells), default=1)
    return None if needed <= 1 else LINE_HEIGHT * min(needed, MAX_LINES)


def write_note(sheet, row: int, col1: int, col2: int, text: str, style: str = "goals_note") -> None:
    """A note merged over columns ``col1``..``col2``, wrapped, its row as tall as the text needs."""
    sheet.merge(row, col1, row, col2, text, style)
    width = sum(sheet.col_widths.get(col, 8.43) for col in range(col1, col2 + 1))
    height = row_height([(text, width)])
    if height:
        sheet.row_heights[row] = height


#: Characters a Summary label shows (its column is about this wide); longer names are cut with "…".
LABEL_WIDTH = 44


def fit_label(label: str, name: str, limit: int = LABEL_WIDTH) -> str:
    """``label`` (a template with ``{}``) filled with ``name``, the name cut with "…" so the whole fits
    ``limit`` character cells; East Asian wide characters count two."""
    width = text_width
    room = limit - width(label.format(""))
    if width(name) <= room:
        return label.format(name)
    cut = ""
    for ch in name:
        if width(cut + ch) > room - 1:
            break
        cut += ch
    return label.format(cut.rstrip() + "…")
