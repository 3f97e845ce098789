"""Benchmark the goal sheets (Objectives, Initiatives, Alignment, Timeline) end to end as a command.

Targets (2-core machine):
  * default template, `mktplan new plan.xlsx` with all sheets:        <= 1.0 s
  * 1,000 goals and 2,000 initiatives from a spec (the default budget): <= 5.0 s
Also printed: cells and formulas of the large workbook, and where the in-process
time goes (build, evaluate, write).

Run:  python benchmarks/bench_goals.py [--runs 3] [--strict]
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

import yaml

from mktplan_xl import Plan
from mktplan_xl.builder import build_model
from mktplan_xl.formula import Expr
from mktplan_xl.render import write_workbook
from mktplan_xl.templates import Labels

DEFAULT_TARGET = 1.0
LARGE_TARGET = 5.0
BUDGET_LINES = ("market_research", "advertising", "sales_promotion", "digital_marketing", "pr",
                "brand_activation")


def large_spec(goals: int = 1000, initiatives: int = 2000, enterprises: int = 10, units_each: int = 9,
               language: str = "en", year: int = 2027, fiscal_start: int = 4) -> dict:
    """``goals`` goals in tree order (enterprise, its units, their sub-goals) and ``initiatives``
    initiatives spread over the sub-goals, dates over the fiscal year, budgets on the default lines."""
    rng = random.Random(2027)
    labels = Labels(language)
    lines = [labels(f"activities.{key}") for key in BUDGET_LINES]
    first = dt.date(year, fiscal_start, 1)
    units = enterprises * units_each
    subs = goals - enterprises - units
    items: list[dict] = []
    sub_ids: list[str] = []
    for e in range(enterprises):
        items.append({"id": f"E{e + 1}", "level": "enterprise", "goal": f"Enterprise goal {e + 1}",
                      "metric": "market share", "unit": "%", "baseline": 10, "target": 15, "current": 11,
                      "deadline": first.replace(year=year + 1) - dt.timedelta(days=1)})
        for u in range(units_each):
            unit_id = f"U{e * units_each + u + 1}"
            items.append({"id": unit_id, "level": "unit", "parent": f"E{e + 1}", "goal": f"Unit goal {unit_id}",
                          "metric": "share points", "unit": "pts", "baseline": 1, "target": 1.4,
                          "current": round(rng.uniform(1, 1.5), 2), "contribution": rng.randint(1, 5),
                          "deadline": first + dt.timedelta(days=rng.randint(180, 364))})
            share = subs // units + (1 if e * units_each + u < subs % units else 0)
            for s in range(share):
                sub_id = f"G{len(sub_ids) + 1}"
                sub_ids.append(sub_id)
                baseline = rng.randint(50, 500)
                items.append({"id": sub_id, "level": "sub_goal", "parent": unit_id,
                              "dimension": rng.choice(["brand", "user", "sales", "channel"]),
                              "goal": f"Sub-goal {sub_id}", "metric": "metric", "unit": "k",
                              "baseline": baseline, "target": round(baseline * rng.uniform(0.7, 1.4)),
                              "current": rng.choice([None, baseline + rng.randint(-20, 60)]),
                              "deadline": first + dt.timedelta(days=rng.randint(60, 364)),
                              "relevance": rng.choice(["high", "medium", "low"])})
    plan: list[dict] = []
    for i in range(initiatives):
        start = first + dt.timedelta(days=rng.randint(0, 330))
        plan.append({"id": f"I{i + 1}", "goal": rng.choice(sub_ids), "strategy": f"Strategy {i % 37}",
                     "initiative": f"Initiative {i + 1}", "owner": f"Owner {i % 23}",
                     "budget": rng.randint(0, 50) * 1000, "start": start,
                     "end": start + dt.timedelta(days=rng.randint(0, 90)), "kpi": "leads",
                     "target": rng.randint(100, 10000), "actual": rng.choice([None, rng.randint(0, 8000)]),
                     "budget_line": rng.choice([*lines, None])})
    return {"plan": {"name": "Large goal plan", "year": year, "fiscal_year_start": fiscal_start,
                     "language": language, "currency": "USD"},
            "budget": {"activities": [{"name": line, "plan": [10 ** 7] * 12} for line in lines]},
            "objectives": {"goals": items}, "initiatives": {"budget_cap": 30_000_000, "items": plan}}


def time_command(args: list[str], runs: int) -> tuple[float, float, float]:
    """(median, best, peak RSS MiB) of running ``python -m mktplan_xl ARGS``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mktplan_xl", *args], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), min(times), peak


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        median, best, rss = time_command(["new", str(folder / "default.xlsx"), "--force"], args.runs)
        failed |= median > DEFAULT_TARGET
        print(f"default plan (all sheets), command: median {median:6.3f} s  best {best:6.3f} s  "
              f"peak RSS {rss:6.1f} MiB  target <= {DEFAULT_TARGET} s  {verdict(median, DEFAULT_TARGET)}")

        spec = large_spec()
        spec_path = folder / "goals.yaml"
        spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out = folder / "goals.xlsx"
        median, best, rss = time_command(["new", str(out), "--spec", str(spec_path), "--force"], args.runs)
        failed |= median > LARGE_TARGET
        print(f"1,000 goals + 2,000 initiatives, command: median {median:6.3f} s  best {best:6.3f} s  "
              f"peak RSS {rss:6.1f} MiB  file {out.stat().st_size / 2**20:.1f} MiB  target <= {LARGE_TARGET} s  "
              f"{verdict(median, LARGE_TARGET)}")

        plan = Plan.from_dict(spec)
        start = time.perf_counter()
        model = build_model(plan.spec)
        built = time.perf_counter()
        model.evaluate()
        evaluated = time.perf_counter()
        write_workbook(model, folder / "again.xlsx")
        written = time.perf_counter()
        cells = sum(len(s.cells) for s in model.sheets)
        formulas = sum(isinstance(c.value, Expr) for s in model.sheets for c in s.cells.values())
        print(f"in process: build {built - start:5.2f} s, evaluate {evaluated - built:5.2f} s, "
              f"evaluate + write {written - evaluated:5.2f} s; {cells:,} cells, {formulas:,} formulas")
        for sheet in model.sheets:
            print(f"  {sheet.name:28s} {len(sheet.cells):8,} cells")
    return 1 if (failed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
