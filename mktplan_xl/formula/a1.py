"""A1 notation: column letters, cell and range addresses, quoted sheet names."""

from __future__ import annotations

import re

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


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
    if 0 <= col < 16384:
        _LETTERS[col] = letters
    return letters


def col_index(letters: str) -> int:
    """Column letters to a 0-based index: A -> 0, AA -> 26."""
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def a1(row: int, col: int, abs_row: bool = False, abs_col: bool = False) -> str:
    """0-based row/col to an A1 reference."""
    return f"{'$' if abs_col else ''}{col_letter(col)}{'$' if abs_row else ''}{row + 1}"


def parse_a1(text: str) -> tuple[int, int]:
    """An A1 reference (``$`` allowed) to 0-based (row, col)."""
    match = _A1.match(text.strip())
    if not match:
        raise ValueError(f"not an A1 cell reference: {text!r}")
    return int(match.group(2)) - 1, col_index(match.group(1))


def quote_sheet(name: str) -> str:
    """Sheet name as it must appear before ``!`` in a formula."""
    return "'" + name.replace("'", "''") + "'"
