"""mktplan-xl: marketing-plan workbooks with live Excel formulas.

>>> from mktplan_xl import Plan
>>> Plan.from_file("plan.yaml", language="vi").save("plan.xlsx")  # doctest: +SKIP
"""

from .errors import (MktplanError, OutputError, RecalcError, SpecError, SpecFileError,
                     WorkbookLimitError)
from .plan import Plan
from .reader import PlanRead, ReadError, read_plan
from .spec import PlanSpec

__all__ = ["Plan", "PlanSpec", "MktplanError", "SpecError", "SpecFileError", "OutputError",
           "WorkbookLimitError", "RecalcError", "read_plan", "PlanRead", "ReadError"]
__version__ = "0.1.0"
