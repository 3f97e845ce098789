"""Run one formula on scalars (fast, plain floats) or on arrays (numpy).

Each formula is written once as ``formula(g, *args)`` with ``g`` a guard:
``g.num(cond)``, ``g.div0(cond)`` flag domain errors and ``g.div(a, b)``
divides. With plain floats the guard raises at the first failing check; with
arrays it records masks and the first failing check wins per element. Both
paths therefore give the same value or the same error for every element.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from .coerce import Coded, as_coded, broadcast_shape
from .errors import DIV0, ERROR_TEXT, NUM, ExcelError

Formula = Callable[..., Any]
_isfinite = math.isfinite
_ERROR_TEXT_ARRAY = np.array(ERROR_TEXT, dtype=object)


class ScalarGuard:
    """Guard for plain floats: a failing check raises :class:`ExcelError`."""

    __slots__ = ()

    def num(self, failed: bool) -> None:
        if failed:
            raise ExcelError(NUM)

    def div0(self, failed: bool) -> None:
        if failed:
            raise ExcelError(DIV0)

    @staticmethod
    def div(a: float, b: float) -> float:
        # Checks raise before any guarded division by zero; a zero divisor only
        # reaches here in the branch that select() discards.
        return a / b if b else math.nan


class ArrayGuard:
    """Guard for arrays: records ``(mask, code)``; resolved by :meth:`codes`."""

    __slots__ = ("_marks",)

    def __init__(self) -> None:
        self._marks: list[tuple[Any, int]] = []

    def _mark(self, failed: Any, code: int) -> None:
        if failed is False or not np.any(failed):
            return
        self._marks.append((failed, code))

    def num(self, failed: Any) -> None:
        self._mark(failed, NUM)

    def div0(self, failed: Any) -> None:
        self._mark(failed, DIV0)

    @staticmethod
    def div(a: Any, b: Any) -> Any:
        return np.divide(a, b)

    def codes(self, shape: tuple[int, ...], result: np.ndarray, inputs: list[np.ndarray]) -> np.ndarray:
        """Error codes: input errors (first argument first), then checks in order, then non-finite."""
        codes = np.zeros(shape, dtype=np.uint8)
        if result.dtype.kind == "f":
            np.copyto(codes, NUM, where=~np.isfinite(result))
        for failed, code in reversed(self._marks):
            np.copyto(codes, code, where=failed)
        for arg_codes in reversed(inputs):
            np.copyto(codes, arg_codes, where=arg_codes != 0)
        return codes


SCALAR = ScalarGuard()


def select(cond: Any, a: Any, b: Any) -> Any:
    """``a`` where ``cond`` holds, else ``b`` (a plain ``if`` for scalars)."""
    if cond is True or cond is False:
        return a if cond else b
    return np.where(cond, a, b)


class ArrayResult:
    """An element-wise result: ``values`` plus uint8 error ``codes`` (0: valid).

    Values at error positions are NaN (or empty text for text results).
    """

    __slots__ = ("values", "codes")

    def __init__(self, values: np.ndarray, codes: np.ndarray):
        self.values = values
        self.codes = codes

    @property
    def shape(self) -> tuple[int, ...]:
        return self.values.shape

    @property
    def ok(self) -> np.ndarray:
        """Boolean mask of the elements that are not errors."""
        return self.codes == 0

    def errors(self) -> np.ndarray:
        """Excel error text per element (``""`` where valid)."""
        return _ERROR_TEXT_ARRAY[self.codes]

    def to_excel(self) -> list:
        """Nested lists of Python floats/text with Excel error text in place of errors."""
        out = self.values.astype(object)
        bad = self.codes != 0
        if bad.any():
            out[bad] = _ERROR_TEXT_ARRAY[self.codes[bad]]
        return out.tolist()

    def __repr__(self) -> str:
        return f"ArrayResult(shape={self.shape}, errors={int((self.codes != 0).sum())})"


#: What an element-wise function returns: a float for plain numbers, else an ArrayResult.
Result = float | ArrayResult


def _scalar(formula: Formula, args: tuple[Any, ...]) -> float:
    try:
        result = formula(SCALAR, *args)
    except ZeroDivisionError:
        raise ExcelError(DIV0) from None
    except OverflowError:
        raise ExcelError(NUM) from None
    if not _isfinite(result):
        raise ExcelError(NUM)
    return float(result)


def evaluate(formula: Formula, *args: Any) -> Result:
    """Run ``formula`` element-wise over ``args``.

    All plain numbers: returns a float or raises :class:`ExcelError`. Any range
    or array: returns an :class:`ArrayResult` of the common shape (raises
    ``#VALUE!`` when shapes do not match).
    """
    try:
        for a in args:
            kind = type(a)
            if (kind is not float and kind is not int) or not _isfinite(a):
                return _general(formula, args)
    except OverflowError:  # an int too large for a float
        return _general(formula, args)
    return _scalar(formula, args)


def _general(formula: Formula, args: tuple[Any, ...]) -> Result:
    coded: list[Coded] = [as_coded(a) for a in args]
    shape = broadcast_shape([c.shape for c in coded])
    if shape == ():
        for c in coded:
            code = c.first_code()
            if code:
                raise ExcelError(code)
        return _scalar(formula, tuple(float(c.values) for c in coded))
    inputs: list[Any] = []
    input_codes: list[np.ndarray] = []
    for c in coded:
        if c.values.size == 1:
            inputs.append(float(c.values.reshape(-1)[0]))
            code = c.first_code()
            if code:
                input_codes.append(np.full(shape, code, dtype=np.uint8))
        else:
            inputs.append(c.values)
            if c.codes is not None:
                input_codes.append(c.codes)
    guard = ArrayGuard()
    with np.errstate(all="ignore"):
        result = np.array(np.broadcast_to(formula(guard, *inputs), shape), dtype=np.float64)
    codes = guard.codes(shape, result, input_codes)
    result[codes != 0] = math.nan
    return ArrayResult(result, codes)
