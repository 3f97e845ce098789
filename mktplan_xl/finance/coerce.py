"""Input coercion shared by every front-end.

Turns what Python callers and xlwings pass in (floats, ints, ``None``, text,
booleans, dates, nested lists, numpy arrays) into :class:`Coded` arrays: float
values plus per-element error codes. Rules, applied element by element:

* int or float (not bool): the number; NaN or infinity: ``#NUM!``;
* an Excel error text such as ``"#N/A"``: that error, passed through;
* anything else (other text, ``True``/``False``, ``None`` i.e. a blank cell,
  a date): ``#VALUE!``.

An integer too large for a float (``10**400``) is ``#NUM!``, never an
``OverflowError``. A numpy masked array counts its masked elements as blank
cells (``None``): ``#VALUE!`` in a number argument, skipped in ``discounts``
and ``competitor_prices``, 0 as an ``allocate`` weight. An empty or ragged
nested list is a single ``#VALUE!`` (:class:`ExcelError`).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import numpy as np

from .errors import ERROR_CODE, NUM, VALUE, ExcelError


class Coded:
    """Float values with a parallel uint8 error-code array (``None``: no errors)."""

    __slots__ = ("values", "codes")

    def __init__(self, values: np.ndarray, codes: np.ndarray | None = None):
        self.values = values
        self.codes = codes

    @property
    def shape(self) -> tuple[int, ...]:
        return self.values.shape

    def first_code(self) -> int:
        """The first error code in reading order, 0 if there is none."""
        if self.codes is None:
            return 0
        hits = np.flatnonzero(self.codes)
        return int(self.codes.flat[hits[0]]) if hits.size else 0


def bad(code: int) -> Coded:
    """A scalar that is an error value."""
    return Coded(np.array(math.nan), np.array(code, dtype=np.uint8))


def cell_code(value: Any) -> tuple[float, int]:
    """Coerce one cell value to ``(number, error code)``; the number is NaN on error."""
    kind = type(value)
    if kind is float or kind is int or isinstance(value, (np.floating, np.integer)):
        try:
            number = float(value)
        except OverflowError:
            return math.nan, NUM
        return (number, 0) if math.isfinite(number) else (math.nan, NUM)
    if kind is str:
        return math.nan, ERROR_CODE.get(value, VALUE)
    return math.nan, VALUE


def unmask(value: Any) -> Any:
    """A numpy masked array as a plain array, masked elements as ``None`` (blank cells)."""
    if not isinstance(value, np.ma.MaskedArray):
        return value
    mask = np.ma.getmaskarray(value)
    data = np.asarray(value.data)
    if not mask.any():
        return data
    out = data.astype(object)
    out[mask] = None
    return out


def object_array(value: Any) -> np.ndarray:
    """A nested list or array as an object array; an empty or ragged one is ``#VALUE!``."""
    value = unmask(value)
    try:
        array = np.array(value, dtype=object)
    except ValueError:
        raise ExcelError(VALUE, "ragged range") from None
    if array.size == 0:
        raise ExcelError(VALUE, "empty range")
    if any(isinstance(v, (list, tuple)) for v in array.flat):
        raise ExcelError(VALUE, "ragged range")
    return array


def map_cells(array: np.ndarray, convert: Callable[[Any], tuple[float, int]]) -> Coded:
    """Apply ``convert`` (cell -> (number, code)) to every element of ``array``."""
    values = np.empty(array.shape, dtype=np.float64)
    codes = np.zeros(array.shape, dtype=np.uint8)
    flat_values, flat_codes = values.reshape(-1), codes.reshape(-1)
    for i, item in enumerate(array.flat):
        flat_values[i], flat_codes[i] = convert(item)
    return Coded(values, codes if codes.any() else None)


def _numeric(values: np.ndarray) -> Coded:
    values = values.astype(np.float64, copy=False)
    finite = np.isfinite(values)
    if finite.all():
        return Coded(values)
    return Coded(values, np.where(finite, 0, NUM).astype(np.uint8))


def as_coded(value: Any) -> Coded:
    """Coerce a number, cell value, nested list or array to :class:`Coded`."""
    if isinstance(value, Coded):
        return value
    value = unmask(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        if value.size == 0:
            raise ExcelError(VALUE, "empty range")
        return _numeric(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        array = object_array(value)
        if {type(v) for v in array.flat} <= {float, int}:
            try:
                return _numeric(array.astype(np.float64))
            except OverflowError:
                pass
        return map_cells(array, cell_code)
    number, code = cell_code(value)
    return Coded(np.array(number), np.array(code, dtype=np.uint8) if code else None)


def broadcast_shape(shapes: list[tuple[int, ...]]) -> tuple[int, ...]:
    """Common shape of the arguments of an element-wise call.

    One-element arguments (scalars, 1x1 ranges) broadcast; every larger
    argument must have exactly the same shape, else ``#VALUE!`` is raised.
    """
    big = {s for s in shapes if math.prod(s) != 1}
    if len(big) > 1:
        raise ExcelError(VALUE, f"ranges of different shapes {sorted(big)}")
    if big:
        return big.pop()
    return max(shapes, key=len)


def _option_cell(options: Mapping[str, int]) -> Callable[[Any], tuple[float, int]]:
    def convert(item: Any) -> tuple[float, int]:
        if type(item) is str:
            found = options.get(item.strip().lower())
            if found is not None:
                return float(found), 0
            return math.nan, ERROR_CODE.get(item, VALUE)
        return math.nan, VALUE

    return convert


def choice(value: Any, options: Mapping[str, int]) -> int | Coded:
    """Map option text (case and surrounding spaces ignored) to its number.

    Unknown text or a non-text value is ``#VALUE!``; a range maps element-wise.
    """
    if type(value) is str:
        found = options.get(value.strip().lower())
        if found is not None:
            return found
    if isinstance(value, (list, tuple, np.ndarray)):
        return map_cells(object_array(value), _option_cell(options))
    _, code = _option_cell(options)(value)
    return bad(code)


def _logical_cell(item: Any) -> tuple[float, int]:
    kind = type(item)
    if kind is bool:
        return float(item), 0
    if kind is float or kind is int:
        number, code = cell_code(item)  # an int too large for a float is #NUM!
        return (float(number != 0), 0) if not code else (math.nan, code)
    if kind is str:
        return math.nan, ERROR_CODE.get(item, VALUE)
    return math.nan, VALUE


def logical(value: Any) -> int | Coded:
    """An Excel logical argument: TRUE/FALSE, or a number (non-zero is TRUE)."""
    if type(value) is bool:
        return int(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return map_cells(object_array(value), _logical_cell)
    number, code = _logical_cell(value)
    return bad(code) if code else int(number)


def series(value: Any, *, line: bool = False) -> list[float]:
    """The numbers of an aggregate argument (a discount chain, a list of prices).

    Blank cells are skipped, as Excel's SUM and AVERAGE do; text, booleans
    and error values raise :class:`ExcelError`. ``line=True`` requires a single
    row or column.
    """
    if isinstance(value, (list, tuple)) and all(type(v) is float or type(v) is int for v in value):
        items: list[Any] = list(value)  # a flat list of numbers: the common, fast case
    else:
        array = object_array(value) if isinstance(value, (list, tuple, np.ndarray)) else np.array([value], dtype=object)
        if line and sum(1 for n in array.shape if n > 1) > 1:
            raise ExcelError(VALUE, "expected a single row or column")
        items = [v for v in array.tolist() if v is not None] if array.ndim == 1 else [
            v for v in array.reshape(-1).tolist() if v is not None]
    numbers: list[float] = []
    for item in items:
        number, code = cell_code(item)
        if code:
            raise ExcelError(code)
        numbers.append(number)
    return numbers


def scalar_number(value: Any) -> float:
    """A single number (a 1x1 range counts); anything else raises :class:`ExcelError`."""
    if type(value) is float or type(value) is int:
        number, code = cell_code(value)  # an int too large for a float is #NUM!
        if code:
            raise ExcelError(code)
        return number
    coded = as_coded(value)
    if coded.values.size != 1:
        raise ExcelError(VALUE, "expected a single value")
    code = coded.first_code()
    if code:
        raise ExcelError(code)
    return float(coded.values.reshape(-1)[0])
