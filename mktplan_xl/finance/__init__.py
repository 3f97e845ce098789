"""Pure finance core behind the Marketing Plan Excel functions.

No xlwings here. Every function accepts plain numbers, nested lists (Excel
ranges) or numpy arrays and broadcasts element-wise:

* all arguments plain numbers → returns a ``float`` (text for
  :func:`variance_flag`) or raises :class:`ExcelError` whose ``code`` is the
  Excel error text (``"#DIV/0!"``, ``"#NUM!"``, ``"#VALUE!"``);
* any range or array → returns an :class:`ArrayResult` (``values`` plus
  per-element error ``codes``); mismatched shapes raise ``#VALUE!``.

Front-ends call :func:`excel_call`, which never raises and returns what a
cell shows. :data:`FUNCTIONS` describes every Excel function.
"""

from __future__ import annotations

from .breakeven import (breakeven_price, breakeven_revenue, breakeven_units, contribution_margin,
                        margin_of_safety, unit_cost)
from .budget import allocate, pacing, progress, romi
from .engine import ArrayResult, Result, evaluate
from .errors import ERROR_CODE, ERROR_TEXT, ExcelError, is_error_text
from .excel import excel_call, is_blank, to_excel
from .pricing import MARKUP_BASES, markup_convert, markup_price, net_price, price_index, target_return_price
from .registry import CATEGORY, FUNCTION_INDEX, FUNCTIONS, ArgInfo, Example, FunctionInfo, excel_literal
from .variance import FLAG_LABELS, VARIANCE_KINDS, variance, variance_flag, variance_pct

#: Excel error texts the functions return.
DIV0_TEXT, NUM_TEXT, VALUE_TEXT = "#DIV/0!", "#NUM!", "#VALUE!"

__all__ = [
    "ArgInfo", "ArrayResult", "CATEGORY", "DIV0_TEXT", "ERROR_CODE", "ERROR_TEXT", "Example", "ExcelError",
    "FLAG_LABELS", "FUNCTIONS", "FUNCTION_INDEX", "FunctionInfo", "MARKUP_BASES", "NUM_TEXT", "VALUE_TEXT",
    "Result", "VARIANCE_KINDS", "allocate", "breakeven_price", "breakeven_revenue", "breakeven_units",
    "contribution_margin", "evaluate", "excel_call", "excel_literal", "is_blank", "is_error_text",
    "margin_of_safety", "markup_convert", "markup_price", "net_price", "pacing", "price_index", "progress",
    "romi", "target_return_price", "to_excel", "unit_cost", "variance", "variance_flag", "variance_pct",
]
