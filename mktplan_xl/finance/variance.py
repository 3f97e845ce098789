"""Budget-versus-actual variance: amount, percentage and a favourable/unfavourable flag.

The rule is the plan workbook's (:mod:`mktplan_xl.sheets.variance`): variance =
actual − budget; on budget when ``|variance|`` is within the tolerance band,
else favourable when a cost is under budget or a revenue over it. The band is
``tolerance`` as an **amount** (``basis="amount"``, the default) or
``tolerance × |budget|`` (``basis="share"``: the workbook's
``VarianceTolerancePct``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .coerce import choice
from .engine import ArrayResult, Result, evaluate, select

#: Kinds of budget line accepted by :func:`variance_flag`.
VARIANCE_KINDS: dict[str, int] = {"cost": 0, "revenue": 1}
_REVENUE = 1
#: What :func:`variance_flag`'s tolerance is: an amount, or a share of the budget.
TOLERANCE_BASES: dict[str, int] = {"amount": 0, "share": 1}
_SHARE = 1
#: Labels of :func:`variance_flag`, indexed by the formula's category.
FLAG_LABELS: tuple[str, ...] = ("on budget", "favourable", "unfavourable")
#: Differences below this share of the larger amount are float noise, not variance.
NOISE = 1e-12


def _variance(g: Any, actual: Any, budget: Any) -> Any:
    return actual - budget


def _variance_pct(g: Any, actual: Any, budget: Any) -> Any:
    g.div0(budget == 0)
    return g.div(actual - budget, abs(budget))


def _variance_flag(g: Any, actual: Any, budget: Any, kind: Any, tolerance: Any, basis: Any) -> Any:
    """Category: 0 on budget, 1 favourable, 2 unfavourable."""
    g.num(tolerance < 0)
    diff = actual - budget
    scale = select(abs(actual) > abs(budget), abs(actual), abs(budget))
    band = select(basis == _SHARE, tolerance * abs(budget), tolerance)
    on_budget = abs(diff) <= band + NOISE * scale
    gain = select(kind == _REVENUE, diff, -diff)
    return select(on_budget, 0.0, select(gain > 0, 1.0, 2.0))


def variance(actual: Any, budget: Any) -> Result:
    """Actual minus budget (positive: over budget)."""
    return evaluate(_variance, actual, budget)


def variance_pct(actual: Any, budget: Any) -> Result:
    """Variance as a share of the budget's size: (a − b) / |b|, so its sign is the variance's sign."""
    return evaluate(_variance_pct, actual, budget)


def variance_flag(actual: Any, budget: Any, kind: Any = "cost", tolerance: Any = 0.0,
                  basis: Any = "amount") -> str | ArrayResult:
    """ "favourable", "unfavourable" or "on budget" for a cost or revenue line.

    Cost lines are favourable under budget, revenue lines over budget; a
    variance whose size is at most the band is "on budget": ``tolerance`` in
    the budget's units (``basis="amount"``) or ``tolerance × |budget|``
    (``basis="share"``, as the plan workbook's VarianceTolerancePct).
    """
    result = evaluate(_variance_flag, actual, budget, choice(kind, VARIANCE_KINDS), tolerance,
                      choice(basis, TOLERANCE_BASES))
    if isinstance(result, float):
        return FLAG_LABELS[int(result)]
    labels = np.array(FLAG_LABELS + ("",), dtype=object)
    index = np.where(result.codes == 0, result.values, len(FLAG_LABELS)).astype(np.intp)
    return ArrayResult(labels[index], result.codes)
