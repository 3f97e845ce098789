"""Formula objects: render to Excel syntax and evaluate in Python.

Builders compose formulas from references and functions::

    total = SUM(Area("budget", 5, 3, 5, 14))
    share = IF(grand.eq(0), 0, total / grand)

``render(expr, sheet, names)`` gives the Excel text (without the leading ``=``)
as seen from ``sheet``; ``evaluate(expr, ctx)`` computes the value with Excel's
semantics, so every formula cell can be written with a cached value and tests
can compare LibreOffice's recalculation with it.

Modules: :mod:`.a1` (addresses), :mod:`.values` (values, error values, dates,
coercions), :mod:`.operators` (what ``=``, ``+``, ``&``... compute),
:mod:`.expr` (expressions and the function registry), :mod:`.refs` (cells,
ranges, relative references, names), :mod:`.functions` (how functions are
registered, each with its arity and ``_xlfn.`` prefix) and the functions by
family in ``func_math``, ``func_criteria``, ``func_logic``, ``func_lookup``,
``func_text`` and ``func_dates``, :mod:`.builders` (``SUM(...)`` and friends)
and :mod:`.idioms` (exact lookups of user text and other shared patterns).
Only functions that exist in Excel 2010+ and LibreOffice 7.4 are offered.
"""

from .a1 import a1, col_index, col_letter, parse_a1, quote_sheet
from .builders import (ABS, AND, AVERAGE, AVERAGEIF, AVERAGEIFS, CHOOSE, COLUMN, COLUMNS, COUNT, COUNTA,
                       COUNTIF, COUNTIFS, DATE, DAY, EDATE, EOMONTH, IF, IFERROR, INDEX, INT, ISBLANK,
                       ISERROR, ISLOGICAL, ISNUMBER, ISTEXT, LARGE, LEN, MATCH, MAX, MIN, MOD, MONTH,
                       NOT, OR, RANK, RANK_EQ, ROUND, ROUNDDOWN, ROUNDUP, ROW, ROWS, SMALL, SUBSTITUTE,
                       SUM, SUMIF, SUMIFS, SUMPRODUCT, YEAR, T, call)
from .expr import (FUNCTIONS, AsNumber, BinOp, Call, Const, EvalContext, Expr, FunctionSpec, Neg, Operand,
                   RenderContext, as_number, evaluate, render, wrap)
from .func_criteria import criterion, wildcard_pattern
from .func_math import excel_round
from .idioms import blank_if_empty, count_where, escape_wildcards, match_exact, ratio, sum_where
from .refs import Area, Name, Offset, OffsetArea, Ref, references
from .values import (DIV0, ERROR_CODES, NA, NAME_ERROR, NUM, REF, VALUE, Array, Scalar, Value, XlError,
                     date_serial, serial_date)

#: Functions written with the ``_xlfn.`` prefix (added to Excel after 2007).
XLFN_FUNCTIONS = frozenset(name for name, spec in FUNCTIONS.items() if spec.xlfn)
