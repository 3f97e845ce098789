"""The workbook's sheets: one module per sheet, each following :mod:`.protocol`.

Adding a sheet: its module here, one line in :data:`REGISTRY`, its spec
section (``mktplan_xl/spec/<section>.py`` and a field of ``PlanSpec``), its
labels (``workbook_templates/labels/*.yaml``) and its tests.
"""

from __future__ import annotations

from .about import About
from .alignment import Alignment
from .by_unit import ByUnit
from .budget import BudgetTracker
from .competitors import Competitors
from .control import Control
from .distribution import DistributionPolicy
from .functions import Functions
from .initiatives import Initiatives
from .lifecycle import LifeCycle
from .media import MediaCalendar
from .objectives import Objectives
from .pest import Pest
from .pricing import PricingBreakeven
from .protocol import Sheet
from .sales import SalesForecast
from .summary import Summary
from .swot import Swot
from .timeline import Timeline

#: Every sheet the builder knows, one line each; the builder orders them by their dependencies.
REGISTRY: tuple[type[Sheet], ...] = (
    About,
    BudgetTracker,
    SalesForecast,
    MediaCalendar,
    DistributionPolicy,
    PricingBreakeven,
    ByUnit,
    Summary,
    Functions,
    Pest,
    Competitors,
    Swot,
    LifeCycle,
    Control,
    Objectives,
    Initiatives,
    Alignment,
    Timeline,
)
