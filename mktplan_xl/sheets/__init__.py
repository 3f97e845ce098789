"""The workbook's sheets: one module per sheet, each following :mod:`.protocol`.

Adding a sheet: its module here, one line in :data:`REGISTRY`, its spec
section (``mktplan_xl/spec/<section>.py`` and a field of ``PlanSpec``), its
labels (``workbook_templates/labels/*.yaml``) and its tests.
"""

from __future__ import annotations

from .about import About
from .alignment import Alignment
from .budget import BudgetTracker
from .functions import Functions
from .initiatives import Initiatives
from .objectives import Objectives
from .protocol import Sheet
from .sales import SalesForecast
from .summary import Summary
from .timeline import Timeline

#: Every sheet the builder knows, one line each; the builder orders them by their dependencies.
REGISTRY: tuple[type[Sheet], ...] = (
    About,
    BudgetTracker,
    SalesForecast,
    Summary,
    Functions,
    Objectives,
    Initiatives,
    Alignment,
    Timeline,
)
