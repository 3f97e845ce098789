"""Reading filled plans back: ``read_plan`` and the safety checks every file goes through.

``check`` (:mod:`.lint`), ``rollup`` (:mod:`.rollup`), ``actuals`` (:mod:`.actuals`)
and ``diff`` (:mod:`.diff`) build on :func:`read_plan`.
"""

from .core import Finding, PlanRead, Table, read_plan, spec_json
from .safety import ReadError

__all__ = ["Finding", "PlanRead", "ReadError", "Table", "read_plan", "spec_json"]
