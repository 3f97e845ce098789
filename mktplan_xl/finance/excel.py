"""The boundary between Excel front-ends (classic add-in, xlwings Lite) and the core.

:func:`excel_call` takes arguments as xlwings delivers them and always returns
something a cell can show: a number, a text, an Excel error text, or nested
lists of those for a range. It never raises.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from .engine import ArrayResult
from .errors import ERROR_TEXT, VALUE, ExcelError

_log = logging.getLogger("mktplan_xl.finance")

CellValue = Any  # float | str | list[list[float | str]]


def is_blank(value: Any) -> bool:
    """An omitted argument or a single blank cell (``None`` or ``[[None]]``)."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value is None


def to_excel(result: Any) -> CellValue:
    """A core result as a cell value: 1x1 arrays become scalars, errors their text."""
    if not isinstance(result, ArrayResult):
        return result
    rows = result.to_excel()
    while result.values.size == 1 and isinstance(rows, list):
        rows = rows[0]
    return rows


def excel_call(function: Callable[..., Any], *args: Any, **optional: Any) -> CellValue:
    """Call a core function with Excel arguments and return a cell value.

    Optional arguments that are blank are left out, so the core default
    applies. :class:`ExcelError` becomes its text; any other exception is
    logged and shown as ``#VALUE!`` rather than as a traceback.
    """
    kwargs = {name: value for name, value in optional.items() if not is_blank(value)}
    try:
        return to_excel(function(*args, **kwargs))
    except ExcelError as error:
        return error.code
    except Exception:  # the cell must show an error value, never a traceback
        _log.exception("%s failed", getattr(function, "__name__", function))
        return ERROR_TEXT[VALUE]
