"""Reading filled plans back: ``read_plan`` and the safety checks every file goes through.

``check`` (:mod:`.lint`), ``rollup`` (:mod:`.rollup`), ``actuals`` (:mod:`.actuals`)
and ``diff`` (:mod:`.diff`) build on :func:`read_plan`. The names below are imported
on first use, so the command line can register the reader's commands
(:mod:`.commands`) without importing calamine or the XML parsers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Finding", "PlanRead", "ReadError", "Table", "read_plan", "spec_json"]

_LAZY = {"Finding": ".core", "PlanRead": ".core", "Table": ".core", "read_plan": ".core",
         "spec_json": ".core", "ReadError": ".safety"}

if TYPE_CHECKING:
    from .core import Finding, PlanRead, Table, read_plan, spec_json
    from .safety import ReadError


def __getattr__(name: str) -> Any:
    """Import a public name on first use and keep it."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
