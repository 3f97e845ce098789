"""Benchmark the lean start, and what the commands cost over the bare libraries, as ratios.

Each ratio is to an anchor measured in the same run (anchor and command alternate, best of N):
  * start: `mktplan --help` vs `python -c "import argparse"`, wall time:          <= 5x
    (and `python -c "import mktplan_xl"`, for information)
  * new:   CPU time of `mktplan new OUT.xlsx` (the default plan) vs a bare XlsxWriter
    script in constant_memory mode writing the same cells (every value and formula of the
    workbook `mktplan new` wrote, with its cached value and number format):     <= 1.2x
  * read:  CPU time of `mktplan read PLAN.xlsx` (the English example) vs bare
    python-calamine reading every sheet's values:                                <= 3x
Every process starts with the interpreter, so every anchor includes it too.

By default the commands run with bytecode caching on, as an installed package does: the
children get PYTHONPYCACHEPREFIX (a temporary folder, so the repository gets no __pycache__)
and no PYTHONDONTWRITEBYTECODE, and one unmeasured run warms the cache. `--cold` keeps the
caller's environment (with PYTHONDONTWRITEBYTECODE=1 every import is compiled again).

Run:  python benchmarks/bench_start.py [--runs 9] [--cold] [--strict]
"""

from __future__ import annotations

import argparse
import datetime as dt
import marshal
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

START_TARGET = 5.0
NEW_TARGET = 1.2
READ_TARGET = 3.0

#: The anchor of `mktplan new`: XlsxWriter in constant_memory mode writes the cells of a marshal file.
BARE_XLSXWRITER = r"""
import marshal, sys
import xlsxwriter
with open(sys.argv[1], "rb") as f:
    sheets = marshal.load(f)
workbook = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True, "strings_to_formulas": False,
                                             "strings_to_urls": False, "strings_to_numbers": False})
formats = {}
for name, cells in sheets:
    ws = workbook.add_worksheet(name)
    for row, col, kind, value, cached, number_format in cells:
        fmt = None
        if number_format is not None:
            fmt = formats.get(number_format) or formats.setdefault(
                number_format, workbook.add_format({"num_format": number_format}))
        if kind == "f":
            ws.write_formula(row, col, value, fmt, 0 if cached is None else cached)
        elif kind == "s":
            ws.write_string(row, col, value, fmt)
        elif kind == "b":
            ws.write_boolean(row, col, value, fmt)
        else:
            ws.write_number(row, col, value, fmt)
workbook.close()
"""

#: The anchor of `mktplan read`: python-calamine reads every sheet's values.
BARE_CALAMINE = r"""
import sys
from python_calamine import CalamineWorkbook
workbook = CalamineWorkbook.from_path(sys.argv[1])
rows = [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]
"""


def child_env(folder: Path, cold: bool) -> dict[str, str]:
    """The children's environment: bytecode cached in ``folder`` unless ``cold``."""
    env = dict(os.environ)
    if not cold:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def mktplan_command() -> list[str]:
    """The installed `mktplan` script next to this interpreter, else `python -m mktplan_xl`."""
    script = Path(sys.executable).with_name("mktplan")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mktplan_xl"]


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best_pair(anchor: list[str], command: list[str], runs: int, env: dict[str, str],
              measure: int) -> tuple[float, float]:
    """Best (wall if ``measure`` is 0, CPU if 1) of ``anchor`` and of ``command``, run in turn."""
    run(anchor, env), run(command, env)  # warm the bytecode and file caches
    anchors, commands = [], []
    for _ in range(runs):
        anchors.append(run(anchor, env)[measure])
        commands.append(run(command, env)[measure])
    return min(anchors), min(commands)


def workbook_cells(path: Path) -> list[tuple[str, list[tuple]]]:
    """Every non-blank cell of a workbook, per sheet in row order: (row, col, kind, value, cached,
    number format); kind f (formula), s (text), b (boolean) or n (number; dates as serials)."""
    import openpyxl

    formulas, values = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
    epoch = dt.datetime(1899, 12, 30)

    def plain(value: object) -> object:
        if isinstance(value, dt.datetime):
            return (value - epoch).total_seconds() / 86400
        return value if isinstance(value, (str, bool, int, float)) else None

    sheets = []
    for ws in formulas.worksheets:
        cached_ws, cells = values[ws.title], []
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                fmt = None if cell.number_format == "General" else cell.number_format
                r, c = cell.row - 1, cell.column - 1
                if isinstance(value, str) and value.startswith("="):
                    cells.append((r, c, "f", value, plain(cached_ws.cell(cell.row, cell.column).value), fmt))
                elif isinstance(value, str):
                    cells.append((r, c, "s", value, None, fmt))
                elif isinstance(value, bool):
                    cells.append((r, c, "b", value, None, fmt))
                else:
                    cells.append((r, c, "n", plain(value), None, fmt))
        sheets.append((ws.title, cells))
    return sheets


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "FAIL"


def start_ratio(runs: int, env: dict[str, str]) -> float:
    mktplan = mktplan_command()
    anchor, ours = best_pair([sys.executable, "-c", "import argparse"], [*mktplan, "--help"], runs, env, 0)
    _, package = best_pair([sys.executable, "-c", "import argparse"], [sys.executable, "-c", "import mktplan_xl"],
                           runs, env, 0)
    print(f"start: `mktplan --help` {ours * 1000:5.1f} ms, `import mktplan_xl` {package * 1000:5.1f} ms vs "
          f"`import argparse` {anchor * 1000:5.1f} ms (wall, best of {runs}): ratio {ours / anchor:4.2f} "
          f"(package {package / anchor:4.2f})  target <= {START_TARGET}  {verdict(ours / anchor, START_TARGET)}")
    return ours / anchor


def new_ratio(runs: int, env: dict[str, str], folder: Path) -> float:
    out = folder / "default.xlsx"
    command = [*mktplan_command(), "new", str(out), "--force"]
    run(command, env)
    sheets = workbook_cells(out)
    cells_file = folder / "cells.marshal"
    cells_file.write_bytes(marshal.dumps(sheets))
    count = sum(len(cells) for _, cells in sheets)
    formulas = sum(1 for _, cells in sheets for cell in cells if cell[2] == "f")
    anchor = [sys.executable, "-c", BARE_XLSXWRITER, str(cells_file), str(folder / "bare.xlsx")]
    bare, ours = best_pair(anchor, command, runs, env, 1)
    print(f"new:   `mktplan new` {ours:5.3f} s CPU vs bare XlsxWriter (constant_memory) {bare:5.3f} s for the "
          f"same {count:,} cells ({formulas:,} formulas, best of {runs}): ratio {ours / bare:4.2f}  "
          f"target <= {NEW_TARGET}  {verdict(ours / bare, NEW_TARGET)}")
    return ours / bare


def read_ratio(runs: int, env: dict[str, str], folder: Path, workbook: Optional[Path] = None) -> float:
    if workbook is None:
        import yaml

        from mktplan_xl import Plan
        from mktplan_xl.templates import example_spec

        workbook = Plan.from_dict(yaml.safe_load(example_spec("en"))).save(folder / "example.xlsx", force=True)
    anchor = [sys.executable, "-c", BARE_CALAMINE, str(workbook)]
    bare, ours = best_pair(anchor, [*mktplan_command(), "read", str(workbook)], runs, env, 1)
    print(f"read:  `mktplan read` {ours:5.3f} s CPU vs bare python-calamine (every sheet's values) {bare:5.3f} s "
          f"(best of {runs}): ratio {ours / bare:4.2f}  target <= {READ_TARGET}  {verdict(ours / bare, READ_TARGET)}")
    return ours / bare


def measured(what: Callable[[dict[str, str], Path], float], cold: bool) -> float:
    """``what(env, folder)`` in a temporary folder that holds the children's bytecode cache."""
    folder = Path(tempfile.mkdtemp(prefix="bench-start-"))
    try:
        return what(child_env(folder, cold), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cold", action="store_true", help="keep the caller's bytecode settings")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    print(f"bytecode cache: {'as the caller has it' if args.cold else 'on (a temporary PYTHONPYCACHEPREFIX)'}")
    ratios = [
        (measured(lambda env, folder: start_ratio(2 * args.runs, env), args.cold), START_TARGET),
        (measured(lambda env, folder: new_ratio(args.runs, env, folder), args.cold), NEW_TARGET),
        (measured(lambda env, folder: read_ratio(args.runs, env, folder), args.cold), READ_TARGET),
    ]
    missed = sum(ratio > target for ratio, target in ratios)
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
