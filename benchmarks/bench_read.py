"""Benchmark reading filled plans back: `mktplan read` of one plan, `mktplan rollup` of 100 plans,
and the same reads done with openpyxl.

Targets (2-core machine):
  * `mktplan read PLAN.xlsx` as a command:                      <= 0.5 s
  * `mktplan rollup OUT.xlsx` of 100 plans, as a command:       <= 5.0 s
  * reading the 100 plans with python-calamine is at least 5x faster than the same read
    (same code, cells read with openpyxl in read-only mode)

The 100 plans are the English example, each for another unit (company) and with other
numbers, written by `Plan.save`.

Run:  python benchmarks/bench_read.py [--runs 3] [--plans 100] [--strict]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mktplan_xl import Plan, read_plan
from mktplan_xl.templates import example_spec

READ_TARGET = 0.5
ROLLUP_TARGET = 5.0
SPEEDUP_TARGET = 5.0


def make_plans(folder: Path, count: int) -> list[Path]:
    import yaml

    base = yaml.safe_load(example_spec("en"))
    rng = random.Random(2027)
    paths = []
    for i in range(count):
        spec = dict(base)
        spec["plan"] = dict(base["plan"], company=f"Unit {i:03d}")
        spec["budget"] = dict(base["budget"], activities=[
            dict(a, plan=[rng.randint(0, 50_000) for _ in range(12)]) for a in base["budget"]["activities"]])
        paths.append(Plan.from_dict(spec).save(folder / f"unit{i:03d}.xlsx"))
    return paths


def time_command(args: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mktplan_xl", *args], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def time_reads(paths: list[Path], engine: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for path in paths:
            read_plan(path, engine=engine).close()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    missed = []
    with tempfile.TemporaryDirectory(prefix="bench-read-") as folder:
        folder = Path(folder)
        start = time.perf_counter()
        paths = make_plans(folder, args.plans)
        print(f"made {len(paths)} plans in {time.perf_counter() - start:.1f} s "
              f"({paths[0].stat().st_size / 1024:.0f} KB each)")

        median, best = time_command(["read", str(paths[0])], args.runs)
        print(f"mktplan read PLAN.xlsx (command):          median {median:.3f} s, best {best:.3f} s "
              f"(target <= {READ_TARGET} s)")
        if median > READ_TARGET:
            missed.append("read")

        out = folder / "group.xlsx"
        median, best = time_command(["rollup", str(out), *map(str, paths), "--force"], args.runs)
        print(f"mktplan rollup of {len(paths)} plans (command):    median {median:.3f} s, best {best:.3f} s "
              f"(target <= {ROLLUP_TARGET} s)")
        if median > ROLLUP_TARGET:
            missed.append("rollup")

        calamine = time_reads(paths, "calamine", args.runs)
        openpyxl_time = time_reads(paths, "openpyxl", max(1, args.runs - 1))
        speedup = openpyxl_time / calamine
        print(f"read {len(paths)} plans in-process: calamine {calamine:.3f} s "
              f"({1000 * calamine / len(paths):.1f} ms/plan), openpyxl {openpyxl_time:.3f} s "
              f"({1000 * openpyxl_time / len(paths):.1f} ms/plan): {speedup:.1f}x faster "
              f"(target >= {SPEEDUP_TARGET}x)")
        if speedup < SPEEDUP_TARGET:
            missed.append("speedup")
    if missed:
        print(f"missed: {', '.join(missed)}")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
