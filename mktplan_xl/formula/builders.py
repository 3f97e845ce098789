"""Python callables that build function calls: ``SUM(area)`` is ``Call("SUM", (area,))``.

The arity is checked when the call is built, so a wrong call fails while the
workbook is being built, never in Excel.
"""

from __future__ import annotations

from typing import Callable

from . import func_criteria, func_dates, func_logic, func_lookup, func_math, func_text  # noqa: F401  (fill the registry)
from .expr import FUNCTIONS, Call, Expr, Operand, wrap


def call(name: str) -> Callable[..., Expr]:
    """A builder for the registered function ``name``."""
    if name not in FUNCTIONS:
        raise KeyError(f"function {name} is not registered")

    def build(*args: Operand) -> Expr:
        return Call(name, tuple(wrap(a) for a in args))
    build.__name__ = name.replace(".", "_")
    build.__doc__ = f"Excel {name}()."
    return build


SUM = call("SUM")
MIN = call("MIN")
MAX = call("MAX")
AVERAGE = call("AVERAGE")
COUNT = call("COUNT")
COUNTA = call("COUNTA")
SUMPRODUCT = call("SUMPRODUCT")
LARGE = call("LARGE")
SMALL = call("SMALL")
RANK = call("RANK")
RANK_EQ = call("RANK.EQ")
COUNTIF = call("COUNTIF")
COUNTIFS = call("COUNTIFS")
SUMIF = call("SUMIF")
SUMIFS = call("SUMIFS")
AVERAGEIF = call("AVERAGEIF")
AVERAGEIFS = call("AVERAGEIFS")
IF = call("IF")
IFERROR = call("IFERROR")
AND = call("AND")
OR = call("OR")
NOT = call("NOT")
CHOOSE = call("CHOOSE")
ISNUMBER = call("ISNUMBER")
ISTEXT = call("ISTEXT")
ISLOGICAL = call("ISLOGICAL")
ISERROR = call("ISERROR")
ISBLANK = call("ISBLANK")
ROW = call("ROW")
COLUMN = call("COLUMN")
ROWS = call("ROWS")
COLUMNS = call("COLUMNS")
ABS = call("ABS")
INT = call("INT")
MOD = call("MOD")
ROUND = call("ROUND")
ROUNDUP = call("ROUNDUP")
ROUNDDOWN = call("ROUNDDOWN")
T = call("T")
LEN = call("LEN")
SUBSTITUTE = call("SUBSTITUTE")
INDEX = call("INDEX")
MATCH = call("MATCH")
DATE = call("DATE")
YEAR = call("YEAR")
MONTH = call("MONTH")
DAY = call("DAY")
EDATE = call("EDATE")
EOMONTH = call("EOMONTH")
