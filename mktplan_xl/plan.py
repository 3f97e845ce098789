"""The public entry point: :class:`Plan` builds a plan workbook from a spec."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Optional

from .builder import build_model
from .gcpause import collector_paused
from .model import WorkbookModel
from .output import write_safely
from .render import write_workbook
from .spec import PlanSpec, read_spec_file, validate_spec
from .templates import complete_spec

#: Plan fields that keyword arguments (and command-line options) may override.
OVERRIDES = ("name", "company", "prepared_by", "year", "fiscal_year_start", "currency",
             "display_unit", "language")


class Plan:
    """A validated marketing plan, ready to be written as a workbook.

    >>> Plan.from_dict({"plan": {"year": 2027, "fiscal_year_start": 4}}).save("plan.xlsx")  # doctest: +SKIP
    """

    def __init__(self, spec: PlanSpec):
        self.spec = spec

    # constructors ------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Optional[dict] = None, *, source: Optional[str] = None,
                  **overrides: Any) -> "Plan":
        """From a spec dict; missing budget/sales sections get the default template."""
        unknown = set(overrides) - set(OVERRIDES)
        if unknown:
            raise TypeError(f"unknown plan option(s): {', '.join(sorted(unknown))}")
        if data is not None and not isinstance(data, dict):
            return cls(validate_spec(data, source))
        return cls(validate_spec(complete_spec(data, overrides), source))

    @classmethod
    def from_file(cls, path: str | Path, **overrides: Any) -> "Plan":
        """From a YAML or JSON spec file."""
        return cls.from_dict(read_spec_file(Path(path)), source=str(path), **overrides)

    @classmethod
    def from_frames(cls, budget: Any = None, sales: Any = None, plan: Optional[dict] = None,
                    base: Optional[dict] = None, **tables_and_overrides: Any) -> "Plan":
        """From pandas DataFrames of input tables, by table name (see :mod:`mktplan_xl.frames`):
        what ``read_plan(...).frames`` gives is taken back, over ``base`` (a spec dict that keeps
        what no table holds). Other keywords override plan fields."""
        from .frames import spec_from_frames  # pandas stays off the CLI's path

        overrides = {k: v for k, v in tables_and_overrides.items() if k in OVERRIDES}
        tables = {k: v for k, v in tables_and_overrides.items() if k not in OVERRIDES}
        return cls.from_dict(spec_from_frames(budget, sales, plan, base, **tables), source="DataFrames", **overrides)

    @classmethod
    def default(cls, **overrides: Any) -> "Plan":
        """The blank default plan."""
        return cls.from_dict(None, **overrides)

    # output ------------------------------------------------------------------
    @collector_paused()
    def model(self, *, udfs: bool = False, today: Optional[_dt.date] = None,
              units: tuple = ()) -> WorkbookModel:
        """The workbook model with every formula evaluated."""
        model = build_model(self.spec, udfs=udfs, today=today, units=units)
        model.evaluate()
        return model

    @collector_paused()  # one pause for building and writing: the model is freed before collection resumes
    def save(self, path: str | Path, *, force: bool = False, udfs: bool = False,
             today: Optional[_dt.date] = None, units: tuple = ()) -> Path:
        """Write the workbook to ``path`` (an existing file only with ``force``).

        ``udfs=True`` adds a Functions sheet and an ``xlwings.conf`` sheet naming the
        ``mktplan_udfs`` add-in module; without it no workbook depends on the add-in.
        ``units`` (roll-ups, :mod:`mktplan_xl.reader.rollup`) adds the "by unit" sheet.
        """
        model = build_model(self.spec, udfs=udfs, today=today, units=units)
        return write_safely(Path(path), lambda temp: write_workbook(model, temp), force)
