"""mktplan-xl: marketing-plan workbooks with live Excel formulas.

>>> from mktplan_xl import Plan
>>> Plan.from_file("plan.yaml", language="vi").save("plan.xlsx")  # doctest: +SKIP
"""

from .errors import (MktplanError, OutputError, RecalcError, SpecError, SpecFileError,
                     WorkbookLimitError)
from .plan import Plan
from .spec import PlanSpec

__all__ = ["Plan", "PlanSpec", "MktplanError", "SpecError", "SpecFileError", "OutputError",
           "WorkbookLimitError", "RecalcError", "read_plan", "PlanRead", "ReadError"]
__version__ = "0.1.0"

_READER = ("read_plan", "PlanRead", "ReadError")


def __getattr__(name: str):  # the reader (and its XML and calamine imports) only when asked for
    if name in _READER:
        from . import reader
        return getattr(reader, name)
    raise AttributeError(f"module 'mktplan_xl' has no attribute {name!r}")
