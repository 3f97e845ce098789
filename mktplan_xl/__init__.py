"""mktplan-xl: marketing-plan workbooks with live Excel formulas.

>>> from mktplan_xl import Plan
>>> Plan.from_file("plan.yaml", language="vi").save("plan.xlsx")  # doctest: +SKIP

Importing the package imports nothing else: each public name below is imported on
first use (PEP 562), so ``mktplan --help`` never pays for pydantic, the sheets or
XlsxWriter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Plan", "PlanSpec", "MktplanError", "SpecError", "SpecFileError", "OutputError",
           "WorkbookLimitError", "RecalcError", "read_plan", "PlanRead", "ReadError"]

DISTRIBUTION = "mktplan-xl"  # [project] name in pyproject.toml
_UNKNOWN_VERSION = "0+unknown"

#: Public name -> the submodule that defines it.
_LAZY: dict[str, str] = {
    "Plan": ".plan", "PlanSpec": ".spec",
    "MktplanError": ".errors", "SpecError": ".errors", "SpecFileError": ".errors",
    "OutputError": ".errors", "WorkbookLimitError": ".errors", "RecalcError": ".errors",
    "read_plan": ".reader", "PlanRead": ".reader", "ReadError": ".reader",
}

if TYPE_CHECKING:  # for type checkers and IDEs; at run time the names come from __getattr__
    from .errors import (MktplanError, OutputError, RecalcError, SpecError, SpecFileError,
                         WorkbookLimitError)
    from .plan import Plan
    from .reader import PlanRead, ReadError, read_plan
    from .spec import PlanSpec

    __version__: str


def _installed_version() -> str:
    """The installed distribution's version, or ``0+unknown`` when it is not installed."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return _UNKNOWN_VERSION


def __getattr__(name: str) -> Any:
    """Import a public name (or compute ``__version__``) on first use and keep it."""
    if name == "__version__":
        value: Any = _installed_version()
    elif name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name], __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | {"__version__"})
