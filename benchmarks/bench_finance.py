"""Time every finance core function on 1,000,000-element arrays and on scalars.

Targets: ≤ 50 ms per call on 1,000,000 elements, ≤ 10 µs per scalar call.
Run from the repository root: ``python benchmarks/bench_finance.py``.
Prints a table with PASS/FAIL per target; exits 1 if any target fails.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path
from typing import Any, Callable

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mktplan_xl import finance as fin  # noqa: E402

N = 1_000_000
ARRAY_TARGET_S = 0.050
SCALAR_TARGET_S = 10e-6


def _cases(rng: np.random.Generator) -> dict[str, tuple[Callable[..., Any], tuple[Any, ...], tuple[Any, ...]]]:
    """Function name -> (function, array arguments, scalar arguments)."""
    def u(low: float, high: float) -> np.ndarray:
        return rng.uniform(low, high, N)

    fixed, price, var, units = u(1e4, 1e6), u(20, 40), u(1, 19), u(1e3, 1e5)
    return {
        "breakeven_units": (fin.breakeven_units, (fixed, price, var, 5000.0), (300000.0, 20.0, 10.0, 0.0)),
        "breakeven_revenue": (fin.breakeven_revenue, (fixed, price, var), (300000.0, 20.0, 10.0)),
        "breakeven_price": (fin.breakeven_price, (fixed, var, units, 1000.0), (300000.0, 10.0, 50000.0, 200000.0)),
        "contribution_margin": (fin.contribution_margin, (price, var, True), (20.0, 10.0, True)),
        "margin_of_safety": (fin.margin_of_safety, (units, fixed, price, var), (50000.0, 300000.0, 20.0, 10.0)),
        "unit_cost": (fin.unit_cost, (var, fixed, units), (10.0, 300000.0, 50000.0)),
        "markup_price": (fin.markup_price, (var, u(0, 0.9), "price"), (16.0, 0.2, "price")),
        "markup_convert": (fin.markup_convert, (u(0, 0.9), "cost"), (0.25, "cost")),
        "target_return_price": (fin.target_return_price, (var, fixed, 0.2, units), (16.0, 1e6, 0.2, 50000.0)),
        "net_price": (fin.net_price, (price, [0.1, 0.05, 0.02]), (40.0, [0.5, 0.02])),
        "price_index": (fin.price_index, (price, [7000.0, 6500.0]), (6000.0, [7000.0, 6500.0])),
        "variance": (fin.variance, (fixed, units), (85.0, 100.0)),
        "variance_pct": (fin.variance_pct, (fixed, units), (85.0, 100.0)),
        "variance_flag": (fin.variance_flag, (fixed, units, "revenue", 10.0), (85.0, 100.0, "cost", 0.0)),
        "pacing": (fin.pacing, (units, fixed, u(0.01, 1)), (12.0, 20.0, 0.5)),
        "progress": (fin.progress, (price, var, fixed), (560.0, 500.0, 650.0)),
        "romi": (fin.romi, (fixed, units, 0.4), (150.0, 35.0, 0.4)),
        "allocate": (fin.allocate, (1e6, u(0, 10)), (100.0, 3.0)),
    }


def _best(call: Callable[[], Any], number: int, repeat: int) -> float:
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number


def main() -> int:
    rng = np.random.default_rng(2024)
    failed = 0
    print(f"{'function':22} {'1M array':>10} {'':4} {'scalar':>9} {'':4}")
    for name, (function, array_args, scalar_args) in _cases(rng).items():
        array_s = _best(lambda: function(*array_args), number=3, repeat=3)
        scalar_s = _best(lambda: function(*scalar_args), number=20000, repeat=5)
        array_ok, scalar_ok = array_s <= ARRAY_TARGET_S, scalar_s <= SCALAR_TARGET_S
        failed += (not array_ok) + (not scalar_ok)
        print(f"{name:22} {array_s * 1e3:8.1f}ms {'PASS' if array_ok else 'FAIL'} "
              f"{scalar_s * 1e6:7.2f}µs {'PASS' if scalar_ok else 'FAIL'}")
    print(f"targets: array ≤ {ARRAY_TARGET_S * 1e3:.0f} ms on {N:,} elements, "
          f"scalar ≤ {SCALAR_TARGET_S * 1e6:.0f} µs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
