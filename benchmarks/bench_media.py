"""Benchmark the media calendar, distribution policy and pricing sheets (issue 9).

Targets (2-core machine):
  * default plan with every sheet, `mktplan new plan.xlsx` as a command:   <= 1.0 s
and, for scale, a plan heavy on these sheets (200 channels drawing on 60 budget
lines, 12 regions × 40 policy items, 40 priced products), as a command, with
the time each of the three sheets takes to build and evaluate in process.

Run:  python benchmarks/bench_media.py [--runs 5] [--strict]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from mktplan_xl import Plan
from mktplan_xl.builder import build_model
from mktplan_xl.sheets import REGISTRY
from mktplan_xl.sheets.protocol import BuildOptions

DEFAULT_TARGET = 1.0
MEDIA_KEYS = ("media", "distribution", "pricing")


def heavy_spec(channels: int = 200, lines: int = 60, regions: int = 12, policies: int = 40,
               products: int = 40) -> dict:
    rng = random.Random(2027)
    return {
        "plan": {"name": "Media-heavy plan", "year": 2027, "fiscal_year_start": 4, "language": "vi"},
        "budget": {"activities": [{"name": f"Line {i}", "plan": [rng.randint(10**7, 10**8) for _ in range(12)]}
                                  for i in range(lines)]},
        "sales": {"products": [{"name": f"Product {i}", "units": [rng.randint(0, 10**5) for _ in range(12)],
                                "price": rng.randint(1000, 90000)} for i in range(products)]},
        "media": {"channels": [
            {"name": f"Channel {i}", "budget_line": f"Line {i % lines}",
             "spend": [rng.randint(0, 10**6) for _ in range(12)],
             "impressions": [rng.randint(0, 10**6) for _ in range(12)]} for i in range(channels)]},
        "distribution": {
            "cost_of_capital": 0.1,
            "regions": [{"name": f"KV {j + 1}", "share": 1 / regions} for j in range(regions)],
            "policies": [{"name": f"Policy {i}", "basis": ("rate", "amount", "days")[i % 3],
                          "values": [(rng.random() / 10, rng.randint(0, 10**8), rng.randint(0, 90))[i % 3]
                                     for _ in range(regions)]} for i in range(policies)]},
        "pricing": {"products": [
            {"name": f"Product {i}", "unit_variable_cost": rng.randint(500, 900), "fixed_costs": 10**8,
             "expected_units": 10**5, "markup": 0.3, "invested_capital": 10**9, "target_return": 0.15,
             "competitor_prices": [rng.randint(1000, 90000) for _ in range(3)]} for i in range(products)]},
    }


def time_command(args: list[str], runs: int) -> tuple[float, float, float]:
    """(median, best, peak RSS MiB) of running ``python -m mktplan_xl ARGS``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mktplan_xl", *args], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), min(times), peak


def sheet_seconds(plan: Plan) -> dict[str, float]:
    """Build + evaluate time of the model with and without each of the three sheets."""
    def build_and_evaluate() -> float:
        start = time.perf_counter()
        build_model(plan.spec).evaluate()
        return time.perf_counter() - start

    full = min(build_and_evaluate() for _ in range(3))
    out = {"all sheets": full}
    for key in MEDIA_KEYS:
        cls = next(c for c in REGISTRY if c.key == key)
        original = cls.wanted
        cls.wanted = classmethod(lambda c, spec, options: False)  # type: ignore[method-assign]
        try:
            out[f"without {key}"] = min(build_and_evaluate() for _ in range(3))
        finally:
            cls.wanted = original  # type: ignore[method-assign]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    default = Plan.default()
    present = [c.key for c in REGISTRY if c.wanted(default.spec, BuildOptions())]
    assert set(MEDIA_KEYS) <= set(present), present
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        median, best, rss = time_command(["new", str(folder / "default.xlsx"), "--force"], args.runs)
        failed = median > DEFAULT_TARGET
        print(f"default plan ({len(present)} sheets: {', '.join(present)}), command: median {median:6.3f} s  "
              f"best {best:6.3f} s  peak RSS {rss:6.1f} MiB  target <= {DEFAULT_TARGET} s  "
              f"{'PASS' if not failed else 'FAIL'}")
        spec = heavy_spec()
        spec_path = folder / "heavy.yaml"
        spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
        runs = max(1, min(args.runs, 3))
        median, best, rss = time_command(["new", str(folder / "heavy.xlsx"), "--spec", str(spec_path),
                                          "--force"], runs)
        print(f"200 channels on 60 lines, 12 regions x 40 items, 40 products, command: median {median:6.3f} s  "
              f"best {best:6.3f} s  peak RSS {rss:6.1f} MiB")
        for label, plan in (("default", default), ("heavy", Plan.from_dict(spec))):
            seconds = sheet_seconds(plan)
            full = seconds.pop("all sheets")
            shares = "  ".join(f"{key.removeprefix('without ')} {full - s:6.3f} s" for key, s in seconds.items())
            print(f"{label:7} build + evaluate {full:6.3f} s; of which  {shares}")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
