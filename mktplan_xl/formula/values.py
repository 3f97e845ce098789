"""Values a formula can produce, Excel's error values, and the coercions between them.

Dates are serial numbers, as in Excel's 1900 date system (1 = 1900-01-01,
45658 = 2025-01-01); :func:`date_serial` and :func:`serial_date` convert.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Callable, Union

from ..xlerrors import ERROR_TEXT


class XlError:
    """An Excel error value such as ``#DIV/0!``."""

    __slots__ = ("code",)

    def __init__(self, code: str):
        self.code = code

    def __repr__(self) -> str:
        return self.code

    def __eq__(self, other: object) -> bool:
        return isinstance(other, XlError) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)


ERROR_CODES: dict[str, XlError] = {text: XlError(text) for text in ERROR_TEXT if text}
DIV0 = ERROR_CODES["#DIV/0!"]
VALUE = ERROR_CODES["#VALUE!"]
NUM = ERROR_CODES["#NUM!"]
NA = ERROR_CODES["#N/A"]
REF = ERROR_CODES["#REF!"]
NAME_ERROR = ERROR_CODES["#NAME?"]


class ArrayCache(dict):
    """Arrays (range values, array results, lookup indexes) kept for one evaluation run, so a range
    many formulas read is read once. Bounded: once it would hold more than ``limit`` values it
    starts over, so a plan of 20,000 lines does not keep a copy of every large range it computed."""

    def __init__(self, limit: int = 1_000_000):
        super().__init__()
        self.limit, self.held = limit, 0

    def keep(self, key: Any, value: Any, size: int) -> None:
        """Keep ``value`` (``size`` values) under ``key``."""
        if self.held + size > self.limit:
            self.clear()
        self.held += size
        self[key] = value

    def clear(self) -> None:
        super().clear()
        self.held = 0


def keep(cache: dict, key: Any, value: Any, size: int) -> None:
    """Store in an :class:`ArrayCache` (bounded) or in a plain dict."""
    if isinstance(cache, ArrayCache):
        cache.keep(key, value, size)
    else:
        cache[key] = value


class Array:
    """A rectangular block of values, the value of a range: ``values`` row by row, ``cols`` wide.

    ``Array(rows)`` takes rows of columns; :meth:`of` takes the flat values.
    """

    __slots__ = ("values", "cols", "numeric")

    def __init__(self, rows: list[list["Value"]]):
        self.cols = len(rows[0]) if rows else 0
        self.values: list = [v for row in rows for v in row]
        self.numeric: "list[float] | XlError | None" = None  # SUMPRODUCT's view, made once

    @classmethod
    def of(cls, values: list, cols: int) -> "Array":
        array = cls.__new__(cls)
        array.values, array.cols, array.numeric = values, cols, None
        return array

    @property
    def rows(self) -> list[list["Value"]]:
        cols = self.cols or 1
        return [self.values[i:i + cols] for i in range(0, len(self.values), cols)]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.values) // self.cols if self.cols else 0), self.cols

    def flat(self) -> list["Value"]:
        return self.values

    def map(self, fn: Callable[["Value"], "Value"]) -> "Array":
        return Array.of([fn(v) for v in self.values], self.cols)


Scalar = Union[float, int, str, bool, None, XlError]
Value = Union[Scalar, Array]
PLAIN_NUMBER = (int, float)

# --------------------------------------------------------------------------- dates

_EPOCH = _dt.date(1899, 12, 30)   # serial 0 as Excel counts from 1900-03-01 on
FIRST_DATE = _dt.date(1900, 3, 1)
LAST_DATE = _dt.date(9999, 12, 31)


def date_serial(value: _dt.date) -> int:
    """Excel serial number of a date (1900 date system; valid from 1900-03-01)."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    return (value - _EPOCH).days


def serial_date(serial: float) -> _dt.date:
    """The date of an Excel serial number (its whole part)."""
    return _EPOCH + _dt.timedelta(days=math.floor(serial))


# --------------------------------------------------------------------------- coercions

def to_number(v: Scalar) -> Union[float, int, XlError]:
    """A value as arithmetic sees it: blank 0, TRUE 1, numeric text its number, else #VALUE!."""
    if isinstance(v, XlError):
        return v
    if v is None:
        return 0
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    try:
        number = float(v)
    except ValueError:
        return VALUE
    return number if math.isfinite(number) else VALUE


def to_text(v: Scalar) -> str:
    """A value as ``&`` and text functions see it (numbers in General format)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(float(f"{v:.15g}"))
    return str(v)


def truthy(v: Value) -> Union[bool, XlError]:
    """A value as IF and NOT see it."""
    if isinstance(v, Array):
        v = v.values[0] if v.values else VALUE
    if isinstance(v, XlError):
        return v
    if isinstance(v, str):
        upper = v.upper()
        if upper in ("TRUE", "FALSE"):
            return upper == "TRUE"
        return VALUE
    return bool(v)


def first(v: Value) -> Scalar:
    """The top-left value of an array (implicit intersection aside, what a cell shows)."""
    if isinstance(v, Array):
        return v.values[0] if v.values else VALUE
    return v


def elementwise(fn: Callable[[Scalar], Scalar], v: Value) -> Value:
    return v.map(fn) if isinstance(v, Array) else fn(v)


def broadcast2(fn: Callable[[Scalar, Scalar], Scalar], a: Value, b: Value) -> Value:
    """Apply ``fn`` element by element; arrays must have the same shape (else #VALUE!)."""
    if not isinstance(a, Array) and not isinstance(b, Array):
        return fn(a, b)
    if isinstance(a, Array) and isinstance(b, Array):
        if a.shape != b.shape:
            return VALUE
        return Array.of([fn(x, y) for x, y in zip(a.values, b.values)], a.cols)
    if isinstance(a, Array):
        return a.map(lambda x: fn(x, b))
    return b.map(lambda y: fn(a, y))
