"""Budget pacing and allocation, goal progress and marketing ROI."""

from __future__ import annotations

from typing import Any

import numpy as np

from .coerce import as_coded, cell_code, map_cells, object_array, scalar_number, unmask
from .engine import ArrayResult, Result, evaluate
from .errors import DIV0, NUM, ExcelError


def _pacing(g: Any, spent_to_date: Any, budget: Any, elapsed_share: Any) -> Any:
    g.num(spent_to_date < 0)
    g.num(budget < 0)
    g.num((elapsed_share < 0) | (elapsed_share > 1))
    g.div0(budget == 0)
    g.div0(elapsed_share == 0)
    return g.div(spent_to_date, budget * elapsed_share)


def _progress(g: Any, current: Any, baseline: Any, target: Any) -> Any:
    g.div0(target == baseline)
    return g.div(current - baseline, target - baseline)


def _romi(g: Any, incremental_revenue: Any, marketing_cost: Any, margin_ratio: Any) -> Any:
    g.num(marketing_cost < 0)
    g.num((margin_ratio < 0) | (margin_ratio > 1))
    g.div0(marketing_cost == 0)
    return g.div(incremental_revenue * margin_ratio - marketing_cost, marketing_cost)


def pacing(spent_to_date: Any, budget: Any, elapsed_share: Any) -> Result:
    """Spend against a straight-line budget: spent / (budget × elapsed share); 1.0 is on pace."""
    return evaluate(_pacing, spent_to_date, budget, elapsed_share)


def progress(current: Any, baseline: Any, target: Any) -> Result:
    """Share of the way from baseline to target: (current − baseline) / (target − baseline)."""
    return evaluate(_progress, current, baseline, target)


def romi(incremental_revenue: Any, marketing_cost: Any, margin_ratio: Any = 1.0) -> Result:
    """Return on marketing investment: (incremental revenue × margin ratio − cost) / cost."""
    return evaluate(_romi, incremental_revenue, marketing_cost, margin_ratio)


def _weight_cell(item: Any) -> tuple[float, int]:
    return (0.0, 0) if item is None else cell_code(item)


def allocate(total: Any, weights: Any) -> Result:
    """Split ``total`` in proportion to ``weights``; the result has the weights' shape.

    Blank weights count as 0. Any bad weight spoils the whole split (every
    share depends on every weight), so errors raise instead of being
    element-wise: text ``#VALUE!``, a negative weight ``#NUM!``, all weights
    zero ``#DIV/0!``. The shares add up to ``total`` (the largest share takes
    the rounding remainder).
    """
    amount = scalar_number(total)
    weights = unmask(weights)  # masked weights are blank: 0
    if type(weights) is float or type(weights) is int:  # one weight takes everything
        weights, code = cell_code(weights)
        if code or weights < 0:
            raise ExcelError(NUM)
        if weights == 0:
            raise ExcelError(DIV0, "weights sum to zero")
        return amount
    if isinstance(weights, (list, tuple)) or (isinstance(weights, np.ndarray) and weights.dtype.kind not in "iuf"):
        coded = map_cells(object_array(weights), _weight_cell)
    else:
        coded = as_coded(weights)
    code = coded.first_code()
    if code:
        raise ExcelError(code)
    w = coded.values
    if (w < 0).any():
        raise ExcelError(NUM, "negative weight")
    whole = float(w.sum())
    if whole == 0:
        raise ExcelError(DIV0, "weights sum to zero")
    if not np.isfinite(whole):
        raise ExcelError(NUM)
    shares = amount * (w / whole)
    if not np.isfinite(shares).all():
        raise ExcelError(NUM)
    if shares.ndim == 0:
        return float(shares)
    flat = shares.reshape(-1)
    largest = int(np.argmax(w.reshape(-1)))
    flat[largest] = 0.0
    flat[largest] = amount - flat.sum()
    return ArrayResult(shares, np.zeros(shares.shape, dtype=np.uint8))
