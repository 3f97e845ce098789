"""Benchmark `mktplan new`: the default plan and a large plan, end to end as a command.

Targets (2-core machine):
  * default template, `mktplan new plan.xlsx`:          <= 1.0 s
  * 2,000 activities and 200 products from a spec:      <= 5.0 s
  * 20,000 activities from a spec, peak memory:         <= 400 MB (skipped with --quick)
and the ratio of our in-process save to writing the same cells (same formula
text, same cached values, same strings and numbers) with bare XlsxWriter.

Run:  python benchmarks/bench_generate.py [--runs 5] [--strict] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter
import yaml

from mktplan_xl import Plan
from mktplan_xl.builder import build_model
from mktplan_xl.formula import Expr, XlError, render
from mktplan_xl.model import Link

DEFAULT_TARGET = 1.0
LARGE_TARGET = 5.0
HUGE_RSS_TARGET = 400.0   # MB (10**6 bytes), the whole command


def large_spec(activities: int = 2000, products: int = 200, groups: int = 25) -> dict:
    rng = random.Random(2027)
    return {
        "plan": {"name": "Large plan", "year": 2027, "fiscal_year_start": 4, "currency": "VND",
                 "language": "vi"},
        "budget": {"contingency_pct": 0.05, "activities": [
            {"name": f"Activity {i}", "group": f"Group {i % groups}",
             "plan": [rng.randint(0, 10**8) for _ in range(12)],
             "actual": [rng.randint(0, 10**8) for _ in range(5)]} for i in range(activities)]},
        "sales": {"products": [
            {"name": f"Product {i}", "unit": "box", "units": [rng.randint(0, 10**5) for _ in range(12)],
             "price": rng.randint(1000, 90000)} for i in range(products)]},
    }


def time_command(args: list[str], runs: int) -> tuple[float, float, float]:
    """(median, best, peak RSS MiB) of running ``python -m mktplan_xl ARGS``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mktplan_xl", *args], check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), min(times), peak


def bare_xlsxwriter_seconds(plan: Plan, path: Path) -> tuple[float, int]:
    """Seconds to write the same cells with a bare XlsxWriter workbook (no formats)."""
    model = build_model(plan.spec)
    values = model.evaluate()
    names = model.sheet_names
    sheets = []
    for sheet in model.sheets:
        cells = []
        for (row, col), cell in sheet.cells.items():
            value = cell.value
            if isinstance(value, Expr):
                cached = values[(sheet.key, row, col)]
                cells.append((row, col, "=" + render(value, sheet.key, names, row, col),
                              cached.code if isinstance(cached, XlError) else cached))
            elif isinstance(value, Link):  # the About sheet's contents: written as their text
                cells.append((row, col, value.text, None))
            elif value is not None:
                cells.append((row, col, value, None))
        sheets.append((sheet.name, cells))
    count = sum(len(c) for _, c in sheets)
    start = time.perf_counter()
    workbook = xlsxwriter.Workbook(str(path))
    for name, cells in sheets:
        ws = workbook.add_worksheet(name)
        for row, col, value, cached in cells:
            if isinstance(value, str) and value.startswith("="):
                ws.write_formula(row, col, value, None, cached)
            elif isinstance(value, str):
                ws.write_string(row, col, value)
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value)
            elif isinstance(value, dt.date):
                ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()))
            else:
                ws.write_number(row, col, value)
    workbook.close()
    return time.perf_counter() - start, count


def in_process_seconds(plan: Plan, path: Path) -> float:
    start = time.perf_counter()
    plan.save(path, force=True)
    return time.perf_counter() - start


def huge_plan(folder: Path) -> float:
    """Time and peak memory (MB) of `mktplan new` on 20,000 activities, in a process of its own."""
    spec_path = folder / "huge.yaml"
    spec_path.write_text(yaml.safe_dump(large_spec(activities=20000, products=200, groups=100),
                                        allow_unicode=True), encoding="utf-8")
    command = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
               "subprocess.run([sys.executable, '-m', 'mktplan_xl', 'new', sys.argv[1], '--spec', sys.argv[2], "
               "'--force'], check=True, stdout=subprocess.DEVNULL); "
               "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", command, str(folder / "huge.xlsx"), str(spec_path)],
                         capture_output=True, text=True, check=True).stdout.split()
    seconds, peak = float(out[0]), int(out[1]) * 1024 / 1e6
    print(f"20,000 activities, command: {seconds:6.1f} s  peak RSS {peak:6.0f} MB  "
          f"target <= {HUGE_RSS_TARGET:.0f} MB  {verdict(peak, HUGE_RSS_TARGET)}")
    return peak


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--quick", action="store_true", help="skip the 20,000-activity memory run")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        default_out = folder / "default.xlsx"
        median, best, rss = time_command(["new", str(default_out), "--force"], args.runs)
        failed |= median > DEFAULT_TARGET
        print(f"default plan, command:     median {median:6.3f} s  best {best:6.3f} s  "
              f"peak RSS {rss:6.1f} MiB  target <= {DEFAULT_TARGET} s  {verdict(median, DEFAULT_TARGET)}")
        no_pandas = subprocess.run(
            [sys.executable, "-c", "import sys; from mktplan_xl.cli import main; "
             f"main(['new', r'{folder / 'np.xlsx'}']); "
             "print('pandas', 'pandas' in sys.modules, 'numpy', 'numpy' in sys.modules)"],
            capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        print(f"imported on the `mktplan new` path: {no_pandas}")

        spec = large_spec()
        spec_path = folder / "large.yaml"
        spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
        large_out = folder / "large.xlsx"
        runs = max(1, min(args.runs, 3))
        median, best, rss = time_command(["new", str(large_out), "--spec", str(spec_path), "--force"], runs)
        failed |= median > LARGE_TARGET
        size = large_out.stat().st_size / 2**20
        print(f"2,000 activities + 200 products, command: median {median:6.3f} s  best {best:6.3f} s  "
              f"peak RSS {rss:6.1f} MiB  file {size:.1f} MiB  target <= {LARGE_TARGET} s  "
              f"{verdict(median, LARGE_TARGET)}")

        for label, plan in (("default", Plan.default()), ("large", Plan.from_dict(spec))):
            ours = min(in_process_seconds(plan, folder / f"ours-{label}.xlsx") for _ in range(runs))
            bare, cells = min(bare_xlsxwriter_seconds(plan, folder / f"bare-{label}.xlsx")
                              for _ in range(runs))
            print(f"{label:7s} in-process save {ours:6.3f} s vs bare XlsxWriter {bare:6.3f} s "
                  f"for the same {cells:,} cells: ratio {ours / bare:4.2f}")

        if not args.quick:
            failed |= huge_plan(folder) > HUGE_RSS_TARGET
    return 1 if (failed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
